// The scorecard page: company KPIs from the generated portfolio, customer
// results from a ResultsStore of the same accounts, NPS and its monthly
// trend, and the link between reaching goals and revenue.
import { ces, CompanyData, csat, healthScores, init, nps, ResultsStore, surveyTrend } from '/dist/index.js';
import '/dist/widgets/index.js';
import { demoText, useLanguage } from './demo-lang.js';
import { MODEL, ROLES } from './model.js';
import { registerModelTexts } from './model-text.js';
import { generatePortfolio, MONTHS } from './portfolio.js';

const $ = (id) => document.getElementById(id);
/** How the demo scores account health: usage stickiness (DAU/MAU, %), sessions per seat, support cases per seat. */
const HEALTH_INPUTS = [
  { key: 'stickiness', weight: 2, min: 2, max: 30 },
  { key: 'sessionsPerSeat', weight: 1, min: 1, max: 13 },
  { key: 'casesPerSeat', weight: 1, min: 0, max: 0.35, higherIsBetter: false },
];

/**
 * One goal per role a quarter, for each role: its metric, how it is collected, the value it
 * starts from at an account, the goal's step, and its last scale point (if scale-assessed).
 */
const ROLE_GOALS = [
  { role: 'sdr', metric: 'meetings', method: 'selfReported', from: (i) => 6 + (i % 5), step: 2 },
  { role: 'marketer', metric: 'targeting', method: 'scaleAssessed', from: (i) => 1 + (i % 3), step: 1, top: 5 },
  { role: 'vp', metric: 'revenue', method: 'integration', from: (i) => 18_000 + 1_000 * (i % 7), step: 4_000 },
];

await init();

const { records, achieving, npsResponses, csatResponses, cesResponses } = generatePortfolio();
const data = CompanyData.fromRecords(records);
const store = resultsStore(records.accounts, achieving);
const trend = surveyTrend(npsResponses, { period: 'month' });

registerModelTexts(ROLES);
MONTHS.forEach((_, i) => $('period').append(new Option('', String(i))));
// The last month of the generated year: the portfolio is a fixed calendar year (2026), not one that
// ends today, so its last month is complete whatever the date (and the page reads the same every day).
$('period').value = String(MONTHS.length - 1);
$('period').addEventListener('change', show);
// Every month's scorecard: the sparklines draw each line over the months up to the one shown.
const scorecards = MONTHS.map((_, period) => scorecardOf(period));
const link = data.resultsLink({ goalProgress: achieving.map((a) => (a ? 1.1 : 0.4)), goalsPerAccount: 1 });
useLanguage($('lang'), (lang) => {
  const month = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  for (const option of $('period').options) option.textContent = month.format(Date.parse(MONTHS[option.value].start));
  $('lead').textContent = demoText('scorecard.lead', { accounts: records.accounts.length, answers: npsResponses.length });
  showLink(lang);
});
show();

function show() {
  const period = Number($('period').value);
  const card = $('card');
  card.periods = MONTHS;
  card.history = scorecards;
  card.scorecard = scorecards[period];
  // The distribution of the month shown, the same answers as the scorecard's NPS line.
  const answers = answersIn(period);
  card.nps = answers.length ? nps(answers.map((r) => r.score)) : null;
  card.trend = trend;
}

function answersIn(p, responses = npsResponses) {
  return responses.filter((r) => r.timestamp < Date.parse(MONTHS[p].end) && r.timestamp >= Date.parse(MONTHS[p].start));
}

/** The health scores of the accounts paying in month `p`. */
function healthIn(p) {
  const accounts = records.accounts.filter((a) => a.mrr[p] > 0).map((a) => {
    const { dau, mau, sessions } = a.usage[p];
    return { id: a.id, values: { stickiness: mau ? (100 * dau) / mau : 0, sessionsPerSeat: sessions / a.seats[p], casesPerSeat: a.support[p].cases / a.seats[p] } };
  });
  return healthScores({ inputs: HEALTH_INPUTS, accounts });
}

/** The scorecard's survey input of month `p`: NPS counts, CSAT satisfied of answered, the CES result; a survey without answers is left out. */
function surveysIn(p) {
  const scores = (responses) => answersIn(p, responses).map((a) => a.score);
  const [n, s, e] = [scores(npsResponses), scores(csatResponses), scores(cesResponses)];
  const npsResult = n.length ? nps(n) : undefined;
  const csatResult = s.length ? csat(s) : undefined;
  return {
    nps: npsResult && { promoters: npsResult.promoters, passives: npsResult.passives, detractors: npsResult.detractors },
    csat: csatResult && { satisfied: csatResult.satisfied, responses: csatResult.n },
    ces: e.length ? ces(e) : undefined,
  };
}

function scorecardOf(period) {
  const monthEnd = Date.parse(MONTHS[period].end) - 1;
  return data.scorecard({
    period,
    results: store.kpis(monthEnd),
    surveys: surveysIn(period),
    health: healthIn(period),
    ...(period > 0 && {
      previousResults: store.kpis(Date.parse(MONTHS[period - 1].end) - 1),
      previousSurveys: surveysIn(period - 1),
      previousHealth: healthIn(period - 1),
    }),
    targets: { nrr: 102, grr: 95, logoChurn: 2, ltvCac: 3, nps: 30, 'results.sdr.goalAchieved': 50 },
  });
}

/** The link between reaching goals and revenue, in words, in `lang`. */
function showLink(lang) {
  const pct = (m) => (m.value == null ? demoText('na') : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(m.value / 100));
  const spearman = link.correlations.find((c) => c.x === 'goalAchievement' && c.y === 'accountNrr');
  const rho = spearman.spearman.value;
  // The link is of the whole window (every month by default), not of the month shown: say which.
  const months = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const window = months.formatRange(Date.parse(MONTHS[link.from ?? 0].start), Date.parse(MONTHS[link.to ?? MONTHS.length - 1].start));
  $('link-window').textContent = demoText('scorecard.window', { window });
  $('link').textContent = `${demoText('scorecard.link', {
    nrrA: pct(link.achieving.nrr), retA: pct(link.achieving.retention), accountsA: link.achieving.accounts,
    nrrB: pct(link.notAchieving.nrr), retB: pct(link.notAchieving.retention), accountsB: link.notAchieving.accounts,
    rho: rho == null ? demoText('na') : new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(rho), n: spearman.n,
  })} ${demoText('scorecard.caveat', { caveat: link.caveat })}`;
}

/**
 * A ResultsStore of the portfolio: every account's three roles. Accounts put measures in place
 * over the year (a few never do), each role at its own month; from then on a role sets a goal a
 * quarter and reports twice before it is due. The achievers of the portfolio reach most of their
 * goals, the others some: customer results move from month to month, and differ by role.
 */
function resultsStore(accounts, achievers) {
  const DAY = 86_400_000;
  const store = new ResultsStore();
  // Short role names read best on the scorecard's charts.
  store.defineModel({ roles: MODEL.roles.map((r) => (r.id === 'sdr' ? { ...r, name: 'SDR' } : r)) });
  const monthStart = (m) => Date.parse(MONTHS[m].start);
  const yearEnd = Date.parse(MONTHS[MONTHS.length - 1].end);
  accounts.forEach((account, i) => {
    store.upsertAccount({ id: account.id, roles: MODEL.roles.map((r, k) => ({ role: r.id, maturity: 1 + ((i + k) % 3) })) });
    if (i % 7 === 6) return; // some accounts have no measures in place all year
    ROLE_GOALS.forEach(({ role, metric, method, from, step, top = Infinity }, k) => {
      const ref = { account: account.id, role, metric };
      let value = from(i);
      // The month this role starts measuring: spread over the first nine months.
      for (let start = monthStart((i * 5 + k * 3) % 9) + (i % 20) * DAY, q = 0; start < yearEnd; start += 91 * DAY, q++) {
        if (value >= top) break; // nothing higher to aim for on the scale
        store.review(start);
        store.recordObservation({ ...ref, value, method, at: start });
        const target = Math.min(top, value + step);
        store.setGoal({ ...ref, target, start, due: start + 75 * DAY });
        // Achievers reach most goals; the others one in three; some slip back a little.
        const reached = achievers[i] ? (i + q + k) % 5 !== 0 : (i + 2 * q + k) % 3 === 0;
        const halfway = method === 'scaleAssessed' ? value : value + step / 2;
        const end = reached ? target : (i + q) % 4 === 0 ? Math.max(1, value - step / 2) : halfway;
        store.recordObservation({ ...ref, value: method === 'scaleAssessed' ? Math.round(halfway) : halfway, method, at: start + 30 * DAY });
        store.recordObservation({ ...ref, value: method === 'scaleAssessed' ? Math.round(end) : end, method, at: start + 60 * DAY });
        value = method === 'scaleAssessed' ? Math.round(end) : end;
      }
    });
  });
  return store;
}
