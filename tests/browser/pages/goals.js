// Test page script: a real ResultsStore drives the goal progress widgets.
import { init, ResultsStore } from '/dist/index.js';
import '/dist/widgets/index.js';

await init();
const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 5);
const store = new ResultsStore();
store.defineModel({
  roles: [{
    id: 'sdr', name: 'SDR',
    maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
    metrics: [
      {
        id: 'contacts', name: 'Contacts provided per month', kind: 'value', unit: 'contacts', direction: 'higher',
        collection: { method: 'appGenerated', rule: { type: 'count', event: 'contact_added', window: { type: 'rolling', days: 30 } } },
      },
      { id: 'meetings', name: 'Meetings booked', kind: 'value', unit: 'meetings', direction: 'higher', collection: { method: 'selfReported' } },
    ],
  }],
});
store.upsertAccount({ id: 'acme', roles: [{ role: 'sdr', maturity: 1 }] });
store.setGoal({ account: 'acme', role: 'sdr', metric: 'contacts', baseline: 0, target: 20, start, due: start + 20 * DAY });

/** Tracks `n` contacts on day `day` of the goal and shows the statuses as of that day. */
window.perform = (n, day) => {
  const at = start + day * DAY;
  for (let i = 0; i < n; i++) store.track('contact_added', { account: 'acme' }, at);
  const [contacts, meetings] = store.goals({ account: 'acme', role: 'sdr' }, at);
  document.getElementById('bar').status = contacts;
  document.getElementById('ring').status = contacts;
  document.getElementById('none').status = meetings;
};
window.perform(0, 0);
document.documentElement.dataset.ready = 'true';
