// Test page script: a ResultsStore behind the role goals panel.
import { init, ResultsStore } from '/dist/index.js';
import '/dist/widgets/index.js';

await init();
const store = new ResultsStore();
store.defineModel({
  roles: [{
    id: 'sdr', name: 'Sales development rep',
    maturity: [
      { name: 'Initial', improvement: { type: 'percent', amount: 20 } },
      { name: 'Defined', improvement: { type: 'percent', amount: 10 } },
    ],
    metrics: [
      {
        id: 'meetings', name: 'Meetings booked per week', kind: 'value', unit: 'meetings', direction: 'higher',
        dataSource: 'Your calendar', collection: { method: 'selfReported' },
      },
      {
        id: 'confidence', name: 'Confidence in the ICP', kind: 'value', unit: 'points', direction: 'higher',
        collection: { method: 'scaleAssessed', scale: [
          { value: 1, label: 'Guessing' }, { value: 2, label: 'Some data' }, { value: 3, label: 'Data-driven' }, { value: 4, label: 'Proven' },
        ] },
      },
    ],
  }],
});
store.upsertAccount({ id: 'acme', name: 'Acme', roles: [{ role: 'sdr', maturity: 1 }] });
window.store = store;
window.changes = [];
const panel = document.getElementById('panel');
panel.addEventListener('clg-change', (e) => window.changes.push(e.detail));
panel.store = store;
document.documentElement.dataset.ready = 'true';
