// 1 M tracked events into 50 app-generated metric rules (5 roles x 10
// metrics: counts, sums, distinct counts and ratios over rolling and
// calendar windows) at 100 accounts, through ResultsStore.track versus a
// tuned plain-JS implementation (rules indexed by event name, a total per
// rule, account and day or period, a distinct value's newest slot; windows
// summed when read, integer month arithmetic). Both read every metric of
// every account at the end; check() compares the values.

import { prng, utcMonth } from '../harness.mjs';

const EVENTS = 1_000_000;
const ACCOUNTS = 100;
const ROLES = 5;
const METRICS_PER_ROLE = 10;
const EVENT_NAMES = 20;
const COMPANIES = 500;
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const SPAN = 120 * DAY;

function makeModel(random) {
  const pick = (n) => Math.floor(random() * n);
  const event = () => `e${pick(EVENT_NAMES)}`;
  const windows = [
    { type: 'rolling', days: 1 }, { type: 'rolling', days: 7 }, { type: 'rolling', days: 30 }, { type: 'rolling', days: 90 },
    { type: 'calendar', period: 'day' }, { type: 'calendar', period: 'week' },
    { type: 'calendar', period: 'month' }, { type: 'calendar', period: 'quarter' },
  ];
  const roles = [];
  for (let r = 0; r < ROLES; r++) {
    const metrics = [];
    for (let m = 0; m < METRICS_PER_ROLE; m++) {
      const window = windows[pick(windows.length)];
      const kind = (r * METRICS_PER_ROLE + m) % 4;
      const rule =
        kind === 0 ? { type: 'count', event: event(), window }
        : kind === 1 ? { type: 'sum', event: event(), property: 'amount', window }
        : kind === 2 ? { type: 'distinct', event: event(), property: 'company', window }
        : { type: 'ratio', percent: true, numerator: { type: 'count', event: event() }, denominator: { type: 'count', event: event() }, window };
      metrics.push({
        id: `m${m}`, name: `Metric ${m}`, kind: 'value', unit: 'n', direction: 'higher',
        collection: { method: 'appGenerated', rule },
      });
    }
    roles.push({ id: `r${r}`, name: `Role ${r}`, maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 10 } }], metrics });
  }
  return { roles };
}

// ---------------------------------------------------------- plain JS

function periodNumber(period, ms) {
  const day = Math.floor(ms / DAY);
  if (period === 'day') return day;
  if (period === 'week') return Math.floor((day + 3) / 7); // ISO weeks (Monday)
  const month = utcMonth(ms);
  return period === 'month' ? month : Math.floor(month / 3);
}

const slotOf = (window, ms) => (window.type === 'rolling' ? Math.floor(ms / DAY) : periodNumber(window.period, ms));
const slotsOf = (window) => (window.type === 'rolling' ? window.days : 1);

class PlainResults {
  constructor(model) {
    // event -> [{ term, window, cells: Map(account -> Map(slot -> total)) }]; for a
    // distinct count, Map(account -> Map(value -> newest slot)).
    this.byEvent = new Map();
    this.metrics = [];
    for (const role of model.roles) {
      for (const metric of role.metrics) {
        const rule = metric.collection.rule;
        const terms = rule.type === 'ratio' ? [rule.numerator, rule.denominator] : [rule];
        const feeds = terms.map((term) => ({ term, window: rule.window, cells: new Map() }));
        for (const feed of feeds) {
          if (!this.byEvent.has(feed.term.event)) this.byEvent.set(feed.term.event, []);
          this.byEvent.get(feed.term.event).push(feed);
        }
        this.metrics.push({ role: role.id, metric: metric.id, rule, feeds });
      }
    }
  }

  /** Events arrive in time order: a slot's total grows, a value's newest slot only moves on. */
  track(name, props, ms) {
    for (const feed of this.byEvent.get(name) ?? []) {
      let cell = feed.cells.get(props.account);
      if (!cell) feed.cells.set(props.account, (cell = new Map()));
      const slot = slotOf(feed.window, ms);
      if (feed.term.type === 'distinct') cell.set(props.company, slot);
      else cell.set(slot, (cell.get(slot) ?? 0) + (feed.term.type === 'count' ? 1 : props.amount));
    }
  }

  /** A feed's total at `ms`, at or after every tracked event (as the workload reads). */
  total(feed, account, ms) {
    const cell = feed.cells.get(account);
    if (!cell) return null;
    const high = slotOf(feed.window, ms);
    const low = high - slotsOf(feed.window) + 1;
    let total = 0;
    if (feed.term.type === 'distinct') {
      for (const newest of cell.values()) total += newest >= low ? 1 : 0;
    } else {
      for (const [slot, x] of cell) if (slot >= low && slot <= high) total += x;
    }
    return total;
  }

  value(account, metric, ms) {
    const [num, den] = metric.feeds.map((feed) => this.total(feed, account, ms));
    if (metric.feeds.length === 1) return num;
    if (num === null && den === null) return null;
    return den ? ((num ?? 0) / den) * 100 : null;
  }
}

// ----------------------------------------------------------- workload

function readAll(valueOf, model, end) {
  const out = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    for (const role of model.roles) {
      for (const metric of role.metrics) out.push(valueOf(`acct-${a}`, role.id, metric.id, end));
    }
  }
  return out;
}

export default {
  name: 'track-1m',

  setup() {
    const random = prng(20241123);
    const model = makeModel(random);
    const names = Array.from({ length: EVENT_NAMES }, (_, i) => `e${i}`);
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `acct-${i}`);
    const companies = Array.from({ length: COMPANIES }, (_, i) => `co-${i}`);
    const event = new Uint8Array(EVENTS);
    const account = new Uint8Array(EVENTS);
    const company = new Uint16Array(EVENTS);
    const amount = new Float64Array(EVENTS);
    const time = new Float64Array(EVENTS);
    for (let i = 0; i < EVENTS; i++) {
      event[i] = Math.floor(random() * EVENT_NAMES);
      account[i] = Math.floor(random() * ACCOUNTS);
      company[i] = Math.floor(random() * COMPANIES);
      amount[i] = Math.round(random() * 100_000) / 100; // cents
      time[i] = START + Math.floor((i / EVENTS) * SPAN);
    }
    return { model, names, accounts, companies, event, account, company, amount, time, end: START + SPAN };
  },

  clg(lib, d) {
    const store = new lib.ResultsStore();
    store.defineModel(d.model);
    for (const id of d.accounts) {
      store.upsertAccount({ id, roles: d.model.roles.map((r) => ({ role: r.id, maturity: 1 })) });
    }
    for (let i = 0; i < EVENTS; i++) {
      store.track(d.names[d.event[i]], { account: d.accounts[d.account[i]], amount: d.amount[i], company: d.companies[d.company[i]] }, d.time[i]);
    }
    const values = readAll((account, role, metric, at) => store.value({ account, role, metric }, at), d.model, d.end);
    store.free();
    return values;
  },

  plain(d) {
    const plain = new PlainResults(d.model);
    for (let i = 0; i < EVENTS; i++) {
      plain.track(d.names[d.event[i]], { account: d.accounts[d.account[i]], amount: d.amount[i], company: d.companies[d.company[i]] }, d.time[i]);
    }
    const byId = new Map(plain.metrics.map((m) => [`${m.role}/${m.metric}`, m]));
    return readAll((account, role, metric, at) => plain.value(account, byId.get(`${role}/${metric}`), at), d.model, d.end);
  },

  check(clg, plain) {
    if (clg.length !== plain.length) throw new Error(`lengths differ: ${clg.length} vs ${plain.length}`);
    for (let i = 0; i < clg.length; i++) {
      const [a, b] = [clg[i], plain[i]];
      // Sums are added in a different order: allow 1e-9 relative.
      const same = a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
      if (!same) throw new Error(`value ${i} (account ${Math.floor(i / 50)}, metric ${i % 50}): clg ${a} vs plain ${b}`);
    }
  },
};
