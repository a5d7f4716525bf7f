// client.track() with a results model: as track.mjs, but half of the
// events feed app-generated metrics (a count and a sum over rolling
// windows), so the amortised cost includes applying them to the user's
// ResultsStore in wasm when each batch of 100 is sealed, reading the two
// metrics, and the reset() that keeps memory flat (10 000 events per run
// so that it weighs as it would in a session). Against a plain-JS buffer
// that also keeps the same two rolling metrics by hand.
import { appEvents } from '../harness.mjs';

const EVENTS = 10_000;
const WEEK = 7 * 86_400_000;
const MODEL = {
  roles: [{
    id: 'admin', name: 'Admin',
    maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
    metrics: [
      { id: 'reports', name: 'Reports exported per week', kind: 'value', unit: 'reports', direction: 'higher',
        collection: { method: 'appGenerated', rule: { type: 'count', event: 'report_exported', window: { type: 'rolling', days: 7 } } } },
      { id: 'rows', name: 'Rows filtered per week', kind: 'value', unit: 'rows', direction: 'higher',
        collection: { method: 'appGenerated', rule: { type: 'sum', event: 'filter_applied', property: 'rows', window: { type: 'rolling', days: 7 } } } },
    ],
  }],
};
const { createClient } = await import(typeof window === 'undefined' ? 'clg-metrics/sdk' : '/dist/sdk/index.js');
const client = await createClient({ accountId: 'bench', userId: 'bench-model', role: 'admin', storage: 'memory', maxOutboxItems: 1_000_000, model: MODEL });

export default {
  name: `track() with a model, ${EVENTS} events (µs/event = ms / 10)`,
  setup() {
    return appEvents(EVENTS, 12);
  },
  clg(_lib, events) {
    let accepted = 0;
    for (let i = 0; i < events.length; i++) if (client.track(events[i].name, events[i].props)) accepted++;
    const [reports, rows] = client.metrics().map((m) => m.current);
    client.reset();
    return { accepted, reports, rows };
  },
  plain(events) {
    const buffer = [];
    const reports = [];
    const rows = [];
    for (let i = 0; i < events.length; i++) {
      const { name, props } = events[i];
      const at = Date.now();
      buffer.push({ name, at, props: { ...props } });
      if (name === 'report_exported') reports.push(at);
      else if (name === 'filter_applied') rows.push([at, props.rows]);
    }
    const since = Date.now() - WEEK;
    return {
      accepted: buffer.length,
      reports: reports.filter((at) => at > since).length,
      rows: rows.reduce((sum, [at, n]) => (at > since ? sum + n : sum), 0),
    };
  },
  check(a, b) {
    for (const key of ['accepted', 'reports', 'rows']) if (a[key] !== b[key]) throw new Error(`${key}: clg ${a[key]} vs plain ${b[key]}`);
  },
};
