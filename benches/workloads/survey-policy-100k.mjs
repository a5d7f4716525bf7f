// The survey policy with a full state: 100 k prompts of this user and
// 100 k prompts of the account (the documented limit of each list), all
// inside the policy's longest window so none is forgotten. State fresh
// from JS (as JSON.parse of a backend's answer gives it) is packed into
// columns in one pass, crosses once and is checked by the core; state is
// returned as columns, built into frozen objects in one pass when its
// lists are first read (see src/js/policy-state.js; a row times that
// read). The frozen state the module returned last (the SDK's case) is
// used as it is. Goal: each call under 50 ms. The plain-JS
// baselines check the state the same way (types, unique ids) and apply the
// same rules, except on the rows of the state the module returned, where
// the plain side trusts its own state as the module does (a plain SDK
// keeping its state would not check it again); checkSurveyPolicy does not
// depend on the state and has no baseline. POLICY_BENCH_PROMPTS (Node only) changes the size.
const PROMPTS = Number(globalThis.process?.env?.POLICY_BENCH_PROMPTS ?? 100_000);
const GOAL_MS = 50;
const DAY = 86_400_000;
const MINUTE = 60_000;
const T0 = 1_767_225_600_000;
const SPAN = 80 * DAY; // inside the 90-day horizon
const NOW = T0 + SPAN + DAY;
const POLICY = {
  kinds: { nps: { recontactDays: 90 }, csat: { recontactDays: 30 } },
  userGapDays: 14,
  accountCap: { max: 1000, windowDays: 7 },
  sessionDelayMinutes: 2,
  snoozeDays: 1,
};
const ASK = { surveyId: 'nps-q3', kind: 'nps', userId: 'u1', role: 'admin', now: NOW, sessionStart: NOW - DAY };
const OUTCOMES = ['responded', 'dismissed', 'snoozed', 'shown'];
/** The most campaigns a list may hold, each on an event that fired a day ago. */
const CAMPAIGNS = Array.from({ length: 100 }, (_, i) => ({
  id: `campaign-${i}`,
  ask: { survey: { kind: i % 2 ? 'nps' : 'csat' } },
  trigger: { event: { name: `event-${i}` } },
  schedule: { recurDays: 30 },
}));
const CAMPAIGN_CONTEXT = { now: NOW, userId: 'u1', role: 'admin', sessionStart: NOW - DAY, triggered: Object.fromEntries(CAMPAIGNS.map((c) => [c.id, NOW - DAY])) };
const LIMIT = 100_000; // entries per list; the oldest beyond it are forgotten

/** `list` in time order without its oldest entries beyond LIMIT (unchanged when within it). */
const newest = (list) => (list.length <= LIMIT ? list : list.sort((a, b) => a.at - b.at).slice(list.length - LIMIT));

/** A valid state of `n` prompts (ids `${prefix}${i}`), oldest first. */
function state(n, prefix = 'p-') {
  const prompts = [];
  const accountPrompts = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}${String(i).padStart(6, '0')}`;
    const at = T0 + Math.floor((i * SPAN) / n);
    const outcome = OUTCOMES[i % 4];
    prompts.push({ id, surveyId: `s${i % 5}`, kind: i % 2 ? 'nps' : 'csat', at, outcome, outcomeAt: outcome === 'shown' ? null : at + MINUTE });
    accountPrompts.push({ id, role: i % 3 ? 'admin' : 'editor', at });
  }
  return { version: 1, prompts, accountPrompts };
}

// -- plain JS: the same checks and rules, written directly --

function plainCheck(s) {
  if (s.version !== 1) throw new Error('state.version');
  const time = (t) => typeof t === 'number' && Number.isInteger(t) && t >= 0;
  const text = (x) => typeof x === 'string' && x.length > 0 && x.length <= 256;
  const seen = new Set();
  for (const p of s.prompts) {
    if (!text(p.id) || !text(p.surveyId) || !text(p.kind) || !time(p.at) || !OUTCOMES.includes(p.outcome)) throw new Error('prompt');
    if ((p.outcome === 'shown') !== (p.outcomeAt === null) || (p.outcomeAt !== null && !(time(p.outcomeAt) && p.outcomeAt >= p.at))) throw new Error('outcomeAt');
    if (seen.has(p.id)) throw new Error('duplicate');
    seen.add(p.id);
  }
  seen.clear();
  for (const p of s.accountPrompts) {
    if (!text(p.id) || !text(p.role) || !time(p.at)) throw new Error('account prompt');
    if (seen.has(p.id)) throw new Error('duplicate');
    seen.add(p.id);
  }
}

function plainDecide(policy, s, ask, trusted = false) {
  if (!trusted) plainCheck(s);
  let lastKind = -Infinity;
  let lastAny = -Infinity;
  let snoozed = -Infinity;
  for (const p of s.prompts) {
    if (p.outcome === 'snoozed') {
      if (p.kind === ask.kind) snoozed = Math.max(snoozed, p.outcomeAt + policy.snoozeDays * DAY);
      continue;
    }
    lastAny = Math.max(lastAny, p.at);
    if (p.kind === ask.kind) lastKind = Math.max(lastKind, p.at);
  }
  const window = policy.accountCap.windowDays * DAY;
  const inside = s.accountPrompts.map((p) => p.at).filter((t) => t <= ask.now && ask.now < t + window);
  inside.sort((a, b) => a - b);
  const max = policy.accountCap.max;
  const blocks = [
    ['SESSION_TOO_NEW', ask.sessionStart + policy.sessionDelayMinutes * MINUTE],
    ['SNOOZED', snoozed],
    ['RECONTACT_PERIOD', lastKind + policy.kinds[ask.kind].recontactDays * DAY],
    ['USER_FATIGUE', lastAny + policy.userGapDays * DAY],
    ['ACCOUNT_CAP', inside.length >= max ? inside[inside.length - max] + window : -Infinity],
  ];
  let decision = { show: true, reason: 'ELIGIBLE', retryAt: null };
  for (const [reason, until] of blocks) {
    if (ask.now < until && (decision.retryAt === null || until > decision.retryAt)) decision = { show: false, reason, retryAt: until };
  }
  return decision;
}

function plainMerge(mine, other, trusted = false) {
  if (!trusted) plainCheck(mine);
  plainCheck(other);
  const merge = (list, more, replaces) => {
    const index = new Map(list.map((p, i) => [p.id, i]));
    const out = list.slice();
    for (const p of more) {
      const i = index.get(p.id);
      if (i === undefined) out.push(p);
      else if (replaces(out[i])) out[i] = p;
    }
    return newest(out.sort((a, b) => a.at - b.at));
  };
  return {
    version: 1,
    prompts: merge(mine.prompts, other.prompts, (p) => p.outcome === 'shown'),
    accountPrompts: merge(mine.accountPrompts, other.accountPrompts, () => false),
  };
}

function plainRecord(s, event, trusted = false) {
  if (!trusted) plainCheck(s);
  if (s.prompts.some((p) => p.id === event.promptId) || s.accountPrompts.some((p) => p.id === event.promptId)) throw new Error('duplicate');
  const cutoff = event.at - 90 * DAY;
  const { promptId: id, surveyId, kind, role, at } = event;
  return {
    version: 1,
    prompts: newest([...s.prompts.filter((p) => p.at > cutoff || (p.outcomeAt ?? -Infinity) > cutoff), { id, surveyId, kind, at, outcome: 'shown', outcomeAt: null }]),
    accountPrompts: newest([...s.accountPrompts.filter((p) => p.at > cutoff), { id, role, at }]),
  };
}

function plainHash(surveyId, userId) {
  let h = 0x811c9dc5;
  const bytes = [...new TextEncoder().encode(surveyId), 0, ...new TextEncoder().encode(userId)];
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const same = (what) => (a, b) => {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: clg ${JSON.stringify(a).slice(0, 200)} vs plain ${JSON.stringify(b).slice(0, 200)}`);
};
const sameShape = (what) => (a, b) => same(what)(shape(a), shape(b));
const shape = (s) => ({ prompts: s.prompts.length, accountPrompts: s.accountPrompts.length, first: s.prompts[0].id, last: s.accountPrompts.at(-1).id });
const k = `${PROMPTS / 1000} k`;
let recorded = 0;
const SHOWN = { type: 'shown', promptId: 'new-prompt', surveyId: 'nps-q3', kind: 'nps', role: 'admin', at: NOW };

export default [
  {
    name: `policy ${k}: surveyDecision`,
    goalMs: GOAL_MS,
    setup: () => state(PROMPTS),
    clg: (lib, s) => lib.surveyDecision(POLICY, s, ASK),
    plain: (s) => plainDecide(POLICY, s, ASK),
    check: same('decision'),
  },
  {
    name: `policy ${k}: surveyDecision on the state the module returned (as the SDK passes it)`,
    goalMs: GOAL_MS,
    setup: () => ({ state: state(PROMPTS), returned: null }),
    clg: (lib, d) => lib.surveyDecision(POLICY, (d.returned ??= lib.mergeSurveyState(null, d.state)), ASK),
    plain: (d) => plainDecide(POLICY, d.state, ASK, true),
    check: same('decision'),
  },
  {
    name: `policy ${k}: recordSurveyEvent (shown)`,
    goalMs: GOAL_MS,
    setup: () => state(PROMPTS),
    clg: (lib, s) => lib.recordSurveyEvent(POLICY, s, SHOWN),
    plain: (s) => plainRecord(s, SHOWN),
    check: sameShape('recorded state'),
  },
  {
    name: `policy ${k}: recordSurveyEvent (shown) on the state the module returned`,
    goalMs: GOAL_MS,
    setup: () => ({ state: state(PROMPTS), returned: null }),
    clg: (lib, d) => (d.returned = lib.recordSurveyEvent(POLICY, (d.returned ??= lib.mergeSurveyState(null, d.state)), { ...SHOWN, promptId: `new-${++recorded}` })),
    plain: (d) => plainRecord(d.state, SHOWN, true),
    // Each call records one more prompt (the oldest is forgotten): the sizes agree.
    check: (a, b) => same('recorded state')([a.prompts.length, a.accountPrompts.length], [b.prompts.length, b.accountPrompts.length]),
  },
  {
    name: `policy ${k}: mergeSurveyState (+1 k from the server)`,
    goalMs: GOAL_MS,
    setup: () => [state(PROMPTS), state(1000, 'server-')],
    clg: (lib, [s, other]) => lib.mergeSurveyState(s, other),
    plain: ([s, other]) => plainMerge(s, other),
    check: sameShape('merged state'),
  },
  {
    name: `policy ${k}: mergeSurveyState (+1 k from the server) into the state the module returned (as the SDK merges)`,
    goalMs: GOAL_MS,
    setup: () => ({ state: state(PROMPTS), other: state(1000, 'server-'), returned: null }),
    // Each merged state is the one the next call merges into, as the SDK keeps it.
    clg: (lib, d) => (d.returned = lib.mergeSurveyState(d.returned ?? lib.mergeSurveyState(null, d.state), d.other)),
    plain: (d) => plainMerge(d.state, d.other, true),
    check: sameShape('merged state'),
  },
  {
    name: `policy ${k}: mergeSurveyState (a copy of itself)`,
    goalMs: GOAL_MS,
    setup: () => [state(PROMPTS), structuredClone(state(PROMPTS))],
    clg: (lib, [s, other]) => lib.mergeSurveyState(s, other),
    plain: ([s, other]) => plainMerge(s, other),
    check: sameShape('merged state'),
  },
  {
    name: `policy ${k}: mergeSurveyState(null, state), then reading its lists`,
    goalMs: GOAL_MS,
    setup: () => state(PROMPTS),
    clg: (lib, s) => shape(lib.mergeSurveyState(null, s)),
    plain: (s) => shape(plainMerge(s, { version: 1, prompts: [], accountPrompts: [] })),
    check: same('state'),
  },
  {
    // No plain-JS side: the campaign rules (triggers, targeting, schedules,
    // recurrence, the policy per campaign) have no plain twin here.
    name: `policy ${k}: campaignDecision, ${CAMPAIGNS.length} campaigns, on the state the module returned (the SDK's campaignStatus)`,
    goalMs: GOAL_MS,
    setup: () => ({ state: state(PROMPTS), returned: null, checked: null }),
    clg: (lib, d) => {
      d.checked ??= lib.checkCampaigns(CAMPAIGNS, POLICY);
      return lib.campaignDecision(d.checked, CAMPAIGN_CONTEXT, POLICY, (d.returned ??= lib.mergeSurveyState(null, d.state)));
    },
  },
  {
    name: `policy: checkSurveyPolicy (no state)`,
    goalMs: GOAL_MS,
    setup: () => POLICY,
    clg: (lib, policy) => lib.checkSurveyPolicy(policy),
  },
  {
    name: `policy: samplingHash (no state)`,
    goalMs: GOAL_MS,
    setup: () => ['nps-q3', 'user-42'],
    clg: (lib, [survey, user]) => lib.samplingHash(survey, user),
    plain: ([survey, user]) => plainHash(survey, user),
    check: same('hash'),
  },
];
