// 1 M NPS scores as a Uint8Array: lib.nps (counts + adjusted-Wald interval
// in wasm) vs a plain-JS loop computing the same.

import { plainNps, prng } from '../harness.mjs';

export default {
  name: 'nps-typed-1m',

  setup() {
    const random = prng(20261123);
    const scores = new Uint8Array(1_000_000);
    // Skewed like real NPS answers: many 8-10, a tail of detractors.
    const weights = [2, 1, 1, 2, 2, 5, 6, 10, 20, 25, 26];
    const total = weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < scores.length; i++) {
      let r = random() * total;
      let s = 0;
      while (r >= weights[s]) r -= weights[s++];
      scores[i] = s;
    }
    return { scores };
  },

  clg(lib, data) {
    return lib.nps(data.scores);
  },

  plain(data) {
    const { scores } = data;
    let promoters = 0;
    let passives = 0;
    let detractors = 0;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i];
      if (s > 10) throw new RangeError(`scores[${i}]: out of range`);
      if (s >= 9) promoters++;
      else if (s >= 7) passives++;
      else detractors++;
    }
    const { score, n, low, high } = plainNps(promoters, passives, detractors);
    return { score, n, promoters, passives, detractors, interval: { low, high, level: 0.95 } };
  },

  check(clg, plain) {
    for (const key of ['n', 'promoters', 'passives', 'detractors']) {
      if (clg[key] !== plain[key]) throw new Error(`${key}: clg ${clg[key]} vs plain ${plain[key]}`);
    }
    for (const [name, a, b] of [
      ['score', clg.score, plain.score],
      ['interval.low', clg.interval.low, plain.interval.low],
      ['interval.high', clg.interval.high, plain.interval.high],
    ]) {
      if (!(Math.abs(a - b) <= 1e-9)) throw new Error(`${name}: clg ${a} vs plain ${b}`);
    }
  },
};
