// client.track() with a results model: as track.mjs, but half of the
// events feed app-generated metrics (a count and a sum over rolling
// windows), so the amortised cost includes applying them to the user's
// ResultsStore in wasm when each batch of 100 is sealed, reading the two
// metrics, and the reset() that keeps memory flat (10 000 events per run
// so that it weighs as it would in a session). The events span three weeks
// (the client's clock is the event's time while it tracks it), so the
// 7-day windows (whole UTC days, the read's day included) leave most of
// them out. Against a plain-JS recorder that keeps the buffer and the two
// metrics' inputs in parallel arrays (no wrapper object or pair per event)
// and sums the windows with plain loops.
import { appEvents } from '../harness.mjs';

const EVENTS = 10_000;
const DAY = 86_400_000;
const WINDOW_DAYS = 7;
const NOW = Date.UTC(2026, 2, 1, 15, 30); // mid-day: a window of days is not the last 7 x 24 h
const SPAN = 3 * WINDOW_DAYS * DAY;
const MODEL = {
  roles: [{
    id: 'admin', name: 'Admin',
    maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
    metrics: [
      { id: 'reports', name: 'Reports exported per week', kind: 'value', unit: 'reports', direction: 'higher',
        collection: { method: 'appGenerated', rule: { type: 'count', event: 'report_exported', window: { type: 'rolling', days: WINDOW_DAYS } } } },
      { id: 'rows', name: 'Rows filtered per week', kind: 'value', unit: 'rows', direction: 'higher',
        collection: { method: 'appGenerated', rule: { type: 'sum', event: 'filter_applied', property: 'rows', window: { type: 'rolling', days: WINDOW_DAYS } } } },
    ],
  }],
};
const { createClient } = await import(typeof window === 'undefined' ? 'clg-metrics/sdk' : '/dist/sdk/index.js');
const client = await createClient({ accountId: 'bench', userId: 'bench-model', role: 'admin', storage: 'memory', maxOutboxItems: 1_000_000, model: MODEL });

export default {
  name: `track() with a model, ${EVENTS} events (µs/event = ms / 10)`,
  setup() {
    // In time order, evenly over the SPAN before NOW.
    return appEvents(EVENTS, 12).map(({ name, props }, i) => ({ name, props, at: NOW - SPAN + Math.floor(((i + 1) * SPAN) / EVENTS) }));
  },
  clg(_lib, events) {
    // The client stamps events, and reads metrics, at Date.now().
    const realNow = Date.now;
    let clock = 0;
    Date.now = () => clock;
    try {
      let accepted = 0;
      for (let i = 0; i < events.length; i++) {
        clock = events[i].at;
        if (client.track(events[i].name, events[i].props)) accepted++;
      }
      clock = NOW;
      const [reports, rows] = client.metrics().map((m) => m.current);
      client.reset();
      return { accepted, reports, rows };
    } finally {
      Date.now = realNow;
    }
  },
  plain(events) {
    const n = events.length;
    const names = new Array(n);
    const ats = new Float64Array(n);
    const props = new Array(n);
    const reportAt = new Float64Array(n);
    const rowsAt = new Float64Array(n);
    const rows = new Float64Array(n);
    let reportCount = 0;
    let rowsCount = 0;
    for (let i = 0; i < n; i++) {
      const { name, at, props: p } = events[i];
      names[i] = name;
      ats[i] = at;
      props[i] = { ...p };
      if (name === 'report_exported') reportAt[reportCount++] = at;
      else if (name === 'filter_applied') {
        rowsAt[rowsCount] = at;
        rows[rowsCount++] = p.rows;
      }
    }
    // The window: the read's UTC day and the 6 before it.
    const since = (Math.floor(NOW / DAY) - WINDOW_DAYS + 1) * DAY;
    let reports = 0;
    let rowSum = 0;
    for (let i = 0; i < reportCount; i++) reports += reportAt[i] >= since ? 1 : 0;
    for (let i = 0; i < rowsCount; i++) if (rowsAt[i] >= since) rowSum += rows[i];
    return { accepted: names.length, reports, rows: rowSum };
  },
  check(a, b) {
    for (const key of ['accepted', 'reports', 'rows']) if (a[key] !== b[key]) throw new Error(`${key}: clg ${a[key]} vs plain ${b[key]}`);
  },
};
