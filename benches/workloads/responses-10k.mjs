// 10 k NPS response objects with segments: NPS per plan per UTC month,
// with each group's change from the plan's month before, through
// lib.surveyTrend (validation + grouping + adjusted-Wald intervals and
// comparisons in wasm) vs a tuned plain-JS implementation of the same
// result, every field of it: one pass reads each response's fields once
// into typed columns (plan number, UTC day, NPS band), the plan found by
// identity with the last one (responses come in runs of few plans), the
// band as (s >= 7) + (s >= 9); the month comes from a table of the days
// spanned (utcMonth once per calendar day, not per response); the counts
// go into one Int32Array indexed by plan, month and band (no Map of Maps,
// no object per group); then each group's result and its change.

import { checkSurvey, plainNps, prng, utcMonth } from '../harness.mjs';

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
    const plans = [];
    const planOf = new Int32Array(n);
    const dayOf = new Int32Array(n);
    const bandOf = new Uint8Array(n); // 0 detractor, 1 passive, 2 promoter
    let firstDay = Infinity;
    let lastDay = -Infinity;
    let lastPlan;
    let p = -1;
    for (let i = 0; i < n; i++) {
      const r = responses[i];
      const score = r.score;
      if ((score | 0) !== score || score < 0 || score > 10) throw new RangeError('score out of range');
      const plan = r.segments.plan;
      if (plan !== lastPlan) {
        p = plans.indexOf(plan);
        if (p < 0) p = plans.push(plan) - 1;
        lastPlan = plan;
      }
      planOf[i] = p;
      const day = Math.floor(r.timestamp / DAY);
      dayOf[i] = day;
      if (day < firstDay) firstDay = day;
      if (day > lastDay) lastDay = day;
      bandOf[i] = Number(score >= 7) + Number(score >= 9);
    }
    if (n === 0) return { kind: 'nps', scale: 10, groups: [] };
    if (!(lastDay - firstDay < MAX_DAYS)) throw new RangeError(`timestamps span more than ${MAX_DAYS} days`);
    // The month of each day spanned, counted from the first one.
    const monthOfDay = new Int32Array(lastDay - firstDay + 1);
    const firstMonth = utcMonth(firstDay * DAY);
    for (let d = 0; d < monthOfDay.length; d++) monthOfDay[d] = utcMonth((firstDay + d) * DAY) - firstMonth;
    const months = monthOfDay[monthOfDay.length - 1] + 1;
    const counts = new Int32Array(plans.length * months * 3);
    for (let i = 0; i < n; i++) counts[(planOf[i] * months + monthOfDay[dayOf[i] - firstDay]) * 3 + bandOf[i]]++;
    const groups = [];
    for (const plan of [...plans].sort()) {
      const q = plans.indexOf(plan);
      let before = null; // the plan's month before: its counts
      for (let m = 0; m < months; m++) {
        const k = (q * months + m) * 3;
        const [detractors, passives, promoters] = [counts[k], counts[k + 1], counts[k + 2]];
        const total = detractors + passives + promoters;
        if (total === 0) {
          before = null;
          continue;
        }
        const month = firstMonth + m;
        const year = Math.floor(month / 12);
        const { score, low, high } = plainNps(promoters, passives, detractors);
        groups.push({
          segment: { plan },
          period: `${year}-${String((month % 12) + 1).padStart(2, '0')}`,
          start: Date.UTC(year, month % 12, 1),
          end: Date.UTC(year, (month % 12) + 1, 1),
          result: { kind: 'nps', score, n: total, promoters, passives, detractors, lowSample: total < 30, interval: { low, high, level: 0.95 } },
          change: before && npsChange(promoters, detractors, total, score, before),
        });
        before = { promoters, detractors, n: total, score };
      }
    }
    return { kind: 'nps', scale: 10, groups };
  },

  // Every field of the trend: the groups, their results and their changes.
  check: (clg, plain) => checkSurvey('nps', clg, plain),
};

/**
 * NPS this period minus the period before, as compare('nps') gives it:
 * the raw difference, and the interval of the difference of the
 * adjusted-Wald estimates, z x the root of the summed variances, within
 * -200..200 (README: Formulas).
 */
function npsChange(promoters, detractors, n, score, before) {
  const z = 1.959963984540054;
  const adjusted = (pro, det, count) => {
    const p = (pro + 0.75) / (count + 3);
    const d = (det + 0.75) / (count + 3);
    return [p - d, (p + d - (p - d) * (p - d)) / (count + 3)];
  };
  const [a1, v1] = adjusted(promoters, detractors, n);
  const [a2, v2] = adjusted(before.promoters, before.detractors, before.n);
  const centre = (a1 - a2) * 100;
  const margin = z * Math.sqrt(v1 + v2) * 100;
  const low = Math.max(centre - margin, -200);
  const high = Math.min(centre + margin, 200);
  return {
    kind: 'nps', difference: score - before.score, interval: { low, high, level: 0.95 },
    significant: low > 0 || high < 0, pValue: null, df: null, nFirst: n, nSecond: before.n,
  };
}
