// Timing shared by the Node and the Chromium runs of the benchmark. Each
// side is first warmed up (called for >= 300 ms and >= 5 times: the engines
// compile JS and WebAssembly in tiers, optimising only what has run for a
// while, and a cold first call is not what an app pays over a session).
// Then samples of the two sides alternate, so that a slow phase of a
// shared machine weighs on both; each sample times enough back-to-back
// calls to last >= 20 ms (the browser's clock is coarse). The reported
// figure is a side's median sample divided by its call count.

const SAMPLES = 11;
const MIN_SAMPLE_MS = 20;
const WARM_UP_MS = 300;
const WARM_UP_CALLS = 5;

/** Warms `fn` up; returns how many calls make a sample of >= MIN_SAMPLE_MS. */
function calibrate(fn) {
  const warming = performance.now();
  for (let i = 0; i < WARM_UP_CALLS || performance.now() - warming < WARM_UP_MS; i++) fn();
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) fn();
    const elapsed = performance.now() - start;
    if (elapsed >= MIN_SAMPLE_MS) return calls;
    calls *= elapsed > 0 ? Math.min(10, Math.ceil((MIN_SAMPLE_MS * 1.2) / elapsed)) : 10;
  }
}

/** The time of one call of `fn`, in milliseconds, in one sample of `calls` calls. */
function sample(fn, calls) {
  const start = performance.now();
  for (let i = 0; i < calls; i++) fn();
  return (performance.now() - start) / calls;
}

const median = (samples) => samples.sort((a, b) => a - b)[samples.length >> 1];

/** Median times of one call of `a` and of `b`, in milliseconds, sampled alternately. */
export function measurePair(a, b) {
  const [callsA, callsB] = [calibrate(a), calibrate(b)];
  const [samplesA, samplesB] = [[], []];
  for (let s = 0; s < SAMPLES; s++) {
    samplesA.push(sample(a, callsA));
    samplesB.push(sample(b, callsB));
  }
  return [median(samplesA), median(samplesB)];
}

/** Median time of one call of `fn`, in milliseconds. */
export function measure(fn) {
  const calls = calibrate(fn);
  return median(Array.from({ length: SAMPLES }, () => sample(fn, calls)));
}

/**
 * Runs one workload: its data from `setup(lib)`, both implementations
 * once, compared by its `check`, then timed. Returns { name, clgMs,
 * plainMs, goalMs, plainVariant }. A workload without a plain-JS
 * equivalent (no `plain`) is timed alone against its `goalMs`. `plain` may
 * be an array of named functions when what is fastest differs between
 * engines: each is checked, the fastest in this engine is timed against
 * the package and named in `plainVariant`.
 */
export function runWorkload(lib, workload) {
  const data = workload.setup(lib);
  const clg = () => workload.clg(lib, data);
  const { name, goalMs } = workload;
  if (!workload.plain) return { name, clgMs: measure(clg), plainMs: null, goalMs };
  const variants = [].concat(workload.plain);
  for (const variant of variants) workload.check(clg(), variant(data));
  // Two variants are sampled alternately, as the sides of a row are: timed one after the other, the
  // slower one measured faster in Chromium when the engine's tiers were still settling.
  const times = variants.length === 2 ? measurePair(() => variants[0](data), () => variants[1](data)) : variants.map((v) => measure(() => v(data)));
  const fastest = variants[times.indexOf(Math.min(...times))];
  const [clgMs, plainMs] = measurePair(clg, () => fastest(data));
  return { name, clgMs, plainMs, goalMs, plainVariant: variants.length === 1 ? null : fastest.name };
}

/**
 * The fixed cost of one call into the package and the cost of an Array
 * crossing the boundary, per element: `nps` of a 1-element Uint8Array and
 * of a 1-element Array; `nps`, `csat` and `ces` of 10 k answers as an
 * Array less the same as a Uint8Array, per element. Returns rows
 * `{ what, us }` (microseconds).
 */
export function callCosts(lib) {
  const random = prng(16);
  const array = (top) => Array.from({ length: 10_000 }, () => 1 + Math.floor(random() * top));
  const one = Uint8Array.of(9);
  const rows = [
    { what: 'nps(Uint8Array.of(9)): one call', us: measure(() => lib.nps(one)) * 1000 },
    { what: 'nps([9]): one call with an Array', us: measure(() => lib.nps([9])) * 1000 },
  ];
  for (const [name, top] of [['nps', 10], ['csat', 5], ['ces', 7]]) {
    const scores = array(top);
    const bytes = Uint8Array.from(scores);
    const [asArray, asBytes] = measurePair(() => lib[name](scores), () => lib[name](bytes));
    rows.push({ what: `${name}, 10 k: an Array less a Uint8Array, per element`, us: ((asArray - asBytes) * 1000) / scores.length });
  }
  return rows;
}

/** Every workload of a module: its default export, or each of an array of them. */
export const workloadsOf = (module) => [].concat(module.default);

/**
 * `count` app events `{ name, props }` for the track() workloads: four
 * names, a plan and a row count each.
 */
export function appEvents(count, seed) {
  const random = prng(seed);
  const names = ['page_viewed', 'report_exported', 'filter_applied', 'invite_sent'];
  return Array.from({ length: count }, () => ({
    name: names[Math.floor(random() * names.length)],
    props: { plan: 'pro', rows: Math.floor(random() * 1000) },
  }));
}

/** A deterministic PRNG (mulberry32) for workload data. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The plain-JS baselines' NPS from counts, with the adjusted-Wald 95 %
 * interval (Rocks 2016): `{ score, n, low, high }` on -100..100.
 */
export function plainNps(promoters, passives, detractors) {
  const z = 1.959963984540054;
  const n = promoters + passives + detractors;
  const adjustedN = n + 3;
  const p = (promoters + 0.75) / adjustedN;
  const d = (detractors + 0.75) / adjustedN;
  const centre = p - d;
  const margin = z * Math.sqrt((p + d - centre * centre) / adjustedN);
  return {
    score: ((promoters - detractors) / n) * 100,
    n,
    low: Math.max(centre - margin, -1) * 100,
    high: Math.min(centre + margin, 1) * 100,
  };
}

/**
 * The t quantile for a 95 % interval with `df` degrees of freedom, as the
 * package computes it from 3000 on: the Cornish-Fisher expansion
 * (Abramowitz & Stegun 26.7.5, four terms) of the normal quantile. Below
 * that the package solves for it exactly, which is not a few lines of JS:
 * the workloads have 10 k answers or more.
 */
function tQuantile975(df) {
  if (!(df >= 3000)) throw new RangeError(`the plain t quantile needs >= 3000 degrees of freedom, not ${df}`);
  const z = 1.959963984540054;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92_160;
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/**
 * The plain-JS baselines' result of `kind` ('nps', 'csat' or 'ces' on 1 to
 * `high`) from a histogram of the answers (`counts[s]` answers of s), with
 * every field the package returns: NPS with its adjusted-Wald interval,
 * CSAT with its Wilson interval, CES with its mean, standard deviation,
 * easy share and Student's t interval (clipped to the scale); CSAT and CES
 * also give the counts of 1 to `high`. `lowSample`: fewer than 30 answers.
 */
export function surveyResult(kind, counts, high) {
  const level = 0.95;
  if (kind === 'nps') {
    const promoters = counts[9] + counts[10];
    const passives = counts[7] + counts[8];
    const detractors = counts[0] + counts[1] + counts[2] + counts[3] + counts[4] + counts[5] + counts[6];
    const { score, n, low, high: top } = plainNps(promoters, passives, detractors);
    return { score, n, promoters, passives, detractors, lowSample: n < 30, interval: { low, high: top, level } };
  }
  let n = 0;
  let sum = 0;
  for (let s = 1; s <= high; s++) {
    n += counts[s];
    sum += s * counts[s];
  }
  const distribution = { lowSample: n < 30, scale: high, counts: Array.from(counts.subarray(1, high + 1)) };
  if (kind === 'csat') {
    const satisfied = counts[high - 1] + counts[high];
    const z = 1.959963984540054;
    const p = satisfied / n;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const margin = ((z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)));
    return { score: p * 100, n, satisfied, ...distribution, interval: { low: (centre - margin) * 100, high: (centre + margin) * 100, level } };
  }
  const mean = sum / n;
  let squares = 0;
  let easy = 0;
  for (let s = 1; s <= high; s++) {
    squares += counts[s] * (s - mean) * (s - mean);
    if (2 * s > high + 1) easy += counts[s];
  }
  const variance = squares / (n - 1);
  const margin = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return {
    mean, n, sd: Math.sqrt(variance), easy, easyShare: (easy / n) * 100, ...distribution,
    interval: { low: Math.max(mean - margin, 1), high: Math.min(mean + margin, high), level },
  };
}

/**
 * Throws unless the package's result `clg` of `kind` and the plain side's
 * have the same keys at every level and the same values (numbers within
 * 1e-9 relative, anything else identical).
 */
export function checkSurvey(kind, clg, plain) {
  const compare = (a, b, path) => {
    if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) compare(a[key], b[key], `${path}.${key}`);
    } else if (typeof a === 'number' && typeof b === 'number') {
      assertClose(a, b, `${kind} ${path}`);
    } else if (a !== b) {
      throw new Error(`${kind} ${path}: clg-metrics gave ${a}, plain JS gave ${b}`);
    }
  };
  compare(clg, plain, 'result');
}

/**
 * The UTC month of `ms` as year x 12 + month (0-based), by integer
 * arithmetic on the day number (the civil-from-days algorithm of
 * H. Hinnant, "chrono-compatible low-level date algorithms").
 */
export function utcMonth(ms) {
  const z = Math.floor(ms / 86_400_000) + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const mp = Math.floor((5 * (doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))) + 2) / 153); // March = 0
  return (yoe + era * 400) * 12 + mp + 2; // March of year y is month y x 12 + 2
}

/** Throws unless `a` and `b` agree to a relative tolerance. */
export function assertClose(a, b, what, tolerance = 1e-9) {
  if (!(Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b)))) {
    throw new Error(`${what}: clg-metrics gave ${a}, plain JS gave ${b}`);
  }
}
