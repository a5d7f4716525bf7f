// The README's Node examples, run as written: each ```js block that a test
// below names by its first line is taken from README.md, its imports of
// 'clg-metrics' bound to the package, the names it leaves to the reader
// (`answers`, `responses`...) given by a prelude, and the values its
// comments promise checked. A README edit that breaks an example, or a
// change of the package that makes a comment wrong, fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as lib from 'clg-metrics';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const BLOCKS = [...README.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;

/**
 * Runs the README block whose first line starts with `first`, after
 * `prelude`, and returns the values of `names` it declared.
 *
 * @example const { result } = await run("import { init, nps }", '', ['result']);
 */
async function run(first, prelude, names) {
  const matching = BLOCKS.filter((b) => b.startsWith(first));
  assert.equal(matching.length, 1, `one README block starts with ${JSON.stringify(first)}`);
  // `import { a, b } from 'clg-metrics';` -> `const { a, b } = lib;`
  const body = matching[0].replace(/^import \{([^}]*)\} from 'clg-metrics';$/gm, 'const {$1} = lib;');
  assert.doesNotMatch(body, /^import /m, 'every import of the block is of clg-metrics');
  return new AsyncFunction('lib', `${prelude}\n${body}\nreturn { ${names.join(', ')} };`)(lib);
}

/** The first line of the README block that builds `goalProgress` from a ResultsStore. */
const GOAL_SLOTS = '// The progress at `at` of the goal active then, else of the last one closed by then (not abandoned).';

const near = (actual, expected, digits, what) =>
  assert.ok(Math.abs(actual - expected) <= 0.5 * 10 ** -digits, `${what}: ${actual}, the README says ${expected}`);

test('Quickstart: the NPS of ten answers, as its comment shows it', async () => {
  const { result } = await run("import { init, nps } from 'clg-metrics';", 'const answers = [9, 10, 7];', ['result']);
  assert.deepEqual({ ...result, interval: undefined }, { score: 20, n: 10, promoters: 5, passives: 2, detractors: 3, lowSample: true, interval: undefined });
  near(result.interval.low, -30.3, 1, 'interval.low');
  near(result.interval.high, 61.1, 1, 'interval.high');
  assert.equal(result.interval.level, 0.95);
});

test('Errors: the code, field and message of a score off the scale', async () => {
  const prelude = 'const { nps } = lib; let caught;';
  const block = BLOCKS.find((b) => b.startsWith('try {'));
  assert.ok(block, 'the Errors example');
  const caught = await new AsyncFunction('lib', `${prelude}\n${block.replace('} catch (e) {', '} catch (e) { caught = e;')}\nreturn caught;`)(lib);
  assert.ok(caught instanceof RangeError);
  assert.equal(caught.code, 'SCORE_OUT_OF_RANGE');
  assert.equal(caught.field, 'scores[2]');
  assert.equal(caught.message, 'scores[2]: an NPS score must be an integer from 0 to 10, got 11');
});

test('Surveys: scores, a trend with changes, an aggregate saved and merged', async () => {
  const prelude = `
    const juneScores = [5, 5, 4, 4, 4, 3]; const mayScores = [4, 3, 2, 2, 1, 5];
    const responses = [];
    for (let i = 0; i < 40; i++) responses.push({ kind: 'nps', score: i % 11, timestamp: Date.UTC(2026, i % 3, 1 + (i % 20)), respondent: { userId: 'u' + i }, segments: { plan: i % 2 ? 'pro' : 'free' } });
    const stored = new Map(); const localStorage = { setItem: (k, v) => stored.set(k, v), getItem: (k) => stored.get(k) ?? null };
    const serverJson = { version: 1, kind: 'ces', scale: 7, counts: [0, 0, 0, 1, 2, 3, 4] };
    const console = { log() {} };`;
  const { tab, total, trend, localStorage } = await run("import { init, nps, csat, ces, compare, surveyTrend, SurveyAggregate } from 'clg-metrics';", prelude, ['tab', 'total', 'trend', 'localStorage']);
  near(lib.nps([10, 9, 9, 8, 6, 3]).score, 16.67, 2, 'nps score');
  const c = lib.csat([5, 4, 4, 3, 1]);
  assert.deepEqual([c.score, c.satisfied, c.n], [60, 3, 5]);
  near(c.interval.low, 23.07, 2, 'csat interval.low');
  near(c.interval.high, 88.24, 2, 'csat interval.high');
  const e = lib.ces([7, 6, 6, 5, 4, 7, 3, 6, 5, 7]);
  assert.deepEqual([e.mean, e.easyShare], [5.6, 80]);
  near(e.interval.low, 4.63, 2, 'ces interval.low');
  near(e.interval.high, 6.57, 2, 'ces interval.high');
  assert.equal(localStorage.getItem('ces'), '{"version":1,"kind":"ces","scale":7,"counts":[0,0,0,0,0,1,0]}');
  assert.equal(tab.n, 1);
  assert.equal(total.n, 11);
  assert.equal(total.summary().kind, 'ces');
  assert.ok(trend.groups.length > 0 && trend.groups.every((g) => 'change' in g), 'every group has its change');
  assert.ok(trend.groups.some((g) => g.change !== null), 'a plan\'s second month is compared with its first');
});

test('Customer results: the ResultsStore example, its goal and saved state', async () => {
  const { store, again } = await run("import { init, ResultsStore } from 'clg-metrics';", 'const localStorage = {};', ['store', 'again']);
  const [status] = store.goals({ account: 'acme', role: 'sdr' });
  assert.equal(status.metric, 'contacts');
  assert.equal(status.current, 1);
  assert.deepEqual({ ...status.goal.progress, raw: Math.round(status.goal.progress.raw * 10) / 10 }, { raw: -3.9, percent: 0 });
  assert.equal(status.goal.status, 'active');
  assert.deepEqual(again.toJSON(), store.toJSON(), 'the saved state loads back as it was');
});

test('Company results: NRR, a CAC not given, the NRR line of the scorecard', async () => {
  const { data, card } = await run("import { init, CompanyData, healthScores } from 'clg-metrics';", '', ['data', 'card']);
  const nrr = card.company.find((line) => line.key === 'nrr');
  assert.deepEqual([nrr.target, nrr.status, nrr.cadence, nrr.benchmark], [102, 'offTrack', 'strategic', null]);
  assert.throws(() => data.metrics(), (error) => error.code === 'HANDLE_FREED', 'the example frees its data');
});

test('Customer results and revenue: goalProgress from a ResultsStore, as the README builds it', async () => {
  const store = new lib.ResultsStore();
  const metric = (id) => ({ id, name: id, kind: 'value', unit: id, direction: 'higher', collection: { method: 'selfReported' } });
  store.defineModel({ roles: [{ id: 'sdr', name: 'SDR', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }], metrics: [metric('meetings'), metric('calls')] }] });
  const DAY = 86_400_000;
  const T = Date.UTC(2026, 0, 1);
  for (const id of ['acme', 'globex']) store.upsertAccount({ id, roles: [{ role: 'sdr', maturity: 1 }] });
  const observe = (account, name, value, at) => store.recordObservation({ account, role: 'sdr', metric: name, value, at });
  observe('acme', 'meetings', 10, T);
  store.setGoal({ account: 'acme', role: 'sdr', metric: 'meetings', target: 12, start: T });
  observe('acme', 'meetings', 12, T + DAY); // achieved: in the history at 1
  observe('acme', 'calls', 5, T);
  store.setGoal({ account: 'acme', role: 'sdr', metric: 'calls', target: 9, start: T });
  store.abandonGoal({ account: 'acme', role: 'sdr', metric: 'calls', at: T + DAY }); // abandoned: no slot value
  observe('globex', 'calls', 10, T);
  store.setGoal({ account: 'globex', role: 'sdr', metric: 'calls', target: 20, start: T });
  observe('globex', 'calls', 15, T + DAY); // active at 0.5
  const data = lib.CompanyData.fromSnapshots([100, 120, 100, 90], 2);
  const captured = [];
  const spy = { resultsLink: (args) => (captured.push(args), data.resultsLink(args)) };
  // The block's free names, given through a global (the block runs as a function of its own).
  globalThis.readmeContext = { store, data: spy, windowEnd: T + 2 * DAY };
  const { link } = await run(GOAL_SLOTS, 'const { store, data, windowEnd } = globalThis.readmeContext;', ['link']);
  delete globalThis.readmeContext;
  assert.equal(captured[0].goalsPerAccount, 2);
  assert.deepEqual(captured[0].goalProgress, [1, NaN, NaN, 0.5]);
  assert.deepEqual([link.achieving.accounts, link.notAchieving.accounts], [1, 1]);
  data.free();
  store.free();
});

test("Customer results and revenue: a goal active at the window's end that closed since counts as it was then; one set after it does not", async () => {
  const store = new lib.ResultsStore();
  const metric = (id, direction) => ({ id, name: id, kind: 'value', unit: id, direction, collection: { method: 'selfReported' } });
  store.defineModel({ roles: [{ id: 'r', name: 'R', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }], metrics: [metric('hi', 'higher'), metric('lo', 'lower')] }] });
  store.upsertAccount({ id: 'a', roles: [{ role: 'r', maturity: 1 }] });
  const DAY = 86_400_000;
  const T = Date.UTC(2025, 0, 6);
  const end = T + 10 * DAY;
  const ref = (m) => ({ account: 'a', role: 'r', metric: m });
  store.recordObservation({ ...ref('hi'), value: 10, at: T });
  store.setGoal({ ...ref('hi'), target: 20, start: T, due: T + 30 * DAY });
  store.recordObservation({ ...ref('hi'), value: 15, at: T + 5 * DAY }); // at the window's end: active, half way
  store.recordObservation({ ...ref('hi'), value: 20, at: T + 15 * DAY }); // achieved after it
  store.recordObservation({ ...ref('lo'), value: 10, at: T });
  store.setGoal({ ...ref('lo'), baseline: 20, target: 5, start: T + 20 * DAY }); // set after the window's end
  // The block's functions (its last line calls them on its own accounts), on this store's one account.
  const block = BLOCKS.find((b) => b.startsWith(GOAL_SLOTS));
  const goalSlots = await new AsyncFunction(`${block.slice(0, block.indexOf('const link'))}\nreturn goalSlots;`)();
  assert.deepEqual(goalSlots(store, [{ id: 'a', roles: ['r'] }], end), { goalProgress: [0.5, NaN], goalsPerAccount: 2 });
  assert.deepEqual(store.kpis(end).roles[0].goalAchieved, { count: 0, of: 1, percent: 0 }, 'kpis agree: one goal then, not achieved');
  // After the hi goal closed, the slot is its closing progress.
  assert.deepEqual(goalSlots(store, [{ id: 'a', roles: ['r'] }], T + 16 * DAY).goalProgress, [1, NaN]);
  store.free();
});

test('the sampling hash in JS, as a backend would write it, equals the comment and the core', async () => {
  const block = BLOCKS.find((b) => b.startsWith('function samplingHash('));
  const samplingHash = await new AsyncFunction(`${block}\nreturn samplingHash;`)();
  assert.equal(samplingHash('nps-q3', 'user-42'), 0x01b461e8);
  for (const [survey, user] of [['nps-q3', 'user-42'], ['csat', 'ünïcødé'], ['a', 'b']]) assert.equal(samplingHash(survey, user), lib.samplingHash(survey, user));
});
