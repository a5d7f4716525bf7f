// NPS of 10 k answers given as a plain Array of numbers (the convenient,
// per-element-checked entry point) vs the tight plain-JS loop: one check
// per element (a whole number 0..10: `(s | 0) === s` is false for any
// non-number, NaN and fractions) and an 11-slot histogram.
import { checkNps, plainNpsOfCounts, prng } from '../harness.mjs';

export default {
  name: 'NPS, 10 k scores as an Array',
  setup() {
    const random = prng(7);
    return Array.from({ length: 10_000 }, () => Math.floor(random() * 11));
  },
  clg(lib, scores) {
    return lib.nps(scores);
  },
  plain(scores) {
    const counts = new Int32Array(11);
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i];
      if ((s | 0) !== s || s < 0 || s > 10) throw new RangeError(`scores[${i}]: must be a whole number from 0 to 10`);
      counts[s]++;
    }
    return plainNpsOfCounts(counts);
  },
  check: checkNps,
};
