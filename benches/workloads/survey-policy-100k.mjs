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
// depend on the state and has no baseline. The baselines are single
// loops: the check numbers the ids (a Map id -> position: the duplicate
// test and merge's index in one pass), record's duplicate test uses it (no
// scans); merging walks lists of like size together in time order first,
// pairing entries of the same time and id (as the core does), and a trusted
// merge indexes the smaller side of the rest; lists are sorted (by time,
// equal times by id) only when a scan finds them out of that order (the
// usual state is in order);
// the account-cap times are sorted as a Float64Array (numeric sort, no
// comparator); samplingHash hashes ASCII text from its char codes (no
// TextEncoder). The checks compare every field of every entry of the
// states. POLICY_BENCH_PROMPTS (Node only) changes the size.
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

/**
 * What a backend holding this user's state (state(PROMPTS)) answers: the
 * newest prompts but 1 k of them, and 1 k prompts of other devices, in
 * time order, as objects of its own (as JSON.parse gives them).
 */
function backendCopy() {
  const mine = state(PROMPTS);
  const others = state(1000, 'device-');
  const list = (a, b) => structuredClone([...a.slice(1000), ...b]).sort((x, y) => x.at - y.at);
  return { version: 1, prompts: list(mine.prompts, others.prompts), accountPrompts: list(mine.accountPrompts, others.accountPrompts) };
}

// -- plain JS: the same checks and rules, written directly --

/** Time order, equal times by id (ids are unique and ASCII here: `<` is the core's order). */
const byAt = (a, b) => a.at - b.at || (a.id < b.id ? -1 : 1);
/** `list` sorted by time (in place), unless a scan finds it already is. */
function inTimeOrder(list) {
  for (let i = 1; i < list.length; i++) {
    const p = list[i - 1];
    const q = list[i];
    if (q.at < p.at || (q.at === p.at && q.id < p.id)) return list.sort(byAt);
  }
  return list;
}
/** `list` in time order without its oldest entries beyond LIMIT (unchanged when within it). */
const newest = (list) => (list.length <= LIMIT ? list : inTimeOrder(list).slice(list.length - LIMIT));

const isTime = (t) => typeof t === 'number' && Number.isInteger(t) && t >= 0;
const isText = (x) => typeof x === 'string' && x.length > 0 && x.length <= 256;

/** Checks state `s`; returns its ids as Maps id -> position, [prompts, accountPrompts]. */
function plainCheck(s) {
  if (s.version !== 1) throw new Error('state.version');
  const ids = new Map();
  for (let i = 0; i < s.prompts.length; i++) {
    const p = s.prompts[i];
    const { outcome, outcomeAt } = p;
    const known = outcome === 'responded' || outcome === 'dismissed' || outcome === 'snoozed' || outcome === 'shown';
    if (!isText(p.id) || !isText(p.surveyId) || !isText(p.kind) || !isTime(p.at) || !known) throw new Error('prompt');
    if ((outcome === 'shown') !== (outcomeAt === null) || (outcomeAt !== null && !(isTime(outcomeAt) && outcomeAt >= p.at))) throw new Error('outcomeAt');
    if (ids.size === ids.set(p.id, i).size) throw new Error('duplicate');
  }
  const accountIds = new Map();
  for (let i = 0; i < s.accountPrompts.length; i++) {
    const p = s.accountPrompts[i];
    if (!isText(p.id) || !isText(p.role) || !isTime(p.at)) throw new Error('account prompt');
    if (accountIds.size === accountIds.set(p.id, i).size) throw new Error('duplicate');
  }
  return [ids, accountIds];
}

function plainDecide(policy, s, ask, trusted = false) {
  if (!trusted) plainCheck(s);
  const { kind, now } = ask;
  let lastKind = -Infinity;
  let lastAny = -Infinity;
  let snoozed = -Infinity;
  for (let i = 0; i < s.prompts.length; i++) {
    const p = s.prompts[i];
    if (p.outcome === 'snoozed') {
      if (p.kind === kind) snoozed = Math.max(snoozed, p.outcomeAt + policy.snoozeDays * DAY);
      continue;
    }
    lastAny = Math.max(lastAny, p.at);
    if (p.kind === kind) lastKind = Math.max(lastKind, p.at);
  }
  const window = policy.accountCap.windowDays * DAY;
  const inside = new Float64Array(s.accountPrompts.length);
  let m = 0;
  for (let i = 0; i < s.accountPrompts.length; i++) {
    const t = s.accountPrompts[i].at;
    if (now < t + window) inside[m++] = t; // one dated after now counts too
  }
  const max = policy.accountCap.max;
  const blocks = [
    ['SESSION_TOO_NEW', ask.sessionStart + policy.sessionDelayMinutes * MINUTE],
    ['SNOOZED', snoozed],
    ['RECONTACT_PERIOD', lastKind + policy.kinds[kind].recontactDays * DAY],
    ['USER_FATIGUE', lastAny + policy.userGapDays * DAY],
    ['ACCOUNT_CAP', m >= max ? inside.subarray(0, m).sort()[m - max] + window : -Infinity],
  ];
  let decision = { show: true, reason: 'ELIGIBLE', retryAt: null };
  for (const [reason, until] of blocks) {
    if (now < until && (decision.retryAt === null || until > decision.retryAt)) decision = { show: false, reason, retryAt: until };
  }
  return decision;
}

/**
 * `list` with `more` merged in: an entry of `more` whose id is in `list`
 * replaces that entry when `replaces(entry, other)`, the others are appended in
 * `more`'s order. Lists of like size are first walked through together in
 * time order, pairing entries of the same time and id (a backend's copy
 * pairs nearly all); of the rest, the smaller side is indexed (or the
 * check's `index`, id -> position in `list`, is used): the same result
 * either way.
 */
function mergeList(list, more, replaces, index) {
  const out = list.slice();
  const found = new Int32Array(more.length).fill(-1); // position in `list` of each of `more`
  const paired = new Uint8Array(list.length);
  let rest = more.length;
  if (8 * Math.min(list.length, more.length) >= Math.max(list.length, more.length)) {
    for (let i = 0, k = 0; i < list.length && k < more.length;) {
      const a = list[i].at;
      const b = more[k].at;
      if (a < b) i++;
      else if (a > b) k++;
      else {
        if (list[i].id === more[k].id) {
          found[k] = i;
          paired[i++] = 1;
          rest--;
        }
        k++;
      }
    }
  }
  if (rest > 0 && index === undefined && rest < list.length - (more.length - rest)) {
    const moreIndex = new Map();
    for (let k = 0; k < more.length; k++) if (found[k] < 0) moreIndex.set(more[k].id, k);
    for (let i = 0; i < list.length; i++) {
      const k = paired[i] ? undefined : moreIndex.get(list[i].id);
      if (k !== undefined) found[k] = i;
    }
  } else if (rest > 0) {
    if (index === undefined) {
      index = new Map();
      for (let i = 0; i < list.length; i++) if (!paired[i]) index.set(list[i].id, i);
    }
    for (let k = 0; k < more.length; k++) if (found[k] < 0) found[k] = index.get(more[k].id) ?? -1;
  }
  for (let k = 0; k < more.length; k++) {
    const i = found[k];
    if (i < 0) out.push(more[k]);
    else if (replaces(out[i], more[k])) out[i] = more[k];
  }
  return newest(inTimeOrder(out));
}

function plainMerge(mine, other, trusted = false) {
  const [ids, accountIds] = trusted ? [] : plainCheck(mine);
  plainCheck(other);
  return {
    version: 1,
    prompts: mergeList(mine.prompts, other.prompts, (p, q) => p.outcome === 'shown' && q.outcome !== 'shown', ids),
    accountPrompts: mergeList(mine.accountPrompts, other.accountPrompts, () => false, accountIds),
  };
}

function plainRecord(s, event, trusted = false) {
  const { promptId: id, surveyId, kind, role, at } = event;
  if (trusted) {
    for (const p of s.prompts) if (p.id === id) throw new Error('duplicate');
    for (const p of s.accountPrompts) if (p.id === id) throw new Error('duplicate');
  } else {
    const [ids, accountIds] = plainCheck(s);
    if (ids.has(id) || accountIds.has(id)) throw new Error('duplicate');
  }
  const cutoff = at - 90 * DAY;
  const prompts = [];
  for (const p of s.prompts) if (p.at > cutoff || (p.outcomeAt ?? -Infinity) > cutoff) prompts.push(p);
  prompts.push({ id, surveyId, kind, at, outcome: 'shown', outcomeAt: null });
  const accountPrompts = [];
  for (const p of s.accountPrompts) if (p.at > cutoff) accountPrompts.push(p);
  accountPrompts.push({ id, role, at });
  return { version: 1, prompts: newest(prompts), accountPrompts: newest(accountPrompts) };
}

/** FNV-1a over the UTF-8 bytes of `text`, from `h`: an ASCII char code is its byte. */
const encoder = new TextEncoder();
function fnv1a(h, text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      for (const b of encoder.encode(text.slice(i))) h = Math.imul(h ^ b, 0x01000193);
      return h;
    }
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h;
}

/** FNV-1a over surveyId, a 0 byte and userId, then the murmur3 finaliser. */
function plainHash(surveyId, userId) {
  let h = fnv1a(Math.imul(fnv1a(0x811c9dc5, surveyId), 0x01000193), userId); // h ^ 0 is h
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const same = (what) => (a, b) => {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: clg ${JSON.stringify(a).slice(0, 200)} vs plain ${JSON.stringify(b).slice(0, 200)}`);
};
/** Throws unless entries `a` (clg) and `b` (plain) have the same fields and values, `id` aside when `withId` is false. */
function sameEntry(what, a, b, withId = true) {
  const keys = Object.keys(b);
  const differs = Object.keys(a).length !== keys.length || keys.some((key) => (withId || key !== 'id') && !Object.is(a[key], b[key]));
  if (differs) throw new Error(`${what}: clg ${JSON.stringify(a)} vs plain ${JSON.stringify(b)}`);
}
/** Throws unless states `a` (clg) and `b` (plain) have the same version and lists, entry by entry, in order. */
const sameState = (what) => (a, b) => {
  if (a.version !== b.version) throw new Error(`${what} version: clg ${a.version} vs plain ${b.version}`);
  for (const list of ['prompts', 'accountPrompts']) {
    if (a[list].length !== b[list].length) throw new Error(`${what} ${list}: clg ${a[list].length} vs plain ${b[list].length}`);
    for (let i = 0; i < a[list].length; i++) sameEntry(`${what} ${list}[${i}]`, a[list][i], b[list][i]);
  }
};
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
    check: sameState('recorded state'),
  },
  {
    name: `policy ${k}: recordSurveyEvent (shown) on the state the module returned`,
    goalMs: GOAL_MS,
    setup: () => ({ state: state(PROMPTS), returned: null }),
    // Each call records one more prompt, with a new id, a millisecond after
    // the last (prompts of one user at the same millisecond are put in id
    // order: "new-10" before "new-9", which each call would sort again).
    clg: (lib, d) => (d.returned = lib.recordSurveyEvent(POLICY, (d.returned ??= lib.mergeSurveyState(null, d.state)), { ...SHOWN, promptId: `new-${++recorded}`, at: NOW + recorded })),
    plain: (d) => plainRecord(d.state, { ...SHOWN, at: NOW + recorded }, true),
    // The oldest is forgotten: the sizes and the newest entries agree, ids aside.
    check: (a, b) => {
      for (const list of ['prompts', 'accountPrompts']) {
        if (a[list].length !== b[list].length) throw new Error(`recorded ${list}: clg ${a[list].length} vs plain ${b[list].length}`);
        sameEntry(`recorded ${list}, the newest`, a[list].at(-1), b[list].at(-1), false);
      }
    },
  },
  {
    name: `policy ${k}: mergeSurveyState (+1 k from the server)`,
    goalMs: GOAL_MS,
    setup: () => [state(PROMPTS), state(1000, 'server-')],
    clg: (lib, [s, other]) => lib.mergeSurveyState(s, other),
    plain: ([s, other]) => plainMerge(s, other),
    check: sameState('merged state'),
  },
  {
    name: `policy ${k}: mergeSurveyState (+1 k from the server) into the state the module returned (as the SDK merges)`,
    goalMs: GOAL_MS,
    setup: () => ({ state: state(PROMPTS), other: state(1000, 'server-'), returned: null }),
    // Each merged state is the one the next call merges into, as the SDK keeps it.
    clg: (lib, d) => (d.returned = lib.mergeSurveyState(d.returned ?? lib.mergeSurveyState(null, d.state), d.other)),
    plain: (d) => (d.plainState = plainMerge(d.plainState ?? d.state, d.other, true)),
    check: sameState('merged state'),
  },
  {
    name: `policy ${k}: mergeSurveyState (the backend's copy: the newest 99 k of the same prompts, 1 k of other devices) into the state the module returned (the SDK's loadSurveyState)`,
    goalMs: GOAL_MS,
    setup: () => ({ state: state(PROMPTS), other: backendCopy(), returned: null }),
    clg: (lib, d) => (d.returned = lib.mergeSurveyState(d.returned ?? lib.mergeSurveyState(null, d.state), d.other)),
    plain: (d) => (d.plainState = plainMerge(d.plainState ?? d.state, d.other, true)),
    check: sameState('merged state'),
  },
  {
    name: `policy ${k}: mergeSurveyState (a copy of itself)`,
    goalMs: GOAL_MS,
    setup: () => [state(PROMPTS), structuredClone(state(PROMPTS))],
    clg: (lib, [s, other]) => lib.mergeSurveyState(s, other),
    plain: ([s, other]) => plainMerge(s, other),
    check: sameState('merged state'),
  },
  {
    name: `policy ${k}: mergeSurveyState(null, state), then reading its lists`,
    goalMs: GOAL_MS,
    setup: () => state(PROMPTS),
    // The lists are built when first read: read in the call, so it is timed.
    clg: (lib, s) => {
      const { version, prompts, accountPrompts } = lib.mergeSurveyState(null, s);
      return { version, prompts, accountPrompts };
    },
    plain: (s) => plainMerge(s, { version: 1, prompts: [], accountPrompts: [] }),
    check: sameState('state'),
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
