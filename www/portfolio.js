// A generated portfolio for the scorecard page: Beacon's customers over 12
// months (revenue, trials, support cases, usage), their roles' goals, and NPS
// answers. Deterministic (seeded), so every visitor sees the same numbers.
// Accounts whose roles reach their goals churn less and expand more, so the
// link between customer results and revenue has something to find.

export const MONTHS = Array.from({ length: 12 }, (_, i) => {
  const start = new Date(Date.UTC(2026, i, 1));
  const end = new Date(Date.UTC(2026, i + 1, 1));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
});

const PLANS = [
  { name: 'starter', mrr: 99 },
  { name: 'pro', mrr: 299 },
  { name: 'enterprise', mrr: 999 },
];

/** mulberry32: a small seeded PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (iso, days) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * `{ records, achieving, npsResponses }`: CompanyData records, whether each
 * account's roles reach their goals, and NPS responses with timestamps.
 */
export function generatePortfolio(count = 300) {
  const random = prng(2026);
  const accounts = [];
  const achieving = [];
  const npsResponses = [];
  for (let i = 0; i < count; i++) {
    const achiever = random() < 0.45;
    const signupMonth = random() < 0.7 ? -1 : Math.floor(random() * 12); // -1: a customer before the year
    let plan = Math.floor(random() * 3);
    let mrr = signupMonth < 0 ? PLANS[plan].mrr : 0;
    const openingMrr = mrr;
    const mrrByMonth = [];
    const plans = [];
    let churned = false;
    for (let m = 0; m < 12; m++) {
      if (m === signupMonth) mrr = PLANS[plan].mrr;
      else if (mrr > 0 && !churned) {
        const r = random();
        if (r < (achiever ? 0.006 : 0.035)) {
          churned = true;
          mrr = 0;
        } else if (r < (achiever ? 0.07 : 0.05) && plan < 2) {
          plan++;
          mrr = PLANS[plan].mrr;
        } else if (r < (achiever ? 0.075 : 0.07) && plan > 0) {
          plan--;
          mrr = PLANS[plan].mrr;
        }
      }
      mrrByMonth.push(mrr);
      plans.push(PLANS[plan].name);
    }
    const support = mrrByMonth.map((m) => {
      const cases = m > 0 ? Math.floor(random() * 3) : 0;
      return { cases, resolvedFirstContact: Math.min(cases, Math.round(cases * (0.6 + random() * 0.3))) };
    });
    const usage = mrrByMonth.map((m) => {
      if (m === 0) return { dau: 0, wau: 0, mau: 0, sessions: 0, sessionMinutes: 0 };
      const mau = 3 + Math.floor(random() * (plan + 1) * 8);
      const wau = Math.max(1, Math.round(mau * (achiever ? 0.75 : 0.55)));
      const dau = Math.max(1, Math.round(wau * (achiever ? 0.4 : 0.25)));
      return { dau, wau, mau, sessions: mau * 12, sessionMinutes: mau * 12 * 9 };
    });
    const signup = signupMonth < 0 ? '2025-06-01' : day(MONTHS[signupMonth].start, Math.floor(random() * 25));
    const trial = signupMonth >= 0;
    accounts.push({
      id: `acct-${String(i).padStart(3, '0')}`,
      openingMrr,
      mrr: mrrByMonth,
      plans,
      support,
      usage,
      signupDate: signup,
      ...(trial && { trialStartDate: signup, convertedDate: day(signup, 14), firstValueDate: day(signup, 2 + Math.floor(random() * 20)) }),
    });
    achieving.push(achiever);
    const answers = 1 + Math.floor(random() * 3);
    for (let k = 0; k < answers; k++) {
      const month = Math.floor(random() * 12);
      const base = achiever ? 7 : 5;
      npsResponses.push({
        kind: 'nps',
        score: Math.min(10, base + Math.floor(random() * 5)),
        timestamp: Date.parse(MONTHS[month].start) + Math.floor(random() * 27) * 86_400_000,
        respondent: { userId: `user-${i}-${k}`, accountId: `acct-${i}` },
        segments: { plan: PLANS[plan].name },
      });
    }
  }
  const finance = MONTHS.map((_, m) => {
    const revenue = accounts.reduce((sum, a) => sum + a.mrr[m], 0);
    return {
      acquisitionCost: 9000 + Math.floor(random() * 3000),
      retentionCost: 4000,
      revenue,
      grossProfit: Math.round(revenue * 0.8),
      netIncome: Math.round(revenue * 0.8 - 60_000),
      fte: 12 + Math.floor(m / 4),
      cash: 600_000 - m * 15_000,
    };
  });
  return { records: { periods: MONTHS, accounts, finance }, achieving, npsResponses };
}
