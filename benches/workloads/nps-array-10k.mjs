// NPS of 10 k answers given as a plain Array of numbers (the convenient,
// per-element-checked entry point).
import { assertClose, prng } from '../harness.mjs';

export default {
  name: 'NPS, 10 k scores as an Array',
  setup() {
    const random = prng(7);
    return Array.from({ length: 10_000 }, () => Math.floor(random() * 11));
  },
  clg(lib, scores) {
    return lib.nps(scores).score;
  },
  plain(scores) {
    let promoters = 0;
    let detractors = 0;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i];
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > 10) throw new RangeError(`scores[${i}]`);
      if (s >= 9) promoters++;
      else if (s <= 6) detractors++;
    }
    return ((promoters - detractors) / scores.length) * 100;
  },
  check(a, b) {
    assertClose(a, b, 'NPS');
  },
};
