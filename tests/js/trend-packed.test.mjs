// surveyTrend's two routes into WebAssembly give the same results and the
// same errors: the packed columns (src/js/pack.js, the route taken when every
// value has the expected type) and the object-by-object reading (the route
// for anything else). Compared on fixed bad inputs and on random valid data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init, surveyTrend } from 'clg-metrics';
// The same module instance the package initialised (internal, not exported).
import * as core from '../../dist/wasm/clg_metrics.js';
import { packResponses } from '../../dist/pack.js';

await init();

/** The result or the error (class, code, field, message) of `fn`. */
function outcome(fn) {
  try {
    return { result: fn() };
  } catch (error) {
    return { error: { class: error.constructor.name, code: error.code, field: error.field, message: error.message } };
  }
}

/** Runs both routes; asserts that the packed one was taken (or not) and that they agree. */
function bothRoutes(responses, options, { packs = true } = {}) {
  const packed = packResponses(responses, options);
  assert.equal(packed !== undefined, packs, 'whether the responses pack');
  const viaColumns = packed && outcome(() => core.surveyTrendPacked(responses, ...packed, options));
  const viaObjects = outcome(() => core.surveyTrend(responses, options));
  if (packs) assert.deepEqual(viaColumns, viaObjects);
  assert.deepEqual(outcome(() => surveyTrend(responses, options)), viaObjects, 'the public function');
  return viaObjects;
}

const JAN = Date.UTC(2026, 0, 5);
const base = (i, extra = {}) => ({
  kind: 'nps',
  score: i % 11,
  timestamp: JAN + i * 3_600_000 * 7,
  respondent: { userId: `u${i % 4}`, accountId: i % 3 ? `acct-${i % 2}` : undefined, role: i % 2 ? 'SDR' : null },
  segments: { plan: i % 2 ? 'pro' : 'free', region: 'emea' },
  ...extra,
});
const sample = (bad, at = 5) => Array.from({ length: 8 }, (_, i) => (i === at ? bad(base(i)) : base(i)));

test('bad values of the right type: the packed route reports the same first error', () => {
  const long = 'x'.repeat(2001);
  const cases = [
    ['score 11', (r) => ({ ...r, score: 11 }), 'SCORE_OUT_OF_RANGE', 'responses[5].score'],
    ['score 7.5', (r) => ({ ...r, score: 7.5 }), 'SCORE_NOT_INTEGER', 'responses[5].score'],
    ['score NaN', (r) => ({ ...r, score: NaN }), 'NOT_FINITE', 'responses[5].score'],
    ['empty userId', (r) => ({ ...r, respondent: { userId: '' } }), 'EMPTY_TEXT', 'responses[5].respondent.userId'],
    ['long role', (r) => ({ ...r, respondent: { userId: 'u', role: 'r'.repeat(201) } }), 'TEXT_TOO_LONG', 'responses[5].respondent.role'],
    ['long comment', (r) => ({ ...r, comment: long }), 'TEXT_TOO_LONG', 'responses[5].comment'],
    ['kind mismatch', (r) => ({ ...r, kind: 'csat', score: 4 }), 'KIND_MISMATCH', 'responses[5].kind'],
    ['scale mismatch', (r) => ({ ...r, kind: 'nps', scale: 10 }), null, null],
    ['bad timestamp', (r) => ({ ...r, timestamp: 9e15 }), 'INVALID_TIME', 'responses[5].timestamp'],
    ['half a millisecond', (r) => ({ ...r, timestamp: r.timestamp + 0.5 }), 'INVALID_TIME', 'responses[5].timestamp'],
    ['unknown kind', (r) => ({ ...r, kind: 'effort' }), 'INVALID_CHOICE', 'responses[5].kind'],
    ['bad scale', (r) => ({ ...r, scale: 12 }), 'INVALID_SCALE', 'responses[5].scale'],
    ['empty segment value', (r) => ({ ...r, segments: { plan: '' } }), 'EMPTY_TEXT', 'responses[5].segments.plan'],
    ['empty segment name', (r) => ({ ...r, segments: { '': 'x' } }), 'EMPTY_TEXT', 'responses[5].segments'],
  ];
  for (const [name, bad, code, field] of cases) {
    const { error } = bothRoutes(sample(bad), { groupBy: ['plan'], period: 'month' });
    if (code === null) continue; // scale 10 is the NPS default: no error, same result
    assert.equal(error?.code, code, name);
    assert.equal(error.field, field, name);
  }
  // CES on 5- and 7-point scales mixed.
  const ces = (i, scale) => ({ ...base(i), kind: 'ces', score: 3, scale });
  const { error } = bothRoutes([ces(0), ces(1, 7), ces(2, 5)]);
  assert.deepEqual([error.code, error.field], ['SCALE_MISMATCH', 'responses[2].scale']);
  // The first bad response wins, whichever field: response 2's comment before response 3's score.
  const first = bothRoutes([base(0), base(1), { ...base(2), comment: long }, { ...base(3), score: -1 }]);
  assert.equal(first.error.field, 'responses[2].comment');
  // The same bad string in several responses: the first one that uses it is named.
  const shared = bothRoutes([base(0), { ...base(1), respondent: { userId: 'x'.repeat(201) } }, { ...base(2), respondent: { userId: 'x'.repeat(201) } }]);
  assert.equal(shared.error.field, 'responses[1].respondent.userId');
  assert.equal(bothRoutes([]).error.code, 'EMPTY_INPUT');
  assert.equal(bothRoutes(sample((r) => r), { period: 'fortnight' }).error.code, 'INVALID_CHOICE');
});

test('values of another type take the object route, which names them', () => {
  const cases = [
    ['string score', (r) => ({ ...r, score: '9' }), 'WRONG_TYPE', 'responses[5].score'],
    ['missing respondent', (r) => ({ ...r, respondent: undefined }), 'WRONG_TYPE', 'responses[5].respondent'],
    ['number userId', (r) => ({ ...r, respondent: { userId: 7 } }), 'WRONG_TYPE', 'responses[5].respondent.userId'],
    ['array response', () => [], 'WRONG_TYPE', 'responses[5]'],
    ['array segments', (r) => ({ ...r, segments: ['pro'] }), 'WRONG_TYPE', 'responses[5].segments'],
    ['number segment', (r) => ({ ...r, segments: { seats: 12 } }), 'WRONG_TYPE', 'responses[5].segments.seats'],
    ['string scale', (r) => ({ ...r, scale: '10' }), 'WRONG_TYPE', 'responses[5].scale'],
    ['NaN scale', (r) => ({ ...r, scale: NaN }), 'INVALID_SCALE', 'responses[5].scale'],
    ['missing kind', (r) => ({ ...r, kind: undefined }), 'WRONG_TYPE', 'responses[5].kind'],
    ['misspelt comment', (r) => ({ ...r, commnet: 'late' }), 'UNKNOWN_OPTION', 'responses[5].commnet'],
    ['misspelt accountId', (r) => ({ ...r, respondent: { userId: 'u', acountId: 'acme' } }), 'UNKNOWN_OPTION', 'responses[5].respondent.acountId'],
  ];
  for (const [name, bad, code, field] of cases) {
    const { error } = bothRoutes(sample(bad), { groupBy: ['plan'] }, { packs: false });
    assert.deepEqual([error?.code, error?.field], [code, field], name);
  }
  // A bad value before the odd type is still reported first.
  const { error } = bothRoutes([base(0), { ...base(1), score: 12 }, { ...base(2), score: '9' }], undefined, { packs: false });
  assert.equal(error.field, 'responses[1].score');
  assert.equal(bothRoutes('nope', undefined, { packs: false }).error.field, 'responses');
  // An inherited enumerable key is not the response's own: the object route reads it as valid.
  const inherited = bothRoutes(sample((r) => Object.assign(Object.create({ source: 'import' }), r)), { groupBy: ['plan'] }, { packs: false });
  assert.equal(inherited.error, undefined);
  assert.deepEqual(inherited, bothRoutes(sample((r) => r), { groupBy: ['plan'] }));
});

test('null is absent (the one null rule): a null scale is the kind\'s default scale', () => {
  const withNull = bothRoutes(sample((r) => ({ ...r, scale: null })), { groupBy: ['plan'] }, { packs: false });
  assert.equal(withNull.error, undefined);
  assert.deepEqual(withNull, bothRoutes(sample((r) => r), { groupBy: ['plan'] }));
});

/** Seeded PRNG (mulberry32). */
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('random valid data: both routes give the same trend', () => {
  const random = mulberry32(2026);
  const pick = (values) => values[Math.floor(random() * values.length)];
  // Non-ASCII and astral text, names that sort differently by UTF-16 and by code point, absent and null values.
  // Texts over 200 UTF-16 units that are 200 characters or fewer are valid
  // (the packed route reads them again as objects).
  const texts = ['pro', 'Pro', 'free', 'é', 'Ω-team', '\u{1F600}', '\uFF5E', 'a b', 'z', '\u{1F600}'.repeat(150), 'x'.repeat(200)];
  const periods = [undefined, 'day', 'week', 'month', 'quarter'];
  const groupings = [[], ['plan'], ['plan', 'tier'], ['respondent.role'], ['respondent.accountId', 'plan'], ['missing']];
  for (let round = 0; round < 60; round++) {
    const [kind, scale] = pick([['nps', undefined], ['ces', undefined], ['ces', 5], ['csat', 10], ['csat', undefined]]);
    const top = scale ?? { nps: 10, ces: 7, csat: 5 }[kind];
    const responses = Array.from({ length: 1 + Math.floor(random() * 80) }, () => {
      const segments = {};
      for (const name of ['plan', 'tier', 'Plan']) if (random() < 0.7) segments[name] = pick(texts);
      return {
        kind,
        ...(scale === undefined ? {} : { scale }),
        score: (kind === 'nps' ? 0 : 1) + Math.floor(random() * (top + (kind === 'nps' ? 1 : 0))),
        timestamp: Date.UTC(2025, 0, 1) + Math.floor(random() * 5e10) - 2e10,
        respondent: { userId: pick(texts), accountId: pick([undefined, null, ...texts]), role: pick([undefined, 'SDR', 'VP']) },
        ...(random() < 0.3 ? {} : { segments }),
        comment: pick([undefined, null, '', 'merci', '\u{1F600}'.repeat(3), '\u{1F600}'.repeat(1500)]),
      };
    });
    const options = { groupBy: pick(groupings), period: pick(periods), utcOffsetMinutes: pick([0, 60, -300]) };
    const { result, error } = bothRoutes(responses, options);
    assert.equal(error, undefined, error?.message);
    assert.ok(result.groups.length > 0);
  }
});

test('random data with bad values: both routes give the same first error', () => {
  const random = mulberry32(7);
  const pick = (values) => values[Math.floor(random() * values.length)];
  // Mostly valid; some empty or too long (in characters, and in UTF-16 units only).
  const texts = ['pro', 'é', '\u{1F600}', '\u{1F600}'.repeat(150), '\u{1F600}'.repeat(201), 'x'.repeat(201), ''];
  const often = (bad) => (random() < 0.97 ? pick(texts.slice(0, 4)) : bad());
  const codes = new Set();
  for (let round = 0; round < 80; round++) {
    const responses = Array.from({ length: 1 + Math.floor(random() * 40) }, (_, i) => ({
      kind: random() < 0.98 ? 'nps' : pick(['csat', 'nope']),
      ...(random() < 0.02 ? { scale: pick([5, 10, 7.5]) } : {}),
      score: random() < 0.98 ? Math.floor(random() * 11) : pick([11, -1, 2.5, NaN, Infinity]),
      timestamp: random() < 0.99 ? JAN + i * 86_400_000 : pick([9e15, Infinity]),
      respondent: {
        userId: often(() => pick(texts)),
        ...(random() < 0.5 ? { accountId: often(() => pick(texts)) } : {}),
        role: random() < 0.5 ? null : often(() => pick(texts)),
      },
      segments: { plan: often(() => pick(texts)), [often(() => pick(texts))]: 'v' },
      comment: random() < 0.99 ? pick([undefined, 'ok', '\u{1F600}'.repeat(1500)]) : pick(['\u{1F600}'.repeat(2001), 'é'.repeat(2001)]),
    }));
    const options = { groupBy: pick([[], ['plan'], ['respondent.role', 'plan'], ['respondent.accountId']]), period: 'month' };
    codes.add(bothRoutes(responses, options).error?.code ?? 'none');
  }
  assert.ok(codes.size >= 6, [...codes].join());
});

test('texts decided by length, and those read again, as the object route', () => {
  // 150 emoji: 300 UTF-16 units, 150 characters (valid); 201 emoji: too long.
  const valid = '\u{1F600}'.repeat(150);
  const long = '\u{1F600}'.repeat(201);
  const ok = bothRoutes(sample((r) => ({ ...r, respondent: { userId: valid, accountId: valid, role: valid }, segments: { [valid]: valid, plan: valid }, comment: '\u{1F600}'.repeat(2000) })), { groupBy: ['plan'] });
  assert.equal(ok.error, undefined);
  assert.ok(ok.result.groups.some((g) => g.segment.plan === valid));
  for (const [bad, field] of [
    [(r) => ({ ...r, respondent: { userId: long } }), 'responses[5].respondent.userId'],
    [(r) => ({ ...r, respondent: { userId: 'u', accountId: long } }), 'responses[5].respondent.accountId'],
    [(r) => ({ ...r, segments: { [long]: 'x' } }), 'responses[5].segments'],
    [(r) => ({ ...r, segments: { plan: long } }), 'responses[5].segments.plan'],
    [(r) => ({ ...r, comment: '\u{1F600}'.repeat(2001) }), 'responses[5].comment'],
  ]) {
    const { error } = bothRoutes(sample(bad), { groupBy: ['plan'] });
    assert.deepEqual([error?.code, error?.field], ['TEXT_TOO_LONG', field]);
  }
});

test('grouping values: prototypes and shadowed names as the object route; lone surrogates refused', () => {
  const options = { groupBy: ['plan', 'respondent.role'] };
  // A segment named like a respondent field does not group by it.
  bothRoutes(sample((r) => ({ ...r, segments: { 'respondent.role': 'x', plan: 'p' } })), options);
  // Inherited enumerable keys are not segment attributes; a null prototype is fine.
  class Segments {}
  Segments.prototype.plan = 'inherited';
  const own = Object.assign(new Segments(), { region: 'emea' });
  const bare = Object.assign(Object.create(null), { plan: 'bare' });
  const { result } = bothRoutes([base(0, { segments: own }), base(1, { segments: bare })], options);
  assert.deepEqual(result.groups.map((g) => g.segment.plan), [null, 'bare']);
  // A grouping value with a lone surrogate would be U+FFFD to Rust, one group with U+FFFD itself:
  // it does not pack, and the public function refuses it where the plain copy reads it.
  const lone = [base(0, { segments: { plan: '\uD800' } }), base(1, { segments: { plan: '\uFFFD' } })];
  assert.equal(packResponses(lone, options), undefined);
  assert.throws(() => surveyTrend(lone, options), { code: 'INVALID_VALUE', field: 'responses[0].segments.plan' });
  const loneRole = [base(1, { respondent: { userId: 'u', role: 'x\uDC00' } })];
  assert.equal(packResponses(loneRole, options), undefined);
  assert.throws(() => surveyTrend(loneRole, options), { code: 'INVALID_VALUE', field: 'responses[0].respondent.role' });
  assert.equal(packResponses([base(0, { kind: 'n\uD800' })], options), undefined, 'a kind too');
  // U+FFFD itself is text like any other: it packs, and groups as the object route does.
  bothRoutes([base(0, { segments: { plan: '\uFFFD' } }), base(1, { segments: { '\uFFFD': 'b' } })], { groupBy: ['\uFFFD', 'plan'] });
  assert.equal(bothRoutes(sample((r) => r), { groupBy: 'plan' }, { packs: false }).error.code, 'WRONG_TYPE');
  assert.equal(bothRoutes(sample((r) => r), { groupBy: [''] }).error.field, 'options.groupBy[0]');
});
