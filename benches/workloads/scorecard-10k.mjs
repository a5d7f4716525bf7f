// Scorecard workload: 10,000 accounts, 12 months of MRR (plus the opening
// snapshot), 5 roles x 5 metrics of goal progress per account and one
// survey score per account. Both sides compute the monthly revenue
// metrics, the scorecard of the last month (value, previous, change,
// status) and the customer-results <-> revenue link (groups and Pearson /
// Spearman correlations).

import { prng } from '../harness.mjs';

const ACCOUNTS = 10_000;
const SNAPSHOTS = 13; // opening + 12 months
const ROLES = 5;
const METRICS = 5;
const GOALS = ROLES * METRICS;
const TARGETS = { nrr: 102, grr: 92, logoChurn: 3, crr: 97, accountsExpanded: 10 };
const LOWER_IS_BETTER = new Set(['logoChurn']);

function setup() {
  const random = prng(20261123);
  const mrr = new Float64Array(ACCOUNTS * SNAPSHOTS);
  const goalProgress = new Float64Array(ACCOUNTS * GOALS);
  const surveyScores = new Float64Array(ACCOUNTS);
  for (let a = 0; a < ACCOUNTS; a++) {
    // Most accounts pay at the opening; some start later.
    const start = random() < 0.85 ? 0 : 1 + Math.floor(random() * 11);
    const health = random();
    let value = start < SNAPSHOTS ? Math.round(100 + random() * 4900) : 0;
    let churned = false;
    for (let s = 0; s < SNAPSHOTS; s++) {
      if (s < start || churned) {
        mrr[a * SNAPSHOTS + s] = 0;
        continue;
      }
      if (s > start) {
        const r = random();
        if (r < 0.02 * (1.5 - health)) churned = true;
        else if (r < 0.08) value = Math.round(value * (1 + random() * 0.3 * health));
        else if (r < 0.1) value = Math.round(value * (1 - random() * 0.2));
      }
      mrr[a * SNAPSHOTS + s] = churned ? 0 : value;
    }
    for (let g = 0; g < GOALS; g++) {
      goalProgress[a * GOALS + g] = random() < 0.2 ? NaN : Math.round((random() * 1.2 + health * 0.6 - 0.2) * 100) / 100;
    }
    surveyScores[a] = random() < 0.3 ? NaN : Math.min(10, Math.floor(random() * 6 + health * 5));
  }
  // The customer-results KPIs per role arrive as numbers (the
  // customer-results part computes them); derived here once from the same
  // goal progress so they are realistic.
  const roleResults = (offset) =>
    Array.from({ length: ROLES }, (_, r) => {
      let goals = 0;
      let achieved = 0;
      for (let a = 0; a < ACCOUNTS; a++) {
        for (let m = 0; m < METRICS; m++) {
          const p = goalProgress[a * GOALS + r * METRICS + m];
          if (!Number.isNaN(p)) {
            goals++;
            if (p >= 1) achieved++;
          }
        }
      }
      const goalAchieved = Math.max(0, (achieved / goals) * 100 - offset);
      return { role: `role${r}`, averageGain: 10 + r - offset, measuresInPlace: 80 - offset, measurableGain: 55 + r - offset, goalAchieved };
    });
  return { mrr, goalProgress, surveyScores, results: roleResults(0), previousResults: roleResults(2) };
}

function clg(lib, data) {
  const company = lib.CompanyData.fromSnapshots(data.mrr, SNAPSHOTS);
  try {
    const months = company.metrics().map(({ revenue: r }) => ({
      mrr: r.mrr, nrr: r.nrr.value, grr: r.grr.value, logoChurn: r.logoChurn.value, crr: r.crr.value,
      arpa: r.arpa.value, netNewArr: r.netNewArr, expansionMrr: r.expansionMrr, accountsExpanded: r.accountsExpanded.value,
    }));
    const card = company.scorecard({ results: data.results, previousResults: data.previousResults, targets: TARGETS });
    const lines = {};
    for (const line of [...card.company, ...card.customerResults]) {
      if (line.key in TARGETS || line.role !== null) {
        lines[line.key] = { value: line.value.value, previous: line.previous.value, change: line.change.value, status: line.status };
      }
    }
    const link = company.resultsLink({ goalProgress: data.goalProgress, goalsPerAccount: GOALS, surveyScores: data.surveyScores });
    const group = (g) => ({ accounts: g.accounts, retention: g.retention.value, expansion: g.expansion.value, nrr: g.nrr.value });
    return {
      months,
      lines,
      achieving: group(link.achieving),
      notAchieving: group(link.notAchieving),
      correlations: link.correlations.map((c) => ({ x: c.x, y: c.y, n: c.n, pearson: c.pearson.value, spearman: c.spearman.value })),
    };
  } finally {
    company.free();
  }
}

// ---- plain JS (tuned) -----------------------------------------------------
// One pass per month with every sum in a local (measured 2x faster than
// one pass over the accounts into per-month typed arrays), conditional
// amounts added as `cond ? x : 0` (x + 0 is x: the same sums as adding
// under a branch, so the results are bit-identical); goal counts
// branch-free into typed arrays (no growing Arrays); each variable ranked
// once per correlation from its distinct values, sorted once with the
// built-in numeric sort of a Float64Array, each value's rank found by
// binary search (2x faster than a Map of 10 k doubles).

function plainMonths(mrr) {
  const pct = (x, d) => (d === 0 ? null : (x * 100) / d);
  const months = [];
  for (let t = 0; t < SNAPSHOTS - 1; t++) {
    let startMrr = 0, endMrr = 0, incoming = 0, expansion = 0, contraction = 0, churn = 0;
    let start = 0, end = 0, fresh = 0, lost = 0, expanded = 0;
    for (let i = t; i < ACCOUNTS * SNAPSHOTS; i += SNAPSHOTS) {
      const s = mrr[i], e = mrr[i + 1];
      const paying = s > 0, pays = e > 0, grew = paying && e > s;
      startMrr += s;
      endMrr += e;
      start += paying ? 1 : 0;
      end += pays ? 1 : 0;
      fresh += !paying && pays ? 1 : 0;
      lost += paying && !pays ? 1 : 0;
      expanded += grew ? 1 : 0;
      incoming += s === 0 ? e : 0;
      churn += paying && !pays ? s : 0;
      expansion += grew ? e - s : 0;
      contraction += paying && pays && e < s ? s - e : 0;
    }
    months.push({
      mrr: endMrr,
      nrr: pct(startMrr + expansion - contraction - churn, startMrr),
      grr: pct(startMrr - contraction - churn, startMrr),
      logoChurn: pct(lost, start),
      crr: pct(end - fresh, start),
      arpa: end === 0 ? null : endMrr / end,
      netNewArr: 12 * (incoming + expansion - contraction - churn),
      expansionMrr: expansion,
      accountsExpanded: pct(expanded, start),
    });
  }
  return months;
}

/** 1-based ranks of `values` (no NaN), ties at their mean rank. */
function ranks(values) {
  const sorted = values.slice().sort();
  // The distinct values, each with its mean rank.
  const distinct = new Float64Array(sorted.length);
  const meanRank = new Float64Array(sorted.length);
  let d = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    distinct[d] = sorted[i];
    meanRank[d++] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let lo = 0, hi = d - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = meanRank[lo];
  }
  return out;
}

function pearson(x, y) {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.min(1, Math.max(-1, sxy / (Math.sqrt(sxx) * Math.sqrt(syy))));
}

/**
 * Correlations of `xs` with each of `ys` (never NaN here: account NRR
 * and retention are known for every paying account) over the accounts
 * where x is known; x is filtered and ranked once.
 */
function correlateEach(xs, ys) {
  let n = 0;
  const keep = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) if (!Number.isNaN(xs[i])) keep[n++] = i;
  const pick = (values) => {
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = values[keep[k]];
    return out;
  };
  if (n < 2) return ys.map(() => ({ n, pearson: null, spearman: null }));
  const x = pick(xs);
  const xRanks = ranks(x);
  return ys.map((values) => {
    const y = pick(values);
    return { n, pearson: pearson(x, y), spearman: pearson(xRanks, ranks(y)) };
  });
}

function plain(data) {
  const { mrr, goalProgress, surveyScores } = data;
  const months = plainMonths(mrr);

  const lines = {};
  const last = months.length - 1;
  for (const key of Object.keys(TARGETS)) {
    const value = months[last][key];
    const previous = months[last - 1][key];
    const target = TARGETS[key];
    const status = value === null ? 'notAvailable' : (LOWER_IS_BETTER.has(key) ? value <= target : value >= target) ? 'onTrack' : 'offTrack';
    lines[key] = { value, previous, change: value === null || previous === null ? null : value - previous, status };
  }
  for (const role of data.results) {
    const before = data.previousResults.find((r) => r.role === role.role);
    for (const kpi of ['averageGain', 'measuresInPlace', 'measurableGain', 'goalAchieved']) {
      lines[`results.${role.role}.${kpi}`] = { value: role[kpi], previous: before[kpi], change: role[kpi] - before[kpi], status: 'noTarget' };
    }
  }

  const groups = [0, 1].map(() => ({ accounts: 0, retained: 0, expanded: 0, start: 0, end: 0 }));
  const share = new Float64Array(ACCOUNTS), nrr = new Float64Array(ACCOUNTS);
  const retained = new Float64Array(ACCOUNTS), survey = new Float64Array(ACCOUNTS);
  let m = 0;
  for (let a = 0; a < ACCOUNTS; a++) {
    const start = mrr[a * SNAPSHOTS];
    if (start <= 0) continue;
    const end = mrr[a * SNAPSHOTS + SNAPSHOTS - 1];
    let set = 0, reached = 0;
    for (let g = a * GOALS, last = g + GOALS; g < last; g++) {
      const p = goalProgress[g];
      set += Number.isNaN(p) ? 0 : 1;
      reached += p >= 1 ? 1 : 0; // false for NaN
    }
    const s = set === 0 ? NaN : reached / set;
    if (set > 0) {
      const group = groups[s >= 0.5 ? 0 : 1];
      group.accounts++;
      if (end > 0) group.retained++;
      if (end > start) group.expanded++;
      group.start += start;
      group.end += end;
    }
    share[m] = s;
    nrr[m] = (end / start) * 100;
    retained[m] = end > 0 ? 1 : 0;
    survey[m++] = surveyScores[a];
  }
  const pct = (x, d) => (d === 0 ? null : (x * 100) / d);
  const group = (g) => ({ accounts: g.accounts, retention: pct(g.retained, g.accounts), expansion: pct(g.expanded, g.accounts), nrr: pct(g.end, g.start) });
  const ys = [nrr.subarray(0, m), retained.subarray(0, m)];
  const correlations = [];
  for (const [x, xs] of [['goalAchievement', share.subarray(0, m)], ['surveyScore', survey.subarray(0, m)]]) {
    const [toNrr, toRetained] = correlateEach(xs, ys);
    correlations.push({ x, y: 'accountNrr', ...toNrr }, { x, y: 'retained', ...toRetained });
  }
  return { months, lines, achieving: group(groups[0]), notAchieving: group(groups[1]), correlations };
}

// ---- comparison ---------------------------------------------------------

function check(clgResult, plainResult) {
  const compare = (a, b, path) => {
    if (typeof a === 'number' && typeof b === 'number') {
      // Bit-identical: the same sums in the same order.
      if (a !== b) throw new Error(`${path}: clg ${a} vs plain ${b}`);
      return;
    }
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
      if (a !== b) throw new Error(`${path}: clg ${a} vs plain ${b}`);
      return;
    }
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) compare(a[key], b[key], `${path}.${key}`);
  };
  compare(clgResult, plainResult, 'result');
  if (clgResult.months.length !== 12 || Object.keys(clgResult.lines).length !== Object.keys(TARGETS).length + 20) {
    throw new Error('unexpected shape');
  }
}

export default { name: 'scorecard-10k', setup, clg, plain, check };
