// The company API of the built package, as a user imports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompanyData, ResultsStore, advocateCandidates, ces, customerLifetimeValue, healthScores, init, nps } from 'clg-metrics';

await init();

const periods = [
  { start: '2026-01-01', end: '2026-02-01' },
  { start: '2026-02-01', end: '2026-03-01' },
];

test('records: NRR, GRR and not-available values', () => {
  const data = CompanyData.fromRecords({
    periods,
    accounts: [
      { id: 'acme', openingMrr: 1000, mrr: [1200, 1100] },
      { id: 'globex', openingMrr: 500, mrr: [0, 0] },
    ],
  });
  try {
    assert.ok(data instanceof CompanyData);
    const [january, february] = data.metrics();
    assert.deepEqual(january.revenue.nrr, { value: 80, reason: null });
    assert.equal(january.revenue.upsellMrr, 0);
    assert.equal(january.revenue.crossSellMrr, 200); // derived: no plan or seat change
    assert.equal(february.revenue.logoChurn.value, 0);
    assert.deepEqual(february.finance.cac, { value: null, reason: 'NOT_GIVEN' });
    assert.equal(february.revenue.arr, 13_200);
  } finally {
    data.free();
  }
});

test('seed examples: CLV $1,000, trial conversion 30 %, CSAT 80 %, CRR 90 %', () => {
  assert.deepEqual(customerLifetimeValue({ form: 'purchase', averagePurchaseValue: 50, purchaseFrequency: 4, lifespanYears: 5 }), { value: 1000, reason: null });

  const trials = Array.from({ length: 100 }, (_, i) => ({
    id: `t${i}`,
    trialStartDate: '2026-01-10',
    ...(i < 30 ? { convertedDate: '2026-01-24' } : {}),
    mrr: [0, 0],
  }));
  const funnel = CompanyData.fromRecords({ periods, accounts: trials });
  assert.equal(funnel.metrics()[0].funnel.trialConversion.value, 30);
  funnel.free();

  // S = 100, 10 lost, N = 15 new, E = 105: CRR = (105 - 15) / 100 = 90 %.
  const mrr = [];
  for (let i = 0; i < 100; i++) mrr.push(100, i < 10 ? 0 : 100);
  for (let i = 0; i < 15; i++) mrr.push(0, 50);
  const data = CompanyData.fromSnapshots(new Float64Array(mrr), 2);
  const card = data.scorecard({ surveys: { csat: { satisfied: 80, responses: 100 } } });
  const line = (key) => card.company.find((l) => l.key === key);
  assert.equal(line('crr').value.value, 90);
  assert.equal(line('csat').value.value, 80);
  assert.equal(line('csat').withinBenchmark, true);
  assert.deepEqual(line('logoChurn').benchmark, { low: null, high: 3 });
  assert.equal(line('logoChurn').withinBenchmark, false); // 10 % > 3 %
  // "Within" is inside the range (README): past it in the good direction is false too.
  const high = data.scorecard({ surveys: { csat: { satisfied: 97, responses: 100 } } }).company.find((l) => l.key === 'csat');
  assert.deepEqual([high.value.value, high.benchmark, high.withinBenchmark], [97, { low: 75, high: 85 }, false]);
  data.free();
});

test('scorecard: targets, status, change and customer results', () => {
  const data = CompanyData.fromSnapshots([100, 100, 110, 100, 100, 100], 3);
  const role = (goalAchieved) => ({ role: 'SDR', measuresInPlace: 80, measurableGain: 60, goalAchieved });
  const card = data.scorecard({ targets: { nrr: 104, 'results.SDR.goalAchieved': 50 }, results: [role(45)], previousResults: [role(40)] });
  const nrr = card.company.find((l) => l.key === 'nrr');
  assert.equal(nrr.value.value, 105);
  assert.equal(nrr.change.value, 5);
  assert.equal(nrr.status, 'onTrack');
  assert.equal(nrr.cadence, 'strategic');
  const goal = card.customerResults.find((l) => l.key === 'results.SDR.goalAchieved');
  assert.equal(goal.status, 'offTrack');
  assert.equal(goal.change.value, 5);
  assert.match(card.caveat, /never alone/);
  data.free();
});

test('results link: groups and correlations with n', () => {
  const data = CompanyData.fromSnapshots([100, 150, 100, 90, 100, 0, 100, 100], 2);
  const link = data.resultsLink({ goalProgress: [1.2, 1.5, 0.1, null], goalsPerAccount: 1, surveyScores: new Float64Array([9, 7, 2, NaN]) });
  assert.equal(link.achieving.accounts, 2);
  assert.equal(link.achieving.nrr.value, 120);
  assert.equal(link.withoutGoals, 1);
  assert.equal(link.correlations.length, 4);
  assert.equal(link.correlations[0].n, 3);
  // Its p-value: t = r √(1 / (1 - r²)) on Student's t with 1 df, the Cauchy distribution.
  for (const c of link.correlations.filter((c) => c.n === 3 && c.pearson.value !== null)) {
    const r = c.pearson.value;
    const t = Math.abs(r) * Math.sqrt(1 / (1 - r * r));
    assert.ok(Math.abs(c.pearsonP.value - (1 - (2 * Math.atan(t)) / Math.PI)) < 1e-9, JSON.stringify(c));
  }
  assert.equal(link.leadingIndicators, true);
  data.free();
});

test('health scores and advocate candidates', () => {
  const [acme] = healthScores({
    inputs: [
      { key: 'activeDays', weight: 2, min: 0, max: 20 },
      { key: 'openCases', weight: 1, min: 0, max: 10, higherIsBetter: false },
    ],
    accounts: [{ id: 'acme', values: { activeDays: 15, openCases: 2 } }],
  });
  assert.equal(acme.band, 'healthy');
  assert.ok(Math.abs(acme.score.value - 76.6666666667) < 1e-9);
  assert.ok(Math.abs(acme.contributions.reduce((s, c) => s + c.points, 0) - acme.score.value) < 1e-9);

  const ranked = advocateCandidates([{ id: 'a', nps: 10, events: 3 }, { id: 'b', nps: 3, events: 0 }, { id: 'c' }]);
  assert.deepEqual(ranked.map((c) => c.id), ['a', 'b']);
  assert.equal(ranked[0].rank, 1);
});

test('bad input throws typed errors naming the field', () => {
  const throws = (fn, name, code, field) =>
    assert.throws(fn, (e) => e instanceof Error && e.name === name && e.code === code && e.field === field);
  throws(() => CompanyData.fromRecords({ periods, accounts: [{ id: 'a', mrr: [1] }] }), 'Error', 'LENGTH_MISMATCH', 'accounts[0].mrr');
  throws(() => CompanyData.fromRecords({ periods, accounts: [{ id: 'a', mrr: [1, 'x'] }] }), 'TypeError', 'WRONG_TYPE', 'accounts[0].mrr[1]');
  throws(() => CompanyData.fromSnapshots(new Float64Array([1, NaN]), 2), 'RangeError', 'NOT_FINITE', 'mrr[1]');
  const data = CompanyData.fromSnapshots([1, 2], 2);
  throws(() => data.scorecard({ targets: { nope: 1 } }), 'Error', 'UNKNOWN_OPTION', 'options.targets.nope');
  throws(() => data.resultsLink({ goalProgress: [1, 2], goalsPerAccount: 1 }), 'Error', 'LENGTH_MISMATCH', 'results.goalProgress');
  // The options' paths start at the argument, whichever check fails.
  throws(() => data.scorecard({ period: 5 }), 'RangeError', 'VALUE_OUT_OF_RANGE', 'options.period');
  throws(() => data.scorecard({ period: 'x' }), 'TypeError', 'WRONG_TYPE', 'options.period');
  throws(() => data.scorecard({ targets: { nrr: '5' } }), 'TypeError', 'WRONG_TYPE', 'options.targets.nrr');
  // A negative count is NEGATIVE_VALUE; a target of null is no target.
  throws(() => data.scorecard({ surveys: { nps: { promoters: -1, passives: 2, detractors: 2 } } }), 'RangeError', 'NEGATIVE_VALUE', 'options.surveys.nps.promoters');
  const nrr = (card) => card.company.find((line) => line.key === 'nrr');
  assert.deepEqual(nrr(data.scorecard({ targets: { nrr: null } })), nrr(data.scorecard()));
  data.free();
  // An input's fields are named from its root, as a model's or records' are.
  throws(() => healthScores({ inputs: 5 }), 'TypeError', 'WRONG_TYPE', 'inputs');
  throws(() => healthScores(5), 'TypeError', 'WRONG_TYPE', 'input');
  // A value of null is absent: the account is scored on the inputs it has.
  const inputs = [{ key: 'usage', weight: 1, min: 0, max: 10 }, { key: 'nps', weight: 1, min: 0, max: 10 }];
  assert.deepEqual(
    healthScores({ inputs, accounts: [{ id: 'a', values: { usage: 5, nps: null } }] }),
    healthScores({ inputs, accounts: [{ id: 'a', values: { usage: 5 } }] }),
  );
  throws(() => healthScores({ inputs: [{ key: 'a', weight: -1, min: 0, max: 1 }], accounts: [] }), 'RangeError', 'VALUE_OUT_OF_RANGE', 'inputs[0].weight');
  throws(() => advocateCandidates([{ id: 'a', csat: -5 }]), 'RangeError', 'NEGATIVE_VALUE', 'accounts[0].csat');
  // One account given twice would be scored, ranked and counted in the percentiles twice.
  throws(() => healthScores({ inputs, accounts: [{ id: 'a', values: {} }, { id: 'b', values: {} }, { id: 'a', values: {} }] }), 'Error', 'DUPLICATE_ID', 'accounts[2].id');
  throws(() => advocateCandidates([{ id: 'a', nps: 9 }, { id: 'a', nps: 2 }]), 'Error', 'DUPLICATE_ID', 'accounts[1].id');
  throws(() => customerLifetimeValue({ form: 'marginChurn', arpa: 1, grossMargin: 200, churnRate: 10 }), 'RangeError', 'VALUE_OUT_OF_RANGE', 'grossMargin');
});

const DAY = 86_400_000;

test('the scorecard takes ResultsStore.kpis() output as it is, this period and the last', () => {
  const store = new ResultsStore();
  store.defineModel({ roles: [{
    id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
    metrics: [{ id: 'meetings', name: 'Meetings', kind: 'value', unit: 'meetings', direction: 'higher', collection: { method: 'selfReported' } }],
  }] });
  const jan = Date.UTC(2026, 0, 1);
  const feb = Date.UTC(2026, 1, 1);
  const mar = Date.UTC(2026, 2, 1);
  for (const [id, reached] of [['a', true], ['b', false]]) {
    store.upsertAccount({ id, roles: [{ role: 'sdr', maturity: 1 }] });
    const ref = { account: id, role: 'sdr', metric: 'meetings' };
    store.recordObservation({ ...ref, value: 8, at: jan });
    store.setGoal({ ...ref, target: 10, start: jan });
    store.recordObservation({ ...ref, value: reached ? 10 : 7, at: feb + 5 * DAY }); // a reaches it in February
  }
  const kpis = store.kpis(mar - 1);
  // Per-role average gain %: a +25 %, b -12.5 % -> 6.25 %.
  assert.equal(kpis.roles[0].averageGainPercent, 6.25);
  const data = CompanyData.fromRecords({ periods, accounts: [{ id: 'a', openingMrr: 100, mrr: [100, 100] }] });
  const card = data.scorecard({ results: kpis, previousResults: store.kpis(feb - 1), targets: { 'results.sdr.goalAchieved': 40 } });
  const line = (suffix) => card.customerResults.find((l) => l.key === `results.sdr.${suffix}`);
  assert.deepEqual(line('goalAchieved').value, { value: 50, reason: null });
  assert.equal(line('goalAchieved').previous.value, 0); // nothing achieved by the end of January
  assert.equal(line('goalAchieved').change.value, 50);
  assert.equal(line('goalAchieved').status, 'onTrack');
  assert.equal(line('averageGain').value.value, 6.25);
  assert.equal(line('measuresInPlace').value.value, 100);
  assert.equal(line('goalAchieved').roleName, 'SDR');
  // A share with nothing to measure is not available, not 0.
  const empty = new ResultsStore();
  empty.defineModel({ roles: [{ id: 'vp', name: 'VP', maturity: [{ name: 'L', improvement: { type: 'absolute', amount: 1 } }],
    metrics: [{ id: 'rev', name: 'Revenue', kind: 'businessImpact', unit: 'EUR', direction: 'higher', collection: { method: 'integration' } }] }] });
  const none = data.scorecard({ results: empty.kpis(mar) });
  assert.deepEqual(none.customerResults.find((l) => l.key === 'results.vp.goalAchieved').value, { value: null, reason: 'NO_INSTANCES' });
  data.free();
  store.free();
  empty.free();
});

test('new seed metrics and scorecard lines: advocacy, expansion, repeat purchase, EBITDA, login consistency, CES, health, adoption', () => {
  const data = CompanyData.fromRecords({
    periods: [{ start: '2026-01-01', end: '2026-02-01' }],
    accounts: [
      { id: 'a', openingMrr: 100, mrr: [120], advocacy: [{ referrals: 2 }], usage: [{ dau: 1, wau: 2, mau: 4, activeDays: 31, featureUsers: { export: 1 } }] },
      { id: 'b', openingMrr: 100, mrr: [100], usage: [{ dau: 1, wau: 2, mau: 4, activeDays: 0 }] },
      { id: 'c', mrr: [50], movements: [{ new: 40, upsell: 10 }], advocacy: [{ caseStudies: 1 }] },
    ],
    finance: [{ revenue: 1000, netIncome: -250, interest: 20, taxes: 30, depreciationAmortization: 100 }],
  });
  const [m] = data.metrics();
  assert.equal(m.revenue.newLogos, 1);
  assert.equal(m.revenue.nrr.value, 110); // c's upsell in its first period is not expansion
  assert.equal(m.revenue.expansionRate.value, 10);
  assert.ok(Math.abs(m.revenue.repeatPurchaseRate.value - 200 / 3) < 1e-9);
  assert.deepEqual([m.advocacy.referrals.value, m.advocacy.caseStudies.value, m.advocacy.advocates.value], [2, 1, 2]);
  assert.ok(Math.abs(m.advocacy.advocacyRate.value - 200 / 3) < 1e-9);
  assert.deepEqual([m.finance.ebitda.value, m.finance.ebitdaMargin.value], [-100, -10]);
  assert.equal(m.usage.loginConsistency.value, 50);
  const health = healthScores({
    inputs: [{ key: 'x', weight: 1, min: 0, max: 10 }],
    accounts: [{ id: 'a', values: { x: 9 } }, { id: 'b', values: { x: 5 } }, { id: 'c', values: { x: 1 } }, { id: 'd', values: {} }],
  });
  const card = data.scorecard({ surveys: { ces: { mean: 5.2, easyShare: 72, n: 40, sd: 1 } }, health, targets: { 'featureAdoption.export': 30 } });
  const line = (key) => card.company.find((l) => l.key === key);
  assert.equal(line('ces').value.value, 5.2);
  assert.equal(line('cesEasy').value.value, 72);
  assert.ok(Math.abs(line('health.healthy').value.value - 100 / 3) < 1e-9); // d has no band
  assert.equal(line('health.critical').higherIsBetter, false);
  assert.equal(line('featureAdoption.export').value.value, 25); // 1 of a's 4 MAU: b does not give export's users
  assert.equal(line('featureAdoption.export').status, 'offTrack');
  assert.ok(Math.abs(line('advocacyRate').value.value - 200 / 3) < 1e-9);
  assert.equal(line('loginConsistency').value.value, 50);
  data.free();
});

test('CLV is ARR x lifespan in years, the same monthly or quarterly; rates in percent everywhere', () => {
  const business = (end, lost) => CompanyData.fromRecords({
    periods: [{ start: '2026-01-01', end }],
    accounts: Array.from({ length: 300 }, (_, i) => ({ id: `a${i}`, openingMrr: 100, mrr: [i < lost ? 0 : 100] })),
  });
  const monthly = business('2026-02-01', 3);
  const quarterly = business('2026-04-01', 9);
  for (const d of [monthly, quarterly]) {
    assert.ok(Math.abs(d.metrics()[0].finance.clv.value - 10_000) < 1e-6); // 1,200 x 1 / (12 x 1 %)
    d.free();
  }
  assert.ok(Math.abs(customerLifetimeValue({ form: 'marginChurn', arpa: 500, grossMargin: 80, churnRate: 2 }).value - 20_000) < 1e-9);
  // A churn rate so small the quotient is past f64's range gets the reason a churn of 0 gets (README).
  for (const churnRate of [0, 5e-324, 1e-308]) {
    assert.deepEqual(customerLifetimeValue({ form: 'marginChurn', arpa: 500, grossMargin: 80, churnRate }), { value: null, reason: 'NO_CHURN' });
  }
});

test('cohorts show a signup period whose sign-ups never paid, and no output is -0', () => {
  const data = CompanyData.fromRecords({
    periods,
    accounts: [
      { id: 'p', signupDate: '2026-01-05', mrr: [100, 100] },
      { id: 'n', signupDate: '2026-02-05', mrr: [0, 0] },
    ],
    finance: [{ cash: 10 }, { cash: 10 }],
  });
  const rows = data.cohorts();
  assert.deepEqual(rows.map((r) => [r.cohort, r.signups, r.accounts, r.startingMrr]), [[0, 1, 1, 100], [1, 1, 0, 0]]);
  assert.deepEqual(rows[1].nrr, [{ value: null, reason: 'NO_STARTING_MRR' }]);
  const burn = data.metrics()[1].finance.netBurn.value;
  assert.ok(Object.is(burn, 0));
  data.free();
});

test('resultsLink counts goals two at a time and one left over alike (the SIMD pass and its tail)', () => {
  // Three accounts paying throughout, three goal slots each (a pair and a tail).
  const data = CompanyData.fromSnapshots([100, 100, 100, 100, 100, 100], 2);
  const below = 1 - Number.EPSILON / 2; // the double just below 1
  const link = (goalProgress) => data.resultsLink({ goalProgress, goalsPerAccount: 3, achievingPercent: 100 });
  // a: 1 and a NaN in the pair, 2 in the tail (2 of 2 reached); b: none set;
  // c: -0 and 1 in the pair, just below 1 in the tail (1 of 3).
  const counted = link([1, NaN, 2, NaN, NaN, NaN, -0, 1, below]);
  assert.deepEqual([counted.achieving.accounts, counted.notAchieving.accounts, counted.withoutGoals], [1, 1, 1]);
  const nonFinite = (goalProgress) => {
    try {
      link(goalProgress);
    } catch (error) {
      return [error.code, error.field];
    }
  };
  assert.deepEqual(nonFinite([0.5, Infinity, 0, 0, 0, 0, 0, 0, 0]), ['NOT_FINITE', 'results.goalProgress[1]']);
  assert.deepEqual(nonFinite([0, 0, 0, 0, 0, 0, 0, 0, -Infinity]), ['NOT_FINITE', 'results.goalProgress[8]']);
  data.free();
});

test('resultsLink takes the achieving threshold in percent, like every rate', () => {
  const data = CompanyData.fromSnapshots([100, 150, 100, 90, 100, 0], 2);
  // Two goals each: a reaches both, b one of two, c none.
  const goalProgress = [1.2, 1.1, 1.0, 0.2, 0.1, 0.3];
  assert.equal(data.resultsLink({ goalProgress, goalsPerAccount: 2 }).achieving.accounts, 2); // default 50 %
  assert.equal(data.resultsLink({ goalProgress, goalsPerAccount: 2, achievingPercent: 100 }).achieving.accounts, 1);
  const e = (() => { try { data.resultsLink({ goalProgress, goalsPerAccount: 2, achievingShare: 0.5 }); } catch (error) { return error; } })();
  assert.deepEqual([e?.code, e?.field], ['UNKNOWN_OPTION', 'results.achievingShare']);
  data.free();
});

test('repeat purchase and new logos follow the MRR history, not the movement labels', () => {
  const twoMonths = [{ start: '2026-01-01', end: '2026-02-01' }, { start: '2026-02-01', end: '2026-03-01' }];
  const february = (account) => {
    const data = CompanyData.fromRecords({ periods: twoMonths, accounts: [account], finance: [{}, { acquisitionCost: 900 }] });
    try { return data.metrics()[1]; } finally { data.free(); }
  };
  // Paid before (opening 100), churned, back in February labelled `new`: repeat, not a new logo.
  const back = february({ id: 'a', openingMrr: 100, mrr: [0, 150], movements: [{ churn: 100 }, { new: 150 }] });
  assert.deepEqual([back.revenue.repeatPurchaseRate.value, back.revenue.newLogos, back.revenue.reactivationMrr, back.revenue.newMrr], [100, 0, 150, 0]);
  assert.equal(back.finance.cac.reason, 'NO_NEW_ACCOUNTS');
  // Never paid, first pays in February labelled `reactivation`: a first-time buyer and a new logo.
  const first = february({ id: 'b', mrr: [0, 150], movements: [{}, { reactivation: 150 }] });
  assert.deepEqual([first.revenue.repeatPurchaseRate.value, first.revenue.newLogos, first.revenue.newMrr, first.revenue.reactivationMrr], [0, 1, 150, 0]);
  assert.equal(first.finance.cac.value, 900);
});

test('errors name a field that is in the input, with the code the README gives', () => {
  const caught = (fn) => { try { fn(); } catch (e) { return [e.constructor.name, e.code, e.field, e.message]; } return null; };
  const month = [{ start: '2026-01-01', end: '2026-02-01' }];
  const movements = (m) => caught(() => CompanyData.fromRecords({ periods: month, accounts: [{ id: 'a', openingMrr: 10, mrr: [10], movements: [m] }] }));
  assert.deepEqual(movements({ upsell: 30, contraction: 30 }), ['RangeError', 'VALUE_OUT_OF_RANGE', 'accounts[0].movements[0].contraction',
    'accounts[0].movements[0].contraction: must not exceed the previous MRR (10), got 30']);
  assert.deepEqual(movements({ new: 25, churn: 25 }).slice(1, 3), ['VALUE_OUT_OF_RANGE', 'accounts[0].movements[0].churn']);
  assert.deepEqual(movements({ upsell: 10, contraction: 6, churn: 14 }).slice(1, 3), ['VALUE_OUT_OF_RANGE', 'accounts[0].movements[0]']);

  // A form that is not a choice, and one of the wrong type, name the same field.
  assert.deepEqual(caught(() => customerLifetimeValue({ form: 'foo' })),
    ['RangeError', 'INVALID_CHOICE', 'form', 'form: must be "simple", "purchase" or "marginChurn", got the string "foo"']);
  assert.deepEqual(caught(() => customerLifetimeValue({ form: 3 })).slice(0, 3), ['TypeError', 'WRONG_TYPE', 'form']);
  const data = CompanyData.fromSnapshots([1, 2], 2);
  assert.deepEqual(caught(() => data.scorecard({ health: [{ band: 'healthy' }, { band: 'sick' }] })).slice(0, 3),
    ['RangeError', 'INVALID_CHOICE', 'options.health[1].band']);
  data.free();

  // An empty account id is EMPTY_TEXT, as the README's table gives for this area.
  assert.deepEqual(caught(() => CompanyData.fromRecords({ periods: month, accounts: [{ id: 'a', mrr: [1] }, { id: '', mrr: [1] }] })),
    ['RangeError', 'EMPTY_TEXT', 'accounts[1].id', 'accounts[1].id: must not be empty or blank, got ""']);
});

test('a usage number left out is not given: the metrics that need it say NOT_GIVEN, never 0', () => {
  const month = [{ start: '2026-01-01', end: '2026-02-01' }];
  const usage = (u) => CompanyData.fromRecords({ periods: month, accounts: [{ id: 'a', mrr: [100], usage: [u] }] }).metrics()[0].usage;
  const onlyMau = usage({ mau: 10 });
  assert.deepEqual(onlyMau.mau, { value: 10, reason: null });
  for (const key of ['dau', 'stickiness', 'loginConsistency', 'timeInApp', 'sessionLength', 'activeDays']) {
    assert.deepEqual(onlyMau[key], { value: null, reason: 'NOT_GIVEN' }, key);
  }
  // dau <= wau <= mau among those given; null is left out.
  assert.deepEqual(usage({ dau: 1, mau: 2, wau: null }).stickiness, { value: 50, reason: null });
  assert.throws(() => usage({ dau: 3, mau: 2 }), { code: 'VALUE_OUT_OF_RANGE', field: 'accounts[0].usage[0].dau' });
  assert.throws(() => usage({ dau: NaN, mau: 2 }), { code: 'NOT_FINITE', field: 'accounts[0].usage[0].dau' });
  // One account that leaves a number out makes the period's total not given.
  const two = CompanyData.fromRecords({
    periods: month,
    accounts: [{ id: 'a', mrr: [1], usage: [{ dau: 1, mau: 4 }] }, { id: 'b', mrr: [1], usage: [{ mau: 4 }] }],
  }).metrics()[0].usage;
  assert.deepEqual([two.mau.value, two.dau.reason, two.stickiness.reason], [8, 'NOT_GIVEN', 'NOT_GIVEN']);
});

test('scorecard contract audit: the nps() result as it is, previous surveys and health at period 0, an empty role', () => {
  const data = CompanyData.fromSnapshots([100, 100], 2); // one account, two snapshots: one period
  const now = nps([10, 10, 10, 9, 0]);
  const card = data.scorecard({
    period: 0,
    surveys: { nps: now }, // as nps() gives it
    previousSurveys: { nps: { promoters: 1, passives: 0, detractors: 1 } },
    health: { healthy: 3, atRisk: 1, critical: 0 },
    previousHealth: { healthy: 1, atRisk: 1, critical: 0 },
  });
  const line = (key) => card.company.find((l) => l.key === key);
  assert.equal(line('nps').value.value, now.score);
  assert.equal(line('nps').change.value, now.score - 0, 'the previous period given for period 0 counts');
  assert.equal(line('health.healthy').change.value, 75 - 50);
  assert.throws(
    () => data.scorecard({ results: [{ role: '', measuresInPlace: 1, measurableGain: 1, goalAchieved: 1 }] }),
    (e) => e instanceof RangeError && e.code === 'EMPTY_TEXT' && e.field === 'options.results[0].role',
  );
});

test('reviewer findings: the documented rules hold from JS', () => {
  const code = (fn) => {
    try {
      fn();
    } catch (e) {
      return [e.name, e.code, e.field];
    }
    return 'no error';
  };
  // NaN and ±Infinity in a whole-number argument are NOT_FINITE, naming it.
  assert.deepEqual(code(() => CompanyData.fromSnapshots([1, 1], NaN)), ['RangeError', 'NOT_FINITE', 'snapshots']);
  assert.deepEqual(code(() => CompanyData.fromSnapshots([1, 1], Infinity)), ['RangeError', 'NOT_FINITE', 'snapshots']);
  const data = CompanyData.fromSnapshots([1, 1, 2, 2], 2);
  for (const x of [NaN, Infinity, -Infinity]) {
    assert.deepEqual(code(() => data.resultsLink({ goalProgress: [1, 0], goalsPerAccount: x })), ['RangeError', 'NOT_FINITE', 'results.goalsPerAccount']);
    assert.deepEqual(code(() => data.resultsLink({ goalProgress: [1, 0], goalsPerAccount: 1, from: x })), ['RangeError', 'NOT_FINITE', 'results.from']);
    assert.deepEqual(code(() => data.scorecard({ period: x })), ['RangeError', 'NOT_FINITE', 'options.period']);
    assert.deepEqual(code(() => advocateCandidates([], { limit: x })), ['RangeError', 'NOT_FINITE', 'options.limit']);
  }
  // `undefined` is missing: the default benchmark stays; only null removes it.
  const benchmark = (benchmarks) => data.scorecard({ benchmarks }).company.find((l) => l.key === 'nps').benchmark;
  assert.deepEqual(benchmark({ nps: undefined }), { low: 50, high: 80 });
  assert.equal(benchmark({ nps: null }), null);
  // A survey result of another kind is not this line's.
  assert.deepEqual(code(() => data.scorecard({ surveys: { nps: { kind: 'ces', ...nps([10, 9]) } } })), ['Error', 'KIND_MISMATCH', 'options.surveys.nps.kind']);
  // CES means of two scales are never compared: the change would mean nothing.
  const cesLine = (surveys, previousSurveys) => data.scorecard({ surveys, previousSurveys }).company.find((l) => l.key === 'ces');
  assert.deepEqual(
    code(() => cesLine({ ces: ces([5, 5, 4], { scale: 5 }) }, { ces: ces([5, 5, 5], { scale: 7 }) })),
    ['Error', 'SCALE_MISMATCH', 'options.previousSurveys.ces.scale'],
  );
  assert.ok(Math.abs(cesLine({ ces: ces([5, 5, 4], { scale: 5 }) }, { ces: ces([5, 5, 5], { scale: 5 }) }).change.value + 1 / 3) < 1e-12);
  // Without a scale (the mean and easy share alone) nothing tells them apart: compared as given.
  assert.equal(cesLine({ ces: { mean: 4, easyShare: 50 } }, { ces: ces([5, 5, 5], { scale: 7 }) }).change.value, -1);
  assert.deepEqual(code(() => cesLine({ ces: { ...ces([5]), scale: 'seven' } })), ['TypeError', 'WRONG_TYPE', 'options.surveys.ces.scale']);
  for (const scale of [NaN, Infinity]) {
    assert.deepEqual(code(() => cesLine({ ces: ces([5]) }, { ces: { ...ces([5]), scale } })), ['RangeError', 'NOT_FINITE', 'options.previousSurveys.ces.scale']);
  }
  data.free();

  // Blank ids and health keys say nothing: EMPTY_TEXT.
  const month = [{ start: '2026-01-01', end: '2026-02-01' }];
  assert.deepEqual(code(() => CompanyData.fromRecords({ periods: month, accounts: [{ id: '   ', mrr: [1] }] })), ['RangeError', 'EMPTY_TEXT', 'accounts[0].id']);
  const inputs = [{ key: 'u', weight: 1, min: 0.1, max: 10.1 }];
  assert.deepEqual(code(() => healthScores({ inputs, accounts: [{ id: ' ', values: {} }] })), ['RangeError', 'EMPTY_TEXT', 'accounts[0].id']);
  assert.deepEqual(code(() => healthScores({ inputs: [{ key: '', weight: 1, min: 0, max: 1 }], accounts: [] })), ['RangeError', 'EMPTY_TEXT', 'inputs[0].key']);
  assert.deepEqual(code(() => healthScores({ inputs, accounts: [{ id: 'a' }] })), ['TypeError', 'WRONG_TYPE', 'accounts[0].values']);

  // The weights' scale never moves a score across a band.
  for (const weight of [1, 0.1, 0.3, 3, 10]) {
    const [h] = healthScores({ inputs: [{ ...inputs[0], weight }], accounts: [{ id: 'a', values: { u: 4.1 } }] });
    assert.deepEqual([h.score.value, h.band], [40, 'atRisk'], `weight ${weight}`);
  }

  // An account's NPS is -100..100.
  assert.deepEqual(advocateCandidates([{ id: 'a', nps: -50 }, { id: 'b', nps: 30 }]).map((c) => c.id), ['b', 'a']);
  assert.deepEqual(code(() => advocateCandidates([{ id: 'a', nps: 101 }])), ['RangeError', 'VALUE_OUT_OF_RANGE', 'accounts[0].nps']);

  // Negative cash is a negative money amount.
  const twoMonths = [...month, { start: '2026-02-01', end: '2026-03-01' }];
  assert.deepEqual(code(() => CompanyData.fromRecords({ periods: twoMonths, accounts: [], finance: [{ cash: 1000 }, { cash: -500 }] })),
    ['RangeError', 'NEGATIVE_VALUE', 'finance[1].cash']);

  // A null period is not given; a feature an account leaves out is not in its adoption.
  const records = CompanyData.fromRecords({
    periods: twoMonths,
    accounts: [
      { id: 'a', openingMrr: 100, mrr: [100, 90], movements: [null, { contraction: 10 }], usage: [{ mau: 20, featureUsers: { x: 10 } }, null] },
      { id: 'b', mrr: [1, 1], usage: [{ mau: 20, featureUsers: { x: null } }, undefined], support: [null, { cases: 1, resolvedFirstContact: 1 }] },
    ],
  });
  const [january, february] = records.metrics();
  assert.equal(january.revenue.contractionMrr, 0);
  assert.equal(february.revenue.contractionMrr, 10);
  assert.deepEqual(january.usage.features, [{ feature: 'x', users: 10, adoption: { value: 50, reason: null } }]);
  assert.deepEqual(february.usage.features[0].adoption, { value: null, reason: 'NOT_GIVEN' });
  assert.deepEqual(january.support.fcr, { value: null, reason: 'NOT_GIVEN' });
  assert.equal(records.scorecard({ period: 0 }).company.find((l) => l.key === 'featureAdoption.x').value.value, 50);
  records.free();
});
