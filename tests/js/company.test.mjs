// The company API of the built package, as a user imports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompanyData, advocateCandidates, customerLifetimeValue, healthScores, init } from 'clg-metrics';

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
  throws(() => data.scorecard({ targets: { nope: 1 } }), 'Error', 'UNKNOWN_OPTION', 'targets.nope');
  throws(() => data.resultsLink({ goalProgress: [1, 2], goalsPerAccount: 1 }), 'Error', 'LENGTH_MISMATCH', 'goalProgress');
  data.free();
  throws(() => healthScores({ inputs: [{ key: 'a', weight: -1, min: 0, max: 1 }], accounts: [] }), 'RangeError', 'VALUE_OUT_OF_RANGE', 'inputs[0].weight');
  throws(() => advocateCandidates([{ id: 'a', csat: -5 }]), 'RangeError', 'NEGATIVE_VALUE', 'accounts[0].csat');
  throws(() => customerLifetimeValue({ form: 'marginChurn', arpa: 1, grossMargin: 2, churnRate: 0.1 }), 'RangeError', 'VALUE_OUT_OF_RANGE', 'grossMargin');
});
