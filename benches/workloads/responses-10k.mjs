// 10 k NPS response objects with segments: NPS per plan per UTC month,
// through lib.surveyTrend (validation + grouping + adjusted-Wald intervals
// in wasm) vs a tuned plain-JS implementation of the same grouping: one
// pass reads each response's fields once into typed columns (plan number,
// UTC day, NPS band); the month comes from a table of the days spanned
// (utcMonth once per calendar day, not per response); the counts go into
// one Int32Array indexed by plan, month and band (no Map of Maps, no
// object per group). 2x faster than two-level Maps.

import { plainNps, prng, utcMonth } from '../harness.mjs';

const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const REGIONS = ['emea', 'amer', 'apac'];
const YEAR_START = Date.UTC(2025, 0, 1);
const YEAR_MS = 365 * 86_400_000;
const DAY = 86_400_000;
/** The widest span of days the month table covers (274 years). */
const MAX_DAYS = 100_000;

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
    const responses = data.responses;
    const n = responses.length;
    const planNumber = new Map();
    const plans = [];
    const planOf = new Int32Array(n);
    const dayOf = new Float64Array(n);
    const bandOf = new Uint8Array(n); // 0 detractor, 1 passive, 2 promoter
    let firstDay = Infinity;
    let lastDay = -Infinity;
    for (let i = 0; i < n; i++) {
      const r = responses[i];
      const score = r.score;
      if ((score | 0) !== score || score < 0 || score > 10) throw new RangeError('score out of range');
      const plan = r.segments.plan;
      let p = planNumber.get(plan);
      if (p === undefined) {
        p = plans.length;
        planNumber.set(plan, p);
        plans.push(plan);
      }
      planOf[i] = p;
      const day = Math.floor(r.timestamp / DAY);
      dayOf[i] = day;
      if (day < firstDay) firstDay = day;
      if (day > lastDay) lastDay = day;
      bandOf[i] = score >= 9 ? 2 : score >= 7 ? 1 : 0;
    }
    if (n === 0) return [];
    if (!(lastDay - firstDay < MAX_DAYS)) throw new RangeError(`timestamps span more than ${MAX_DAYS} days`);
    // The month of each day spanned, counted from the first one.
    const monthOfDay = new Int32Array(lastDay - firstDay + 1);
    const firstMonth = utcMonth(firstDay * DAY);
    for (let d = 0; d < monthOfDay.length; d++) monthOfDay[d] = utcMonth((firstDay + d) * DAY) - firstMonth;
    const months = monthOfDay[monthOfDay.length - 1] + 1;
    const counts = new Int32Array(plans.length * months * 3);
    for (let i = 0; i < n; i++) counts[(planOf[i] * months + monthOfDay[dayOf[i] - firstDay]) * 3 + bandOf[i]]++;
    const out = [];
    for (const plan of [...plans].sort()) {
      const p = planNumber.get(plan);
      for (let m = 0; m < months; m++) {
        const k = (p * months + m) * 3;
        const [detractors, passives, promoters] = [counts[k], counts[k + 1], counts[k + 2]];
        if (detractors + passives + promoters === 0) continue;
        const month = firstMonth + m;
        const period = `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
        out.push({ plan, period, ...plainNps(promoters, passives, detractors) });
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
