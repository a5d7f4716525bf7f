// The Beacon demo app: the product's own events feed the role metrics of
// the SDK client, the role goals panel reads and writes through it, and the
// survey campaigns (campaigns.js: NPS after a few uses, CES after a report
// export, goal-period check-ins) are shown by <clg-prompt-host> when the
// SDK's policy allows. The client keeps everything in IndexedDB (per user) and sends
// events, answers, observations and goal changes to the demo's collector
// (POST /collect, started by `npm start`) until it acknowledges them.
import { createClient } from '/dist/sdk/index.js';
import { configureWidgets } from '/dist/widgets/index.js';
import { beaconCampaigns, POLICY } from './campaigns.js';
import { demoText, euros, useLanguage } from './demo-lang.js';
import { MODEL, ROLES } from './model.js';
import { registerModelTexts, roleName } from './model-text.js';

const ROLE_KEY = 'beacon-demo-role';
const ACCOUNT = 'northwind';
const COMPANIES = ['Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Wonka'];

/** What each role can do in Beacon: [label, action] (every role also exports the weekly report). */
const ACTIONS = {
  marketer: [
    [() => demoText('action.identify1'), () => identify(1)],
    [() => demoText('action.identify10'), () => identify(10)],
  ],
  sdr: [
    [() => demoText('action.export1'), () => exportContacts(1)],
    [() => demoText('action.export5'), () => exportContacts(5)],
  ],
  vp: [
    [() => demoText('action.deal', { amount: euros(5000) }), () => track('deal_created', { amount: 5000 }, () => demoText('done.deal', { amount: euros(5000) }))],
    [() => demoText('action.sync'), () => syncRevenue()],
  ],
};

const $ = (id) => document.getElementById(id);
let client;
/** The last thing that happened, written again in the reader's language when it changes. */
let activity = () => '';
let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

registerModelTexts(ROLES);
configureWidgets({ wholeUnits: ['meetings'] }); // self-reported, but counted in whole meetings
for (const role of ROLES) $('role').append(new Option(role.name, role.id));
$('role').value = localStorage.getItem(ROLE_KEY) ?? 'marketer';
useLanguage($('lang'), (lang) => {
  for (const option of $('role').options) option.textContent = roleName(lang, ROLES.find((r) => r.id === option.value));
  $('activity').textContent = activity();
  if (client) {
    showActions();
    client.campaigns(beaconCampaigns()); // the campaigns' wording in the new language
    showWhy();
  }
});
await switchRole();
$('role').addEventListener('change', switchRole);
$('reset').addEventListener('click', async () => {
  // An open prompt belongs to the data being forgotten: the host lets go of the client (closing it),
  // and takes it again once the reset is done.
  $('prompts').client = null;
  await client.reset(); // the SDK forgets this user's local data: metrics, goals, survey history, campaign triggers
  $('prompts').client = client;
  tell(() => ''); // the last activity was forgotten too
  showRole();
  showWhy();
});
// Thanks once the answer was accepted (clg-sent), not on clg-submit, which comes before it is recorded and may be refused.
$('prompts').addEventListener('clg-sent', (e) => {
  tell(() => (e.detail.kind === 'checkin' ? demoText('done.checkIn') : demoText('done.thanks', { score: e.detail.score })));
});
$('prompts').addEventListener('clg-change', () => $('panel').refresh()); // a check-in's value is recorded: the goal moved
$('prompts').addEventListener('clg-prompt', () => showWhy());
$('why').addEventListener('toggle', () => showWhy());
keepClearOfPrompts();

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
    policy: POLICY,
    onError: (error) => console.warn(`clg-metrics sdk: ${error.code}: ${error.message}`),
  });
  client.campaigns(beaconCampaigns());
  $('prompts').client = client; // shows whichever campaign is due, one at a time
  showRole();
}

function showRole() {
  showActions();
  $('panel').client = client;
}

function showActions() {
  const report = [() => demoText('action.report'), () => track('report_exported', { format: 'pdf' }, () => demoText('done.report'))];
  $('actions').replaceChildren(
    ...[...ACTIONS[$('role').value], report].map(([label, act]) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label();
      button.addEventListener('click', act);
      return button;
    }),
  );
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
  afterAction(() => demoText('done.identified', { n, fit }));
}

function exportContacts(n) {
  for (let i = 0; i < n; i++) client.track('contact_exported', { company: COMPANIES[Math.floor(random() * COMPANIES.length)] });
  afterAction(() => demoText('done.exported', { n }));
}

/** An integration-fed value: in a real app your CRM integration would call record(). */
async function syncRevenue() {
  const current = client.metrics().find((m) => m.metric === 'revenue').current ?? 40_000;
  const value = Math.round(current * (1 + random() * 0.1));
  const { accepted, error } = await client.record({ metric: 'revenue', value, method: 'integration' });
  if (!accepted) console.warn(`demo: revenue not recorded: ${error.code}: ${error.message}`);
  afterAction(() => (accepted ? demoText('done.synced', { amount: euros(value) }) : demoText('done.notSynced')));
}

/** Every action is a use of the product: the NPS campaign counts them. `message()` says what happened. */
function afterAction(message) {
  client.track('feature_used');
  $('panel').refresh();
  tell(message);
  showWhy();
}

/** Shows what happened, and keeps it to write again in another language. */
function tell(message) {
  activity = message;
  $('activity').textContent = message();
}

/**
 * "Why no survey now?": each campaign's decision as the SDK explains it, as a sentence in the
 * reader's language; the campaign id and the SDK's reason code stay in the item's
 * data-campaign, data-reason and title, for developers.
 */
function showWhy() {
  if (!$('why').open) return;
  const date = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' });
  const known = (key, fallback) => (demoText(key) === key ? fallback : demoText(key));
  $('why-list').replaceChildren(...client.campaignStatus().campaigns.map(({ campaignId, reason, nextEligibleAt }) => {
    const item = document.createElement('li');
    Object.assign(item.dataset, { campaign: campaignId, reason });
    item.title = `${campaignId}: ${reason}`;
    const name = document.createElement('strong');
    name.textContent = known(`why.campaign.${campaignId}`, campaignId);
    const next = nextEligibleAt ? ` ${demoText('why.next', { at: date.format(nextEligibleAt) })}.` : '';
    item.append(name, `: ${known(`why.${reason}`, demoText('why.other'))}${next}`);
    return item;
  }));
}

/**
 * The prompt host floats over the bottom of the viewport: while a prompt is open, the page gets
 * that much room below its content (--prompt-space, style.css), so every control can be scrolled
 * above the prompt instead of staying under it.
 */
function keepClearOfPrompts() {
  const host = $('prompts');
  const update = () => {
    const box = host.getBoundingClientRect();
    const floating = getComputedStyle(host).position === 'fixed' && box.height > 0;
    document.body.style.setProperty('--prompt-space', floating ? `${Math.ceil(innerHeight - box.top)}px` : '0px');
  };
  new ResizeObserver(update).observe(host);
  addEventListener('resize', update);
}
