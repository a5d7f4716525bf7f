// nps, csat and ces of 10 k answers given as a plain Array of numbers (the
// convenient, per-element-checked entry point) vs the tightest plain-JS
// count, whichever of two is faster in the engine at hand (the harness
// times both and names the one it used): one answer per step, checked by
// `(s | 0) === s` (false for any non-number, NaN and fractions) and the
// scale, into an 11-slot histogram (fastest in Chromium); or four answers
// per step into four 16-slot lanes, each checked by `(s & 15) === s`, the
// scale checked once on the summed lanes (1.3-1.8x faster in Node). Then
// the same result from the counts (surveyResult in the harness).
import { checkSurvey, prng, surveyResult } from '../harness.mjs';

const KINDS = [
  { kind: 'nps', low: 0, high: 10 },
  { kind: 'csat', low: 1, high: 5 },
  { kind: 'ces', low: 1, high: 7 },
];

/** The error for answer `i` of `scores`, off the scale (or not a whole number). */
const outOfScale = (scores, i) => new RangeError(`scores[${i}]: must be a whole number on the scale, got ${scores[i]}`);

export default KINDS.map(({ kind, low, high }) => ({
  name: `${kind}, 10 k answers as an Array`,
  setup() {
    const random = prng(7);
    return Array.from({ length: 10_000 }, () => low + Math.floor(random() * (high - low + 1)));
  },
  clg(lib, scores) {
    return lib[kind](scores);
  },
  plain: [
    function oneLane(scores) {
      const counts = new Int32Array(11);
      for (let i = 0; i < scores.length; i++) {
        const s = scores[i];
        if ((s | 0) !== s || s < low || s > high) throw outOfScale(scores, i);
        counts[s]++;
      }
      return surveyResult(kind, counts, high);
    },
    function fourLanes(scores) {
      const lanes = new Int32Array(64);
      const n = scores.length;
      let i = 0;
      for (; i + 3 < n; i += 4) {
        const a = scores[i], b = scores[i + 1], c = scores[i + 2], d = scores[i + 3];
        if ((a & 15) !== a || (b & 15) !== b || (c & 15) !== c || (d & 15) !== d) break;
        lanes[a]++;
        lanes[16 + b]++;
        lanes[32 + c]++;
        lanes[48 + d]++;
      }
      for (; i < n; i++) {
        const s = scores[i];
        if ((s & 15) !== s) break;
        lanes[s]++;
      }
      let bad = i < n;
      const counts = new Int32Array(11);
      for (let s = 0; s < 16; s++) {
        const count = lanes[s] + lanes[16 + s] + lanes[32 + s] + lanes[48 + s];
        if (s >= low && s <= high) counts[s] = count;
        else bad ||= count > 0;
      }
      if (bad) throw outOfScale(scores, scores.findIndex((s) => (s | 0) !== s || s < low || s > high));
      return surveyResult(kind, counts, high);
    },
  ],
  check: (clg, plain) => checkSurvey(kind, clg, plain),
}));
