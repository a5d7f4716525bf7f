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
// Bit-identical to the package: the same sums in the same order.
// - Monthly metrics: one strided pass per month with every sum in a local,
//   branching on paying / pays / grew: most accounts do not change in a
//   month, so the branches predict well and most of the updates are
//   skipped (skipping an add of 0 leaves a sum bit-identical).
// - Spearman ranks: a column of small whole numbers (retained 0/1, survey
//   scores 0-10) is ranked by counting, with no sort; a goal share is
//   reached / set with set <= 25, so it is ranked from the counts of its
//   (reached, set) pairs, sorting only the few distinct pairs; account NRR
//   is sorted once (built-in numeric sort of a Float64Array), each value's
//   mean rank found by a branch-free binary search over the distinct values.
// - The hot loops sit in small functions (the engines optimise them sooner
//   than one big function entered once per call).

function plainMonths(mrr) {
  const pct = (x, d) => (d === 0 ? null : (x * 100) / d);
  const months = [];
  for (let t = 0; t < SNAPSHOTS - 1; t++) {
    let startMrr = 0, endMrr = 0, incoming = 0, expansion = 0, contraction = 0, churn = 0;
    let start = 0, end = 0, fresh = 0, lost = 0, expanded = 0;
    for (let i = t; i < ACCOUNTS * SNAPSHOTS; i += SNAPSHOTS) {
      const s = mrr[i], e = mrr[i + 1];
      startMrr += s;
      endMrr += e;
      if (s > 0) {
        start++;
        if (e > 0) {
          end++;
          if (e > s) {
            expanded++;
            expansion += e - s;
          } else if (e < s) {
            contraction += s - e;
          }
        } else {
          lost++;
          churn += s;
        }
      } else {
        if (e > 0) {
          end++;
          fresh++;
        }
        if (s === 0) incoming += e;
      }
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

/** Values below this that are whole numbers are ranked by counting. */
const SMALL = 1024;

/** 1-based ranks of `values` (no NaN), ties at their mean rank. */
function ranks(values) {
  const n = values.length;
  const out = new Float64Array(n);
  let small = true;
  for (let i = 0; i < n && small; i++) small = values[i] >>> 0 === values[i] && values[i] < SMALL;
  if (small) {
    const counts = new Int32Array(SMALL);
    for (let i = 0; i < n; i++) counts[values[i]]++;
    const meanRank = new Float64Array(SMALL);
    for (let v = 0, before = 0; v < SMALL; before += counts[v++]) meanRank[v] = (before + (before + counts[v] - 1)) / 2 + 1;
    for (let i = 0; i < n; i++) out[i] = meanRank[values[i]];
    return out;
  }
  const sorted = values.slice().sort();
  // The distinct values, each with its mean rank.
  const distinct = new Float64Array(n);
  const meanRank = new Float64Array(n);
  let d = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    distinct[d] = sorted[i];
    meanRank[d++] = (i + j) / 2 + 1;
    i = j + 1;
  }
  // Branch-free binary search: `base` ends at the last distinct value <= v.
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let base = 0;
    for (let len = d; len > 1; len -= len >> 1) base = distinct[base + (len >> 1)] <= v ? base + (len >> 1) : base;
    out[i] = meanRank[base];
  }
  return out;
}

/**
 * Ranks of goal shares from their fractions: `pairs[i]` is reached * 32 +
 * set of share i (set <= 25). The distinct pairs are sorted by their share
 * (equal fractions give the same double, so they tie) and each gets its
 * mean rank: no sort of the 8.5 k shares.
 */
function shareRanks(pairs) {
  const counts = new Int32Array(32 * 32);
  for (let i = 0; i < pairs.length; i++) counts[pairs[i]]++;
  const share = (k) => (k >> 5) / (k & 31);
  const keys = [];
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0) keys.push(k);
  keys.sort((a, b) => share(a) - share(b));
  const meanRank = new Float64Array(32 * 32);
  let before = 0;
  for (let i = 0; i < keys.length; ) {
    let j = i;
    let tied = counts[keys[i]];
    while (j + 1 < keys.length && share(keys[j + 1]) === share(keys[i])) tied += counts[keys[++j]];
    for (let k = i; k <= j; k++) meanRank[keys[k]] = (before + (before + tied - 1)) / 2 + 1;
    before += tied;
    i = j + 1;
  }
  const out = new Float64Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) out[i] = meanRank[pairs[i]];
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
  // Equal sums of squares divide by one of them (exact), as the core does.
  return Math.min(1, Math.max(-1, sxy / (sxx === syy ? sxx : Math.sqrt(sxx) * Math.sqrt(syy))));
}

/** `values` at the positions `keep[0..n)`. */
function pick(values, keep, n) {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = values[keep[k]];
  return out;
}

/**
 * The distinct values of `values` (no NaN, no -0: the table is keyed by
 * bits) numbered in ascending order:
 * `{ ids, count }`, ties sharing an id. One numeric sort of a copy, then
 * each value's id from an open-addressing table keyed by its bits (no
 * search per value). A column ranked over several subsets is numbered
 * once (subsetRanks).
 */
function denseIds(values) {
  const n = values.length;
  const sorted = values.slice().sort();
  let size = 2;
  while (size < 2 * n) size <<= 1;
  const mask = size - 1;
  const keys = new Float64Array(size);
  const ids = new Int32Array(size).fill(-1);
  const slot = (v, words, w) => {
    let h = (Math.imul(words[w] ^ Math.imul(words[w + 1], 0x9e3779b1), 0x85ebca6b) >>> 15) & mask;
    while (ids[h] !== -1 && keys[h] !== v) h = (h + 1) & mask;
    return h;
  };
  const sortedBits = new Int32Array(sorted.buffer);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    const h = slot(sorted[i], sortedBits, 2 * i);
    keys[h] = sorted[i];
    ids[h] = count++;
  }
  const valueBits = new Int32Array(values.buffer, values.byteOffset, 2 * n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = ids[slot(values[i], valueBits, 2 * i)];
  return { ids: out, count };
}

/** 1-based ranks, ties at their mean rank, of the values numbered `ids` (denseIds) at the positions `keep[0..n)`. */
function subsetRanks({ ids, count }, keep, n) {
  const counts = new Int32Array(count);
  for (let k = 0; k < n; k++) counts[ids[keep[k]]]++;
  const meanRank = new Float64Array(count);
  for (let v = 0, before = 0; v < count; before += counts[v++]) meanRank[v] = before + (counts[v] + 1) / 2;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = meanRank[ids[keep[k]]];
  return out;
}

/**
 * Correlations of `xs` with each of `ys` (never NaN here: account NRR
 * and retention are known for every paying account) over the accounts
 * where x is known; x is filtered and ranked once, by `rankX(x, keep, n)`,
 * each y by `rankYs[j](y, keep, n)`.
 */
function correlateEach(xs, ys, rankX, rankYs) {
  let n = 0;
  const keep = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) if (!Number.isNaN(xs[i])) keep[n++] = i;
  if (n < 2) return ys.map(() => ({ n, pearson: null, spearman: null }));
  const x = pick(xs, keep, n);
  const xRanks = rankX(x, keep, n);
  return ys.map((values, j) => {
    const y = pick(values, keep, n);
    return { n, pearson: pearson(x, y), spearman: pearson(xRanks, rankYs[j](y, keep, n)) };
  });
}

/** One pass over the paying accounts: the two goal groups and the columns to correlate. */
function accountColumns(mrr, goalProgress, surveyScores) {
  let accounts0 = 0, retained0 = 0, expanded0 = 0, start0 = 0, end0 = 0;
  let accounts1 = 0, retained1 = 0, expanded1 = 0, start1 = 0, end1 = 0;
  const share = new Float64Array(ACCOUNTS), nrr = new Float64Array(ACCOUNTS);
  const retained = new Float64Array(ACCOUNTS), survey = new Float64Array(ACCOUNTS);
  const pairs = new Int32Array(ACCOUNTS); // the share's fraction: reached * 32 + set
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
    if (s >= 0.5) {
      accounts0++; start0 += start; end0 += end;
      if (end > 0) retained0++;
      if (end > start) expanded0++;
    } else if (set > 0) {
      accounts1++; start1 += start; end1 += end;
      if (end > 0) retained1++;
      if (end > start) expanded1++;
    }
    pairs[m] = reached * 32 + set;
    share[m] = s;
    nrr[m] = (end / start) * 100;
    retained[m] = end > 0 ? 1 : 0;
    survey[m++] = surveyScores[a];
  }
  const pct = (x, d) => (d === 0 ? null : (x * 100) / d);
  return {
    achieving: { accounts: accounts0, retention: pct(retained0, accounts0), expansion: pct(expanded0, accounts0), nrr: pct(end0, start0) },
    notAchieving: { accounts: accounts1, retention: pct(retained1, accounts1), expansion: pct(expanded1, accounts1), nrr: pct(end1, start1) },
    pairs: pairs.subarray(0, m), share: share.subarray(0, m), nrr: nrr.subarray(0, m), retained: retained.subarray(0, m), survey: survey.subarray(0, m),
  };
}

function scoreLines(months, results, previousResults) {
  const lines = {};
  const last = months.length - 1;
  for (const key of Object.keys(TARGETS)) {
    const value = months[last][key];
    const previous = months[last - 1][key];
    const target = TARGETS[key];
    const status = value === null ? 'notAvailable' : (LOWER_IS_BETTER.has(key) ? value <= target : value >= target) ? 'onTrack' : 'offTrack';
    lines[key] = { value, previous, change: value === null || previous === null ? null : value - previous, status };
  }
  for (const role of results) {
    const before = previousResults.find((r) => r.role === role.role);
    for (const kpi of ['averageGain', 'measuresInPlace', 'measurableGain', 'goalAchieved']) {
      lines[`results.${role.role}.${kpi}`] = { value: role[kpi], previous: before[kpi], change: role[kpi] - before[kpi], status: 'noTarget' };
    }
  }
  return lines;
}

function plain(data) {
  const months = plainMonths(data.mrr);
  const columns = accountColumns(data.mrr, data.goalProgress, data.surveyScores);
  const ys = [columns.nrr, columns.retained];
  // Account NRR is ranked over two subsets: its values are numbered once.
  const nrrIds = denseIds(columns.nrr);
  const rankYs = [(_y, keep, n) => subsetRanks(nrrIds, keep, n), ranks];
  const [goalToNrr, goalToRetained] = correlateEach(columns.share, ys, (_x, keep, n) => shareRanks(pick(columns.pairs, keep, n)), rankYs);
  const [surveyToNrr, surveyToRetained] = correlateEach(columns.survey, ys, ranks, rankYs);
  return {
    months,
    lines: scoreLines(months, data.results, data.previousResults),
    achieving: columns.achieving,
    notAchieving: columns.notAchieving,
    correlations: [
      { x: 'goalAchievement', y: 'accountNrr', ...goalToNrr },
      { x: 'goalAchievement', y: 'retained', ...goalToRetained },
      { x: 'surveyScore', y: 'accountNrr', ...surveyToNrr },
      { x: 'surveyScore', y: 'retained', ...surveyToRetained },
    ],
  };
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
