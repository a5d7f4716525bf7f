// The Beacon demo app: the product's own events feed the role metrics of
// the SDK client, the role goals panel reads and writes through it, and an
// NPS prompt appears when the SDK's survey policy allows it after a few
// actions. The client keeps everything in IndexedDB (per user) and sends
// events, answers, observations and goal changes to the demo's collector
// (POST /collect, started by `npm start`) until it acknowledges them.
import { createClient } from '/dist/sdk/index.js';
import '/dist/widgets/index.js';
import { MODEL, ROLES } from './model.js';

const ROLE_KEY = 'beacon-demo-role';
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
let client;
let actionsDone = 0;
let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

for (const { id, name } of ROLES) $('role').append(new Option(name, id));
$('role').value = localStorage.getItem(ROLE_KEY) ?? 'marketer';
$('lang').value = document.documentElement.lang;
await switchRole();
$('role').addEventListener('change', switchRole);
$('lang').addEventListener('change', () => { document.documentElement.lang = $('lang').value; });
$('reset').addEventListener('click', async () => {
  await client.reset(); // the SDK forgets this user's local data: metrics, goals, survey history
  actionsDone = 0;
  showRole();
});
$('nps').addEventListener('clg-submit', (e) => { $('activity').textContent = `Thanks! You answered ${e.detail.score}.`; });

/**
 * The SDK client of the demo's one user in the chosen role (the role's
 * maturity at Northwind: marketer 1, SDR 2, VP 3).
 */
async function switchRole() {
  const role = $('role').value;
  localStorage.setItem(ROLE_KEY, role);
  await client?.destroy();
  client = await createClient({
    accountId: ACCOUNT,
    userId: 'demo-user',
    role,
    model: MODEL,
    maturity: ROLES.findIndex((r) => r.id === role) + 1,
    endpoint: '/collect',
    storage: 'indexeddb',
    consent: 'granted',
    // Demo-friendly policy: NPS at most every 90 days per user; no session delay.
    policy: { kinds: { nps: { recontactDays: 90 } }, userGapDays: 1, sessionDelayMinutes: 0 },
    onError: (error) => console.warn(`clg-metrics sdk: ${error.code}: ${error.message}`),
  });
  $('nps').client = client;
  showRole();
}

function showRole() {
  $('actions').replaceChildren(
    ...ACTIONS[$('role').value].map(([label, act]) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.addEventListener('click', act);
      return button;
    }),
  );
  $('panel').client = client;
}

/** An in-app event: it feeds the app-generated metrics and goes to the collector. */
function track(event, props, message) {
  client.track(event, props);
  afterAction(message);
}

function identify(n) {
  let fit = 0;
  for (let i = 0; i < n; i++) {
    client.track('visitor_identified');
    if (random() < 0.4) {
      client.track('visitor_fit');
      fit++;
    }
  }
  afterAction(`${n} visitor${n > 1 ? 's' : ''} identified, ${fit} fit your ICP`);
}

function exportContacts(n) {
  for (let i = 0; i < n; i++) client.track('contact_exported', { company: COMPANIES[Math.floor(random() * COMPANIES.length)] });
  afterAction(`${n} contact${n > 1 ? 's' : ''} exported to the CRM`);
}

/** An integration-fed value: in a real app your CRM integration would call record(). */
async function syncRevenue() {
  const current = client.metrics().find((m) => m.metric === 'revenue').current ?? 40_000;
  const value = Math.round(current * (1 + random() * 0.1));
  const { accepted, error } = await client.record({ metric: 'revenue', value, method: 'integration' });
  afterAction(accepted ? `Revenue synced from the CRM: €${value.toLocaleString('en')}` : `Not recorded: ${error.message}`);
}

function afterAction(message) {
  $('panel').refresh();
  $('activity').textContent = message;
  // After a few actions, ask the survey policy whether this is a good moment for NPS.
  if (++actionsDone >= 5 && $('nps').hidden) $('nps').ask();
}
