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

/** A ResultsStore of the portfolio: every account's three roles, with goals reached by the achievers. */
function resultsStore(accounts, achievers) {
  const store = new ResultsStore();
  // Short role names read best on the scorecard's charts.
  store.defineModel({ roles: MODEL.roles.map((r) => (r.id === 'sdr' ? { ...r, name: 'SDR' } : r)) });
  const start = Date.parse(MONTHS[0].start);
  accounts.forEach((account, i) => {
    store.upsertAccount({ id: account.id, roles: MODEL.roles.map((r, k) => ({ role: r.id, maturity: 1 + ((i + k) % 3) })) });
    if (i % 5 === 4) return; // a fifth of the accounts have no measures in place yet
    const ref = { account: account.id, role: 'sdr', metric: 'meetings' };
    store.recordObservation({ ...ref, value: 8, method: 'selfReported', at: start });
    store.setGoal({ ...ref, target: 10, start, due: start + 90 * 86_400_000 });
    store.recordObservation({ ...ref, value: achievers[i] ? 11 : 7 + (i % 3), method: 'selfReported', at: start + 60 * 86_400_000 });
    const targeting = { account: account.id, role: 'marketer', metric: 'targeting' };
    store.recordObservation({ ...targeting, value: 2, method: 'scaleAssessed', at: start });
    store.setGoal({ ...targeting, target: 3, start, due: start + 90 * 86_400_000 });
    store.recordObservation({ ...targeting, value: achievers[i] ? 3 : 2, method: 'scaleAssessed', at: start + 80 * 86_400_000 });
    const revenue = { account: account.id, role: 'vp', metric: 'revenue' };
    store.recordObservation({ ...revenue, value: 20_000, method: 'integration', at: start });
    store.setGoal({ ...revenue, target: 24_000, start, due: start + 150 * 86_400_000 });
    store.recordObservation({ ...revenue, value: achievers[i] ? 26_000 : 19_000, method: 'integration', at: start + 120 * 86_400_000 });
  });
  return store;
}
