// The Beacon demo app: a ResultsStore fed by the product's own events,
// the role goals panel, and an NPS prompt after a few actions. State is
// kept in localStorage so a reload keeps everything.
import { init, ResultsStore } from '/dist/index.js';
import '/dist/widgets/index.js';
import { MODEL, ROLES } from './model.js';

const SAVED = 'beacon-demo-results';
const ACCOUNT = 'northwind';
const COMPANIES = ['Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Wonka'];

/** What each role can do in Beacon: [label, action]. */
const ACTIONS = {
  marketer: [
    ['Identify a visitor', () => identify(1)],
    ['Identify 10 visitors', () => identify(10)],
  ],
  sdr: [
    ['Export a contact to the CRM', () => exportContacts(1)],
    ['Export 5 contacts', () => exportContacts(5)],
  ],
  vp: [
    ['Create a deal from a web visitor (€5,000)', () => track('deal_created', { amount: 5000 }, 'Deal created: €5,000 in pipeline')],
    ['Sync revenue from the CRM', () => syncRevenue()],
  ],
};

const $ = (id) => document.getElementById(id);
let store;
let actionsDone = 0;
let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

await init();
store = load();
for (const { id, name } of ROLES) $('role').append(new Option(name, id));
$('role').value = localStorage.getItem(`${SAVED}-role`) ?? 'marketer';
$('lang').value = document.documentElement.lang;
$('role').addEventListener('change', showRole);
$('lang').addEventListener('change', () => { document.documentElement.lang = $('lang').value; });
$('reset').addEventListener('click', () => {
  localStorage.removeItem(SAVED);
  store.free();
  store = load();
  showRole();
});
$('panel').addEventListener('clg-change', save);
$('nps').addEventListener('clg-submit', (e) => { $('activity').textContent = `Thanks! You answered ${e.detail.score}.`; });
showRole();

function load() {
  const saved = localStorage.getItem(SAVED);
  if (saved) {
    try {
      return ResultsStore.fromJSON(saved);
    } catch (error) {
      console.warn(`Saved demo state ignored: ${error.message}`);
    }
  }
  const fresh = new ResultsStore();
  fresh.defineModel(MODEL);
  fresh.upsertAccount({ id: ACCOUNT, name: 'Northwind', roles: ROLES.map(({ id }, i) => ({ role: id, maturity: i + 1 })) });
  return fresh;
}

function save() {
  localStorage.setItem(SAVED, JSON.stringify(store.toJSON()));
}

function showRole() {
  const role = $('role').value;
  localStorage.setItem(`${SAVED}-role`, role);
  $('actions').replaceChildren(
    ...ACTIONS[role].map(([label, act]) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.addEventListener('click', act);
      return button;
    }),
  );
  const panel = $('panel');
  panel.setAttribute('role-id', role);
  panel.store = store;
}

function track(event, props, message) {
  store.track(event, { account: ACCOUNT, ...props });
  afterAction(message);
}

function identify(n) {
  let fit = 0;
  for (let i = 0; i < n; i++) {
    store.track('visitor_identified', { account: ACCOUNT });
    if (random() < 0.4) {
      store.track('visitor_fit', { account: ACCOUNT });
      fit++;
    }
  }
  afterAction(`${n} visitor${n > 1 ? 's' : ''} identified, ${fit} fit your ICP`);
}

function exportContacts(n) {
  for (let i = 0; i < n; i++) store.track('contact_exported', { account: ACCOUNT, company: COMPANIES[Math.floor(random() * COMPANIES.length)] });
  afterAction(`${n} contact${n > 1 ? 's' : ''} exported to the CRM`);
}

function syncRevenue() {
  const current = store.value({ account: ACCOUNT, role: 'vp', metric: 'revenue' }) ?? 40_000;
  const value = Math.round(current * (1 + random() * 0.1));
  store.recordObservation({ account: ACCOUNT, role: 'vp', metric: 'revenue', value, method: 'integration', at: Date.now() });
  afterAction(`Revenue synced from the CRM: €${value.toLocaleString('en')}`);
}

function afterAction(message) {
  store.review();
  save();
  $('panel').refresh();
  $('activity').textContent = message;
  if (++actionsDone === 5) $('nps').hidden = false;
}
