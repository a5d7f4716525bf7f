// A generated portfolio for the scorecard page: Beacon's customers and free
// trials over 12 months (seat-priced plans, annual and monthly contracts,
// support cases, usage), whether each account's roles reach their goals, and
// the NPS, CSAT and CES answers its users give. Deterministic (seeded), so
// every visitor sees the same numbers.
//
// The rates are those of a healthy B2B SaaS business: about a quarter of
// the trials convert (most of them after activating), monthly logo churn
// near 1 %, NRR a little above 100 %, NPS around 30, CSAT around 80 %.
// Accounts whose roles reach their goals ("achievers") churn less, expand
// more and answer surveys more warmly, so the link between customer results
// and revenue has something to find.

export const MONTHS = Array.from({ length: 12 }, (_, i) => {
  const start = new Date(Date.UTC(2026, i, 1));
  const end = new Date(Date.UTC(2026, i + 1, 1));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
});

const DAY = 86_400_000;
const DATA_END = Date.parse(MONTHS[MONTHS.length - 1].end);

/** Seat-priced plans: MRR = base + seats x seat price. */
const PLANS = [
  { name: 'starter', base: 49, seat: 15, seats: [2, 5] },
  { name: 'pro', base: 149, seat: 25, seats: [5, 15] },
  { name: 'enterprise', base: 499, seat: 35, seats: [20, 60] },
];
const PLAN_MIX = [0.45, 0.4, 0.15];
const ROLES = ['marketer', 'sdr', 'vp'];

/** Per-month (or per-event) chances, for achievers and the others. */
const RATES = {
  achiever: 0.45, // share of accounts whose roles reach their goals
  customerShare: 0.43, // accounts already paying when the year starts; the rest are trials
  annual: 0.35, // contracts renewed yearly (churn only at renewal)
  monthlyChurn: { yes: 0.005, no: 0.02 },
  renewalChurn: { yes: 0.05, no: 0.25 },
  addSeats: { yes: 0.08, no: 0.03 },
  removeSeats: { yes: 0.01, no: 0.03 },
  upgrade: { yes: 0.015, no: 0.004 },
  activation: { yes: 0.7, no: 0.42 },
  convert: { activated: 0.42, notActivated: 0.07 },
  npsAnswer: 0.3, // chance that an account answers NPS in a month (about one user a quarter)
  csatAnswer: 0.35, // chance that a support case gets a CSAT answer
  cesAnswer: 0.2, // chance that a support case gets a CES answer
};

/** Monthly chances that a paying account refers, reviews, gives a testimonial or takes part in a case study. */
const ADVOCACY = {
  yes: { referrals: 0.04, reviews: 0.03, testimonials: 0.012, caseStudies: 0.004 },
  no: { referrals: 0.01, reviews: 0.012, testimonials: 0.002, caseStudies: 0 },
};
const BELOW_EBITDA = { depreciationAmortization: 1_200, interest: 350 };

/** Answer distributions (score -> weight) by whether the account achieves its goals. */
const NPS_GROUPS = { yes: [0.62, 0.29, 0.09], no: [0.38, 0.37, 0.25] }; // promoter, passive, detractor
const DETRACTOR_SCORES = [3, 2, 4, 7, 10, 30, 44]; // 0..6: most detractors give 5 or 6
const CSAT_SCORES = { yes: [2, 3, 10, 30, 55], no: [5, 8, 15, 32, 40] }; // 1..5
const CES_SCORES = { yes: [1, 2, 4, 8, 20, 35, 30], no: [3, 5, 8, 14, 25, 27, 18] }; // 1..7

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

/** Draws from a seeded stream: uniform, integers, weighted choices, Poisson counts. */
function sampler(seed) {
  const random = prng(seed);
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const weighted = (weights) => {
    let r = random() * weights.reduce((s, w) => s + w, 0);
    return weights.findIndex((w) => (r -= w) < 0);
  };
  const poisson = (mean) => {
    let k = 0;
    for (let p = random(); p > Math.exp(-mean); p *= random()) k++;
    return k;
  };
  return { random, int, weighted, poisson, chance: (p) => random() < p };
}

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const monthOf = (ms) => MONTHS.findIndex((m) => ms < Date.parse(m.end));
const mrrOf = (plan, seats) => PLANS[plan].base + seats * PLANS[plan].seat;

/**
 * `{ records, achieving, npsResponses, csatResponses, cesResponses }`:
 * CompanyData records of `count` accounts (customers and trials), whether
 * each account's roles reach their goals (in account order), and the survey
 * answers with timestamps.
 *
 * @example
 * const { records } = generatePortfolio();
 * CompanyData.fromRecords(records).metrics()[11].funnel.trialConversion; // about 25 %
 */
export function generatePortfolio(count = 300, seed = 2031) {
  const s = sampler(seed);
  const accounts = [];
  const achieving = [];
  const answers = { nps: [], csat: [], ces: [] };
  for (let i = 0; i < count; i++) {
    const achiever = s.chance(RATES.achiever);
    const account = s.chance(RATES.customerShare) ? customer(s, i, achiever) : trial(s, i, achiever);
    accounts.push(account);
    achieving.push(achiever);
    surveyAnswers(s, account, achiever, answers);
  }
  return {
    records: { periods: MONTHS, accounts, finance: finance(s, accounts) },
    achieving,
    npsResponses: answers.nps,
    csatResponses: answers.csat,
    cesResponses: answers.ces,
  };
}

/** An account paying since before the year: signed up in 2023-2025. */
function customer(s, i, achiever) {
  const plan = s.weighted(PLAN_MIX);
  const seats = s.int(...PLANS[plan].seats);
  const signup = Date.UTC(2023, 0, 1) + s.int(0, 3 * 365 - 1) * DAY;
  return {
    ...paying(s, i, achiever, { plan, seats, from: -1, renewalMonth: new Date(signup).getUTCMonth() }),
    signupDate: iso(signup),
  };
}

/**
 * A free trial started during the year: it may activate (first value, then
 * the activation milestone) and convert after its 14 days; a conversion
 * after the data's last day is not known yet.
 */
function trial(s, i, achiever) {
  const start = Date.parse(MONTHS[0].start) + s.int(0, 364) * DAY;
  const activated = s.chance(RATES.activation[achiever ? 'yes' : 'no']);
  const firstValue = activated || s.chance(0.5) ? start + Math.min(s.poisson(2), 30) * DAY : undefined;
  const activation = activated ? Math.max(firstValue, start + s.int(2, 12) * DAY) : undefined;
  const convertsAt = start + (s.chance(0.3) ? s.int(5, 13) : s.int(14, 17)) * DAY;
  const converts = s.chance(RATES.convert[activated ? 'activated' : 'notActivated']) && convertsAt < DATA_END;
  const plan = s.weighted([0.6, 0.33, 0.07]);
  const dates = {
    signupDate: iso(start),
    trialStartDate: iso(start),
    ...(firstValue !== undefined && { firstValueDate: iso(firstValue) }),
    ...(activation !== undefined && { activationDate: iso(activation) }),
    ...(converts && { convertedDate: iso(convertsAt) }),
  };
  const from = converts ? monthOf(convertsAt) : MONTHS.length;
  const seats = s.int(...PLANS[plan].seats);
  return { ...paying(s, i, achiever, { plan, seats, from, renewalMonth: from }), ...dates };
}

/**
 * The monthly record of an account that pays from month `from` (-1: before
 * the year; 12: never): seats added and removed, upgrades, churn (monthly
 * contracts any month, annual ones at renewal), support cases and usage.
 */
function paying(s, i, achiever, { plan, seats, from, renewalMonth }) {
  const who = achiever ? 'yes' : 'no';
  const annual = s.chance(RATES.annual);
  const record = { id: `acct-${String(i).padStart(3, '0')}`, openingMrr: from < 0 ? mrrOf(plan, seats) : 0 };
  const rows = { mrr: [], plans: [], seats: [], renewalDue: [], support: [], usage: [], advocacy: [] };
  // Advocacy draws from a stream of its own, so that it leaves the revenue draws as they are.
  const a = sampler(7_000 + i);
  let churned = false;
  for (let m = 0; m < MONTHS.length; m++) {
    const renewal = annual && m % 12 === renewalMonth % 12 && m !== from;
    if (m > from && !churned) {
      if (s.chance(annual ? (renewal ? RATES.renewalChurn[who] : 0) : RATES.monthlyChurn[who])) churned = true;
      else if (plan < 2 && s.chance(RATES.upgrade[who])) {
        plan++;
        seats = Math.max(seats, PLANS[plan].seats[0]);
      } else if (s.chance(RATES.addSeats[who])) seats += s.int(1, Math.ceil(seats / 5));
      else if (seats > 1 && s.chance(RATES.removeSeats[who])) seats -= s.int(1, Math.ceil(seats / 8));
    }
    const paid = m >= from && !churned;
    rows.mrr.push(paid ? mrrOf(plan, seats) : 0);
    rows.plans.push(PLANS[plan].name);
    rows.seats.push(paid ? seats : 0);
    rows.renewalDue.push(renewal && m > from);
    rows.support.push(paid ? support(s, seats, achiever) : { cases: 0, resolvedFirstContact: 0 });
    rows.usage.push(paid ? usage(s, seats, achiever, m) : { dau: 0, wau: 0, mau: 0, activeDays: 0, sessions: 0, sessionMinutes: 0 });
    rows.advocacy.push(advocacy(a, paid ? ADVOCACY[who] : null));
  }
  return { ...record, ...rows };
}

/** A month of advocacy: how many times the account did each (nothing while it does not pay). */
function advocacy(s, chances) {
  const month = { referrals: 0, reviews: 0, testimonials: 0, caseStudies: 0 };
  if (chances) for (const kind of Object.keys(month)) month[kind] = s.chance(chances[kind]) ? 1 : 0;
  return month;
}

/** Support cases of a month (more seats, more cases; fewer for achievers); about 72 % solved at first contact. */
function support(s, seats, achiever) {
  const cases = s.poisson(0.25 * Math.sqrt(seats) * (achiever ? 0.8 : 1.3));
  let resolvedFirstContact = 0;
  for (let k = 0; k < cases; k++) resolvedFirstContact += s.chance(0.72) ? 1 : 0;
  return { cases, resolvedFirstContact };
}

/** A month `m` of usage: most seats active monthly, fewer weekly and daily (DAU/MAU about 15-30 %). */
function usage(s, seats, achiever, m) {
  const mau = Math.max(1, Math.round(seats * (achiever ? 0.85 : 0.65) + s.random() - 0.5));
  const wau = Math.max(1, Math.round(mau * (achiever ? 0.7 : 0.5) * (0.9 + 0.2 * s.random())));
  const dau = Math.max(1, Math.round(wau * (achiever ? 0.42 : 0.3) * (0.9 + 0.2 * s.random())));
  const sessions = Math.round(dau * 20 + (wau - dau) * 4 + (mau - wau) * 1.5);
  // Days with at least one user active: most days once a few seats use it daily.
  const days = (Date.parse(MONTHS[m].end) - Date.parse(MONTHS[m].start)) / DAY;
  const activeDays = Math.min(days, Math.round(days * Math.min(1, 0.35 + (2 * dau) / mau)));
  return {
    dau, wau, mau, activeDays, sessions,
    sessionMinutes: Math.round(sessions * (12 + 10 * s.random())),
    featureUsers: { 'visitor-feed': Math.round(mau * 0.9), 'crm-sync': Math.round(mau * (achiever ? 0.6 : 0.3)) },
  };
}

/**
 * The account's survey answers while it pays: NPS about once a quarter per
 * account, CSAT and CES after some support cases. Each answer comes from one
 * of the account's users in one of the model's roles.
 */
function surveyAnswers(s, account, achiever, answers) {
  const who = achiever ? 'yes' : 'no';
  const respondent = (m) => ({
    userId: `${account.id}-u${s.int(1, Math.max(1, account.seats[m]))}`,
    accountId: account.id,
    role: ROLES[s.int(0, ROLES.length - 1)],
  });
  const at = (m) => Date.parse(MONTHS[m].start) + s.int(0, 27) * DAY + s.int(8 * 60, 18 * 60) * 60_000;
  const segments = (m) => ({ plan: account.plans[m] });
  account.mrr.forEach((mrr, m) => {
    if (mrr === 0) return;
    if (s.chance(RATES.npsAnswer)) {
      const group = s.weighted(NPS_GROUPS[who]);
      const score = group === 0 ? s.int(9, 10) : group === 1 ? s.int(7, 8) : s.weighted(DETRACTOR_SCORES);
      answers.nps.push({ kind: 'nps', score, timestamp: at(m), respondent: respondent(m), segments: segments(m) });
    }
    for (let k = 0; k < account.support[m].cases; k++) {
      if (s.chance(RATES.csatAnswer)) {
        const score = 1 + s.weighted(CSAT_SCORES[who]);
        answers.csat.push({ kind: 'csat', score, scale: 5, timestamp: at(m), respondent: respondent(m), segments: segments(m) });
      }
      if (s.chance(RATES.cesAnswer)) {
        const score = 1 + s.weighted(CES_SCORES[who]);
        answers.ces.push({ kind: 'ces', score, scale: 7, timestamp: at(m), respondent: respondent(m), segments: segments(m) });
      }
    }
  });
}

/**
 * The company's months: revenue from the accounts, about 78 % gross margin,
 * sales and marketing spend (campaigns plus a commission per new customer:
 * a CAC of several thousand), a customer success team, payroll of a small
 * team, and the cash that pays for the burn.
 */
function finance(s, accounts) {
  let cash = 700_000;
  return MONTHS.map((_, m) => {
    const revenue = accounts.reduce((sum, a) => sum + a.mrr[m], 0);
    const won = accounts.filter((a) => a.mrr[m] > 0 && (m === 0 ? a.openingMrr : a.mrr[m - 1]) === 0).length;
    const acquisitionCost = 16_000 + s.int(0, 4_000) + 2_500 * won;
    const retentionCost = 6_000 + s.int(0, 1_500);
    const fte = 8 + Math.floor(m / 6);
    const grossProfit = Math.round(revenue * (0.77 + 0.02 * s.random()));
    // Below EBITDA: the depreciation of equipment and the interest on a small loan (no tax while losing money).
    const netIncome = grossProfit - acquisitionCost - retentionCost - fte * 4_500 - BELOW_EBITDA.depreciationAmortization - BELOW_EBITDA.interest;
    cash += netIncome;
    return { acquisitionCost, retentionCost, revenue, grossProfit, netIncome, ...BELOW_EBITDA, taxes: 0, fte, cash, netBurn: Math.max(0, -netIncome) };
  });
}
