// The built package as a user imports it: survey exports through the JS
// wrapper, their results, and typed errors for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ces,
  compare,
  csat,
  init,
  nps,
  SurveyAggregate,
  surveyTrend,
  surveyTrendColumns,
  validateResponse,
} from 'clg-metrics';

await init();

/** Asserts that `fn` throws an Error of `Class` with this code and field. */
function throwsCode(fn, Class, code, field) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof Class, `${error} is not a ${Class.name}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.field, field, error.message);
    assert.ok(error.message.startsWith(field), error.message);
    return true;
  });
}

const JAN = Date.UTC(2026, 0, 5);
const FEB = Date.UTC(2026, 1, 2);
const response = (score, timestamp, plan, extra = {}) => ({
  kind: 'csat',
  score,
  timestamp,
  respondent: { userId: `u${score}${plan}`, role: 'SDR' },
  segments: { plan },
  ...extra,
});

test('csat and ces give scores, counts, intervals and lowSample', () => {
  const c = csat([5, 4, 4, 3, 1]);
  assert.equal(c.score, 60);
  assert.deepEqual(c.counts, [1, 0, 1, 2, 1]);
  assert.equal(c.lowSample, true);
  assert.ok(c.interval.low < 60 && c.interval.high > 60);
  assert.deepEqual(csat(new Uint8Array([5, 4, 4, 3, 1])), c);

  const e = ces([7, 6, 6, 5, 4, 7, 3, 6, 5, 7]);
  assert.equal(e.mean, 5.6);
  // mpmath 1.3, t quantile from betainc (see src/survey/ces.rs); tolerance 1e-12.
  assert.ok(Math.abs(e.interval.low - 4.634341776133632) < 1e-12);
  assert.equal(ces([4]).interval, null);
  assert.equal(nps([10, 9, 3]).lowSample, true);
});

test('compare tells whether a change is real', () => {
  const c = compare('ces', [7, 6, 6, 5, 4, 7, 3, 6, 5, 7], new Uint8Array([4, 5, 3, 6, 2, 4, 5, 3]));
  // scipy.stats.ttest_ind(a, b, equal_var=False).pvalue; tolerance 1e-10.
  assert.ok(Math.abs(c.pValue - 0.02231531982107937) < 1e-10);
  assert.equal(c.significant, true);
  assert.equal(compare('csat', [5, 4], [5, 1]).pValue, null);
});

test('score results as the records give them equal the serialised ones of a trend, key for key', () => {
  // surveyTrend still serialises its summaries in Rust; the scores' records
  // are decoded in src/js/counts.js: the JSON text (key order, kind tag,
  // nulls) must not tell them apart.
  const at = Date.UTC(2026, 0, 10);
  for (const [kind, scores] of [['nps', [10, 9, 3]], ['ces', [4]], ['ces', [4, 6, 7]], ['csat', [5, 2, 4]]]) {
    const responses = scores.map((score) => ({ kind, score, timestamp: at, respondent: { userId: 'u1' } }));
    const serialised = surveyTrend(responses, { period: 'month' }).groups[0].result;
    const aggregate = new SurveyAggregate(kind);
    aggregate.addScores(scores);
    assert.equal(JSON.stringify(aggregate.summary()), JSON.stringify(serialised), kind);
    const { kind: _, ...untagged } = serialised;
    const byKind = { nps, ces, csat }[kind];
    assert.equal(JSON.stringify(byKind(scores)), JSON.stringify(untagged), `${kind} of an Array`);
    assert.equal(JSON.stringify(byKind(new Uint8Array(scores))), JSON.stringify(untagged), `${kind} of bytes`);
  }
  assert.equal(
    JSON.stringify(compare('nps', [10, 9], [0, 10])),
    '{"kind":"nps","difference":100,"interval":{"low":-57.60541929279043,"high":137.60541929279043,"level":0.95},' +
      '"significant":false,"pValue":null,"df":null,"nFirst":2,"nSecond":2}',
  );
});

test('surveyTrend groups by segment and month; columns agree', () => {
  const responses = [response(5, JAN, 'pro'), response(2, JAN, 'free'), response(4, FEB, 'pro')];
  const t = surveyTrend(responses, { groupBy: ['plan'], period: 'month' });
  assert.deepEqual(
    t.groups.map((g) => [g.segment.plan, g.period, g.result.n]),
    [['free', '2026-01', 1], ['pro', '2026-01', 1], ['pro', '2026-02', 1]],
  );
  assert.equal(t.groups[0].start, Date.UTC(2026, 0, 1));
  assert.equal(t.groups[0].end, Date.UTC(2026, 1, 1));
  const byCodes = surveyTrendColumns(
    'csat',
    { scores: new Uint8Array([5, 2, 4]), timestamps: new Float64Array([JAN, JAN, FEB]), segments: new Uint32Array([1, 0, 1]) },
    { period: 'month' },
  );
  assert.deepEqual(byCodes.groups.map((g) => g.result), t.groups.map((g) => g.result));
  // February's change is compare(February, January) of its segment; a first period has none.
  assert.deepEqual(t.groups.map((g) => g.change), [null, null, compare('csat', [4], [5])]);
  assert.deepEqual(byCodes.groups.map((g) => g.change), t.groups.map((g) => g.change));
});

test('surveyTrend: each change is from the period just before, at the level of the trend', () => {
  const APR = Date.UTC(2026, 3, 10);
  const responses = [5, 5, 4, 2].map((s) => response(s, JAN)).concat([1, 2, 2].map((s) => response(s, FEB)), [5, 4].map((s) => response(s, APR)));
  const t = surveyTrend(responses, { period: 'month', level: 0.9 });
  assert.deepEqual(t.groups.map((g) => g.period), ['2026-01', '2026-02', '2026-04']);
  assert.deepEqual(t.groups[1].change, compare('csat', [1, 2, 2], [5, 5, 4, 2], { level: 0.9 }));
  assert.equal(t.groups[1].change.difference, -75);
  // March had no responses: April is not compared with February.
  assert.equal(t.groups[2].change, null);
  assert.equal(surveyTrend(responses).groups[0].change, null);
});

test('SurveyAggregate adds, merges and survives JSON', () => {
  const tab = new SurveyAggregate('ces', { scale: 7 });
  tab.add(6);
  tab.addScores(new Uint8Array([7, 5, 2]));
  const saved = JSON.stringify(tab);
  assert.equal(saved, '{"version":1,"kind":"ces","scale":7,"counts":[0,1,0,0,1,1,1]}');
  const other = SurveyAggregate.fromJSON(saved);
  assert.ok(other instanceof SurveyAggregate);
  other.merge(tab);
  assert.equal(other.n, 8);
  assert.equal(other.summary().mean, 5);
  assert.equal(other.compareWith(SurveyAggregate.fromJSON(JSON.parse(saved))).difference, 0);
});

test('bad input throws typed errors naming the field', () => {
  throwsCode(() => csat([5, 6]), RangeError, 'SCORE_OUT_OF_RANGE', 'scores[1]');
  throwsCode(() => ces([1, '2']), TypeError, 'WRONG_TYPE', 'scores[1]');
  throwsCode(() => csat([5], { scale: 11 }), RangeError, 'INVALID_SCALE', 'options.scale');
  throwsCode(() => ces([], {}), Error, 'EMPTY_INPUT', 'scores');
  throwsCode(() => compare('effort', [1], [1]), RangeError, 'INVALID_CHOICE', 'kind');
  throwsCode(() => compare('ces', [5, 6], [5]), Error, 'TOO_FEW_SCORES', 'second');
  throwsCode(() => validateResponse({ ...response(4, JAN, 'pro'), comment: 'x'.repeat(2001) }), RangeError, 'TEXT_TOO_LONG', 'response.comment');
  throwsCode(() => validateResponse({ ...response(4, JAN, 'pro'), timestamp: NaN }), RangeError, 'INVALID_TIME', 'response.timestamp');
  // A bad key of segments is named as a key: the object is the field, the message says which rule.
  assert.throws(() => validateResponse({ ...response(4, JAN, 'pro'), segments: { '': 'x' } }),
    { code: 'EMPTY_TEXT', field: 'response.segments', message: 'response.segments: each key must not be empty' });
  assert.throws(() => validateResponse({ ...response(4, JAN, 'pro'), segments: { ['k'.repeat(201)]: 'x' } }),
    (e) => e.code === 'TEXT_TOO_LONG' && e.message.startsWith('response.segments: each key must be at most 200 characters'));
  throwsCode(
    () => surveyTrend([response(4, JAN, 'pro'), response(4, JAN, 'pro', { scale: 7 })]),
    Error,
    'SCALE_MISMATCH',
    'responses[1].scale',
  );
  throwsCode(() => surveyTrend([response(4, JAN, 'pro')], { period: 'year' }), RangeError, 'INVALID_CHOICE', 'options.period');
  throwsCode(
    () => surveyTrendColumns('nps', { scores: new Uint8Array([1, 2]), timestamps: new Float64Array(1) }),
    Error,
    'LENGTH_MISMATCH',
    'columns.timestamps',
  );
  // The columns' paths start at the argument, as their type errors do.
  throwsCode(() => surveyTrendColumns('nps', { scores: [9] }), TypeError, 'WRONG_TYPE', 'columns.scores');
  throwsCode(() => surveyTrendColumns('nps', { scores: Uint8Array.of(9, 11) }), RangeError, 'SCORE_OUT_OF_RANGE', 'columns.scores[1]');
  // No scores: nothing to compute from, as surveyTrend([]).
  throwsCode(() => surveyTrendColumns('nps', { scores: new Uint8Array(0) }), Error, 'EMPTY_INPUT', 'columns.scores');
  throwsCode(() => surveyTrend([]), Error, 'EMPTY_INPUT', 'responses');
  // An aggregate never holds more answers than its saved form counts exactly (2^53 - 1).
  const full = SurveyAggregate.fromJSON({ version: 1, kind: 'ces', scale: 3, counts: [0, 2 ** 53 - 2, 0] });
  full.add(2);
  const saved = JSON.stringify(full);
  throwsCode(() => full.add(2), RangeError, 'TOO_LARGE', 'score');
  throwsCode(() => full.addScores([1, 2]), RangeError, 'TOO_LARGE', 'scores');
  const one = new SurveyAggregate('ces', { scale: 3 });
  one.add(1);
  throwsCode(() => full.merge(one), RangeError, 'TOO_LARGE', 'other');
  assert.equal(JSON.stringify(full), saved);
  assert.equal(SurveyAggregate.fromJSON(saved).n, 2 ** 53 - 1);
  const a = new SurveyAggregate('csat');
  throwsCode(() => a.merge(new SurveyAggregate('csat', { scale: 7 })), Error, 'SCALE_MISMATCH', 'other');
  throwsCode(() => a.add(9), RangeError, 'SCORE_OUT_OF_RANGE', 'score');
  assert.equal(a.n, 0);
  throwsCode(() => SurveyAggregate.fromJSON('{"version":2}'), Error, 'UNSUPPORTED_VERSION', 'json.version');
  throwsCode(() => SurveyAggregate.fromJSON('{"version":1,"kind":"ces","scale":7,"counts":[1]}'), Error, 'INVALID_AGGREGATE', 'json.counts');
  throwsCode(() => new SurveyAggregate('ces', { scale: 2 }), RangeError, 'INVALID_SCALE', 'options.scale');
});

test('SurveyAggregate.merge: typed error for a non-aggregate, and merging into itself doubles the counts', () => {
  const a = new SurveyAggregate('nps');
  a.addScores([10, 9, 0]);
  for (const bad of [undefined, {}, [10]]) {
    assert.throws(() => a.merge(bad), (e) => e instanceof TypeError && e.code === 'WRONG_TYPE' && e.field === 'other');
    assert.throws(() => a.compareWith(bad), (e) => e instanceof TypeError && e.code === 'WRONG_TYPE' && e.field === 'other');
  }
  a.merge(a);
  const s = a.summary();
  assert.deepEqual([s.n, s.promoters, s.detractors], [6, 4, 2]);
  assert.equal(a.n, 6);
  a.free();
});

test('API contract audit: null segments, fromJSON text, compareWith sides, values in messages', () => {
  const at = Date.UTC(2026, 0, 5);
  // A segment holding null is left out, as any value by key.
  const response = { kind: 'nps', score: 9, timestamp: at, respondent: { userId: 'u' }, segments: { plan: null, tier: 'gold' } };
  assert.deepEqual(validateResponse(response).segments, { tier: 'gold' });
  const trend = surveyTrend([response, { ...response, segments: { plan: 'pro' } }], { groupBy: ['plan'] });
  assert.deepEqual(trend.groups.map((g) => g.segment), [{ plan: null }, { plan: 'pro' }]);
  // JSON text that is not an object is malformed saved state.
  for (const text of ['null', '[]', '5', '"x"']) throwsCode(() => SurveyAggregate.fromJSON(text), Error, 'INVALID_AGGREGATE', 'json');
  // compareWith names its sides this and other (compare: first and second).
  const a = new SurveyAggregate('nps');
  a.addScores([9, 10]);
  throwsCode(() => a.compareWith(new SurveyAggregate('csat'), {}), Error, 'KIND_MISMATCH', 'other');
  throwsCode(() => a.compareWith(new SurveyAggregate('nps')), Error, 'EMPTY_INPUT', 'other');
  throwsCode(() => new SurveyAggregate('nps').compareWith(a), Error, 'EMPTY_INPUT', 'this');
  throwsCode(() => new SurveyAggregate('ces').summary(), Error, 'EMPTY_INPUT', 'this');
  throwsCode(() => compare('nps', [], [9]), Error, 'EMPTY_INPUT', 'first');
  // The value in a message is the value given, not a rounding of it.
  assert.throws(() => nps([9.9999999]), (e) => e.code === 'SCORE_NOT_INTEGER' && e.message.endsWith('got 9.9999999'));
  assert.throws(() => csat([5.0000001]), (e) => e.message.endsWith('got 5.0000001'));
});
