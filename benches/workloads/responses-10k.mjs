// 10 k NPS response objects with segments: NPS per plan per UTC month,
// through lib.surveyTrend (validation + grouping + adjusted-Wald intervals
// in wasm) vs a tuned plain-JS implementation of the same grouping
// (integer month arithmetic, two-level maps).

import { plainNps, prng, utcMonth } from '../harness.mjs';

const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const REGIONS = ['emea', 'amer', 'apac'];
const YEAR_START = Date.UTC(2025, 0, 1);
const YEAR_MS = 365 * 86_400_000;

export default {
  name: 'responses-10k',

  setup() {
    const random = prng(7);
    const responses = [];
    for (let i = 0; i < 10_000; i++) {
      const plan = PLANS[Math.floor(random() * PLANS.length)];
      responses.push({
        kind: 'nps',
        score: Math.min(10, Math.floor(random() * 8) + (plan === 'enterprise' ? 4 : 3)),
        timestamp: YEAR_START + Math.floor(random() * YEAR_MS),
        respondent: { userId: `user-${i % 2500}`, accountId: `acct-${i % 400}`, role: i % 3 ? 'SDR' : 'Marketing VP' },
        segments: { plan, region: REGIONS[i % REGIONS.length] },
      });
    }
    return { responses };
  },

  clg(lib, data) {
    return lib.surveyTrend(data.responses, { groupBy: ['plan'], period: 'month' });
  },

  plain(data) {
    // Plan -> (month number -> counts): no Date objects, no key strings
    // per response; the period text is made once per group.
    const plans = new Map();
    for (const r of data.responses) {
      const score = r.score;
      if ((score | 0) !== score || score < 0 || score > 10) throw new RangeError('score out of range');
      const plan = r.segments.plan;
      let months = plans.get(plan);
      if (!months) plans.set(plan, (months = new Map()));
      const month = utcMonth(r.timestamp);
      let g = months.get(month);
      if (!g) months.set(month, (g = { promoters: 0, passives: 0, detractors: 0 }));
      if (score >= 9) g.promoters++;
      else if (score >= 7) g.passives++;
      else g.detractors++;
    }
    const out = [];
    for (const plan of [...plans.keys()].sort()) {
      const months = plans.get(plan);
      for (const month of [...months.keys()].sort((a, b) => a - b)) {
        const g = months.get(month);
        const period = `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
        out.push({ plan, period, ...plainNps(g.promoters, g.passives, g.detractors) });
      }
    }
    return out;
  },

  check(clg, plain) {
    const groups = clg.groups;
    if (groups.length !== plain.length) throw new Error(`groups: clg ${groups.length} vs plain ${plain.length}`);
    groups.forEach((g, i) => {
      const p = plain[i];
      if (g.segment.plan !== p.plan || g.period !== p.period) {
        throw new Error(`group ${i}: clg ${g.segment.plan}/${g.period} vs plain ${p.plan}/${p.period}`);
      }
      if (g.result.n !== p.n) throw new Error(`group ${i} n: clg ${g.result.n} vs plain ${p.n}`);
      for (const [name, a, b] of [
        ['score', g.result.score, p.score],
        ['low', g.result.interval.low, p.low],
        ['high', g.result.interval.high, p.high],
      ]) {
        if (!(Math.abs(a - b) <= 1e-9)) throw new Error(`group ${i} ${name}: clg ${a} vs plain ${b}`);
      }
    });
  },
};
