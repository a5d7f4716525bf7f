// Test page script: loads the widgets and records every event they send.
import '/dist/widgets/index.js';

window.widgetEvents = [];
for (const type of ['clg-submit', 'clg-later', 'clg-dismiss']) {
  document.addEventListener(type, (event) => window.widgetEvents.push({ type, target: event.target.id, detail: event.detail }));
}
document.documentElement.dataset.ready = 'true';
