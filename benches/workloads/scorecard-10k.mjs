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

// ---- plain JS -----------------------------------------------------------

function plainMonth(mrr, t) {
  let startMrr = 0, endMrr = 0, start = 0, end = 0, fresh = 0, lost = 0;
  let expansion = 0, contraction = 0, churn = 0, expanded = 0;
  for (let a = 0; a < ACCOUNTS; a++) {
    const s = mrr[a * SNAPSHOTS + t];
    const e = mrr[a * SNAPSHOTS + t + 1];
    startMrr += s;
    endMrr += e;
    if (s > 0) start++;
    if (e > 0) end++;
    if (s === 0 && e > 0) fresh++;
    if (s > 0 && e === 0) { lost++; churn += s; }
    if (s > 0 && e > s) { expansion += e - s; expanded++; }
    if (s > 0 && e > 0 && e < s) contraction += s - e;
  }
  // Net new ARR from the movements: new and reactivated MRR enter as e.
  let incoming = 0;
  for (let a = 0; a < ACCOUNTS; a++) {
    if (mrr[a * SNAPSHOTS + t] === 0) incoming += mrr[a * SNAPSHOTS + t + 1];
  }
  const pct = (x, d) => (d === 0 ? null : (x * 100) / d);
  return {
    mrr: endMrr,
    nrr: pct(startMrr + expansion - contraction - churn, startMrr),
    grr: pct(startMrr - contraction - churn, startMrr),
    logoChurn: pct(lost, start),
    crr: pct(end - fresh, start),
    arpa: end === 0 ? null : endMrr / end,
    netNewArr: 12 * (incoming + expansion - contraction - churn),
    expansionMrr: expansion,
    accountsExpanded: pct(expanded, start),
  };
}

function ranks(values) {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    for (let k = i; k <= j; k++) out[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
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

function correlate(xs, ys) {
  const x = [], y = [];
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isNaN(xs[i]) && !Number.isNaN(ys[i])) { x.push(xs[i]); y.push(ys[i]); }
  }
  if (x.length < 2) return { n: x.length, pearson: null, spearman: null };
  return { n: x.length, pearson: pearson(x, y), spearman: pearson(ranks(x), ranks(y)) };
}

function plain(data) {
  const { mrr, goalProgress, surveyScores } = data;
  const months = [];
  for (let t = 0; t < SNAPSHOTS - 1; t++) months.push(plainMonth(mrr, t));

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
  const share = [], nrr = [], retained = [], survey = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const start = mrr[a * SNAPSHOTS];
    if (start <= 0) continue;
    const end = mrr[a * SNAPSHOTS + SNAPSHOTS - 1];
    let set = 0, reached = 0;
    for (let g = 0; g < GOALS; g++) {
      const p = goalProgress[a * GOALS + g];
      if (!Number.isNaN(p)) { set++; if (p >= 1) reached++; }
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
    share.push(s);
    nrr.push((end / start) * 100);
    retained.push(end > 0 ? 1 : 0);
    survey.push(surveyScores[a]);
  }
  const pct = (x, d) => (d === 0 ? null : (x * 100) / d);
  const group = (g) => ({ accounts: g.accounts, retention: pct(g.retained, g.accounts), expansion: pct(g.expanded, g.accounts), nrr: pct(g.end, g.start) });
  const correlations = [];
  for (const [x, xs] of [['goalAchievement', share], ['surveyScore', survey]]) {
    for (const [y, ys] of [['accountNrr', nrr], ['retained', retained]]) correlations.push({ x, y, ...correlate(xs, ys) });
  }
  return { months, lines, achieving: group(groups[0]), notAchieving: group(groups[1]), correlations };
}

// ---- comparison ---------------------------------------------------------

function check(clgResult, plainResult) {
  const compare = (a, b, path) => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) throw new Error(`${path}: clg ${a} vs plain ${b}`);
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
