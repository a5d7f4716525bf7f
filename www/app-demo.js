// The Beacon demo app: a ResultsStore fed by the product's own events,
// the role goals panel, and an NPS prompt that the SDK's survey policy
// allows after a few actions. Results state is kept in localStorage; the
// SDK keeps events and answers in IndexedDB until the demo's collector
// (POST /collect, started by `npm start`) acknowledges them.
import { init, ResultsStore } from '/dist/index.js';
import { createClient } from '/dist/sdk/index.js';
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
let client;
let actionsDone = 0;
let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

await init();
store = load();
client = await sdkClient(localStorage.getItem(`${SAVED}-role`) ?? 'marketer');
$('nps').client = client;
for (const { id, name } of ROLES) $('role').append(new Option(name, id));
$('role').value = localStorage.getItem(`${SAVED}-role`) ?? 'marketer';
$('lang').value = document.documentElement.lang;
$('role').addEventListener('change', showRole);
$('lang').addEventListener('change', () => { document.documentElement.lang = $('lang').value; });
$('reset').addEventListener('click', async () => {
  await client.reset(); // the SDK forgets this user's local data, survey history included
  actionsDone = 0;
  localStorage.removeItem(SAVED);
  store.free();
  store = load();
  showRole();
});
$('panel').addEventListener('clg-change', save);
$('nps').addEventListener('clg-submit', (e) => { $('activity').textContent = `Thanks! You answered ${e.detail.score}.`; });
showRole();

/** The SDK client of the demo's one user: events and answers go to the demo collector. */
function sdkClient(role) {
  return createClient({
    accountId: ACCOUNT,
    userId: 'demo-user',
    role,
    endpoint: '/collect',
    storage: 'indexeddb',
    consent: 'granted',
    // Demo-friendly policy: NPS at most every 90 days per user; no session delay.
    policy: { kinds: { nps: { recontactDays: 90 } }, userGapDays: 1, sessionDelayMinutes: 0 },
    onError: (error) => console.warn(`clg-metrics sdk: ${error.code}: ${error.message}`),
  });
}

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

/** An in-app event: it feeds the app-generated metrics and goes to the collector. */
function record(event, props = {}) {
  store.track(event, { account: ACCOUNT, ...props });
  client.track(event, props);
}

function track(event, props, message) {
  record(event, props);
  afterAction(message);
}

function identify(n) {
  let fit = 0;
  for (let i = 0; i < n; i++) {
    record('visitor_identified');
    if (random() < 0.4) {
      record('visitor_fit');
      fit++;
    }
  }
  afterAction(`${n} visitor${n > 1 ? 's' : ''} identified, ${fit} fit your ICP`);
}

function exportContacts(n) {
  for (let i = 0; i < n; i++) record('contact_exported', { company: COMPANIES[Math.floor(random() * COMPANIES.length)] });
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
  // After a few actions, ask the survey policy whether this is a good moment for NPS.
  if (++actionsDone >= 5 && $('nps').hidden) $('nps').ask();
}
