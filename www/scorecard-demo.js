// The scorecard page: company KPIs from the generated portfolio, customer
// results from a ResultsStore of the same accounts, NPS and its monthly
// trend, and the link between reaching goals and revenue.
import { CompanyData, init, nps, ResultsStore, surveyTrend } from '/dist/index.js';
import '/dist/widgets/index.js';
import { MODEL } from './model.js';
import { generatePortfolio, MONTHS } from './portfolio.js';

const $ = (id) => document.getElementById(id);
await init();

const { records, achieving, npsResponses } = generatePortfolio();
const data = CompanyData.fromRecords(records);
const store = resultsStore(records.accounts, achieving);
const trend = surveyTrend(npsResponses, { period: 'month' });

$('portfolio').textContent = `${records.accounts.length} accounts, 12 months of revenue, ${npsResponses.length} NPS answers.`;
MONTHS.forEach((m, i) => $('period').append(new Option(m.start.slice(0, 7), String(i))));
$('period').value = String(MONTHS.length - 1);
$('lang').value = document.documentElement.lang;
$('period').addEventListener('change', show);
$('lang').addEventListener('change', () => { document.documentElement.lang = $('lang').value; });
showLink();
show();

function show() {
  const period = Number($('period').value);
  const monthEnd = Date.parse(MONTHS[period].end) - 1;
  const inPeriod = (p) => npsResponses.filter((r) => r.timestamp < Date.parse(MONTHS[p].end) && r.timestamp >= Date.parse(MONTHS[p].start));
  const counts = (p) => {
    const answers = inPeriod(p);
    if (answers.length === 0) return undefined;
    const r = nps(answers.map((a) => a.score));
    return { promoters: r.promoters, passives: r.passives, detractors: r.detractors };
  };
  const card = $('card');
  card.scorecard = data.scorecard({
    period,
    results: store.kpis(monthEnd),
    surveys: { nps: counts(period) },
    ...(period > 0 && {
      previousResults: store.kpis(Date.parse(MONTHS[period - 1].end) - 1),
      previousSurveys: { nps: counts(period - 1) },
    }),
    targets: { nrr: 102, grr: 95, logoChurn: 2, ltvCac: 3, nps: 30, 'results.sdr.goalAchieved': 50 },
  });
  card.nps = nps(npsResponses.filter((r) => r.timestamp < Date.parse(MONTHS[period].end)).map((r) => r.score));
  card.trend = trend;
}

function showLink() {
  const link = data.resultsLink({ goalProgress: achieving.map((a) => (a ? 1.1 : 0.4)), goalsPerAccount: 1 });
  const pct = (m) => (m.value == null ? 'n/a' : `${m.value.toFixed(1)} %`);
  const spearman = link.correlations.find((c) => c.x === 'goalAchievement' && c.y === 'accountNrr');
  $('link').textContent =
    `Accounts whose roles reach their goals: NRR ${pct(link.achieving.nrr)}, retention ${pct(link.achieving.retention)} ` +
    `(${link.achieving.accounts} accounts); the others: NRR ${pct(link.notAchieving.nrr)}, retention ${pct(link.notAchieving.retention)} ` +
    `(${link.notAchieving.accounts}). Spearman correlation of goal achievement with account NRR: ` +
    `${spearman.spearman.value?.toFixed(2) ?? 'n/a'} (n = ${spearman.n}). ${link.caveat}`;
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
    store.recordObservation({ ...revenue, value: achievers[i] ? 26_000 : 19_000, method: 'integration', at: start + 120 * 86_400_000 });
  });
  return store;
}
