// 1 M tracked events into 50 app-generated metric rules (5 roles x 10
// metrics: counts, sums, distinct counts and ratios over rolling and
// calendar windows) at 100 accounts, through ResultsStore.track versus a
// tuned plain-JS implementation: rules indexed by event name; the account
// (and a distinct count's value) numbered once through a Map, so a rule's
// cells are Arrays indexed by number; a count or sum cell is two Arrays
// (slots ascending, their totals): events come in time order, so an event
// adds to the last slot or appends one; a distinct count keeps each
// value's newest slot; the day number once per event, the month from a
// one-day cache (integer month arithmetic); windows summed when read.
// Both read every metric of every account at the end; check() compares
// the values.

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

// Window kinds, and what a term adds up.
const ROLLING = 0, DAY_PERIOD = 1, WEEK = 2, MONTH = 3, QUARTER = 4;
const COUNT = 0, SUM = 1, DISTINCT = 2;

class PlainResults {
  constructor(model) {
    this.byEvent = new Map(); // event name -> the feeds it updates
    this.metrics = [];
    this.accountNumber = new Map();
    this.valueNumber = new Map(); // a distinct count's values (companies)
    this.cachedDay = NaN;
    this.cachedMonth = 0;
    for (const role of model.roles) {
      for (const metric of role.metrics) {
        const rule = metric.collection.rule;
        const { type, days, period } = rule.window;
        const window = type === 'rolling' ? ROLLING : { day: DAY_PERIOD, week: WEEK, month: MONTH, quarter: QUARTER }[period];
        const terms = rule.type === 'ratio' ? [rule.numerator, rule.denominator] : [rule];
        // cells[account]: { slots, totals } for a count or sum; for a distinct
        // count, each value number's newest slot.
        const feeds = terms.map((term) => ({
          aggregate: { count: COUNT, sum: SUM, distinct: DISTINCT }[term.type],
          property: term.property,
          window,
          slots: type === 'rolling' ? days : 1,
          cells: [],
        }));
        terms.forEach((term, k) => {
          if (!this.byEvent.has(term.event)) this.byEvent.set(term.event, []);
          this.byEvent.get(term.event).push(feeds[k]);
        });
        this.metrics.push({ role: role.id, metric: metric.id, feeds });
      }
    }
  }

  /** The slot of `window` that the UTC day `day` falls in. */
  slot(window, day) {
    if (window === ROLLING || window === DAY_PERIOD) return day;
    if (window === WEEK) return Math.floor((day + 3) / 7); // ISO weeks (Monday)
    if (day !== this.cachedDay) {
      this.cachedDay = day;
      this.cachedMonth = utcMonth(day * DAY);
    }
    return window === MONTH ? this.cachedMonth : Math.floor(this.cachedMonth / 3);
  }

  /** Events arrive in time order: a cell's newest slot grows or a new one follows it. */
  track(name, props, ms) {
    const feeds = this.byEvent.get(name);
    if (feeds === undefined) return;
    let account = this.accountNumber.get(props.account);
    if (account === undefined) this.accountNumber.set(props.account, (account = this.accountNumber.size));
    const day = Math.floor(ms / DAY);
    for (let f = 0; f < feeds.length; f++) {
      const feed = feeds[f];
      const slot = this.slot(feed.window, day);
      let cell = feed.cells[account];
      if (feed.aggregate === DISTINCT) {
        let value = this.valueNumber.get(props[feed.property]);
        if (value === undefined) this.valueNumber.set(props[feed.property], (value = this.valueNumber.size));
        if (cell === undefined) feed.cells[account] = cell = [];
        while (cell.length <= value) cell.push(-Infinity); // never seen
        cell[value] = slot;
        continue;
      }
      const x = feed.aggregate === COUNT ? 1 : props[feed.property];
      if (cell === undefined) feed.cells[account] = cell = { slots: [], totals: [] };
      const last = cell.slots.length - 1;
      if (last >= 0 && cell.slots[last] === slot) cell.totals[last] += x;
      else if (last < 0 || cell.slots[last] < slot) {
        cell.slots.push(slot);
        cell.totals.push(0 + x); // the first add, as to a fresh total of 0
      } else throw new RangeError('events must come in time order');
    }
  }

  /** A feed's total at `ms`, at or after every tracked event (as the workload reads). */
  total(feed, account, ms) {
    const cell = feed.cells[this.accountNumber.get(account)];
    if (cell === undefined) return null;
    const high = this.slot(feed.window, Math.floor(ms / DAY));
    const low = high - feed.slots + 1;
    let total = 0;
    if (feed.aggregate === DISTINCT) {
      for (let v = 0; v < cell.length; v++) total += cell[v] >= low ? 1 : 0;
      return total;
    }
    const { slots, totals } = cell;
    let i = slots.length;
    while (i > 0 && slots[i - 1] >= low) i--;
    for (; i < slots.length && slots[i] <= high; i++) total += totals[i];
    return total;
  }

  value(account, metric, ms) {
    const num = this.total(metric.feeds[0], account, ms);
    if (metric.feeds.length === 1) return num;
    const den = this.total(metric.feeds[1], account, ms);
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
