// The journal: what the outbox keeps in localStorage, the one storage a
// page can write synchronously while it goes away (Chromium does not finish
// an IndexedDB transaction started in `pagehide` before the next page
// loads). On `visibilitychange` to hidden, `pagehide` and `freeze`, the
// items not yet in IndexedDB (newest first, within a budget) go under
// `clg-metrics-journal/<database>/<page life>`; the next start of a client
// for that user merges every journal of the user into IndexedDB (an item
// is keyed, so a merge twice is harmless) and removes it.
//
// Also the retry time a collector's Retry-After set, under
// `clg-metrics-retry/<database>`: written synchronously, so the next page of
// the tab waits too even when the page went away before the same time
// reached IndexedDB; and the campaigns' trigger bookkeeping under
// `clg-metrics-campaigns/<database>`, for the same reason (the events it
// counts survive in the journal); and the user's results view under
// `clg-metrics-results/<database>`, written when the journal holds every
// event it counts (a page that went away before its IndexedDB save left
// the events to the collector but not to the view).
//
// Only for IndexedDB storage under consent; every access is guarded
// (localStorage may be missing, full or blocked).

/**
 * Characters of item JSON one journal may hold (localStorage holds ~5 M per
 * origin): eight full event batches (BATCH_BYTES in outbox.js).
 */
export const JOURNAL_BUDGET = 1024 * 1024;

const journalPrefix = (name) => `clg-metrics-journal/${name}/`;
const retryKey = (name) => `clg-metrics-retry/${name}`;
const campaignsKey = (name) => `clg-metrics-campaigns/${name}`;
const resultsKey = (name) => `clg-metrics-results/${name}`;

function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // sandboxed frame: the getter throws
  }
}

/**
 * Writes the journal of page life `life`: `items` newest first, as many as
 * fit in `budget` characters (one too large for what is left is skipped,
 * older smaller ones may still fit) and in what localStorage has left (the
 * newest half of them, then a quarter... when it refuses); removes it when
 * `items` is empty. Returns how many items it holds.
 */
export function writeJournal(name, life, items, budget = JOURNAL_BUDGET) {
  const local = storage();
  if (!local) return 0;
  const key = journalPrefix(name) + life;
  const kept = [];
  let size = 2;
  for (const item of [...items].sort((a, b) => b.at - a.at)) {
    const text = JSON.stringify(item);
    if (size + text.length + 1 > budget) continue;
    kept.push(text);
    size += text.length + 1;
  }
  for (let n = kept.length; n > 0; n = Math.floor(n / 2)) {
    try {
      local.setItem(key, `[${kept.slice(0, n).join(',')}]`);
      return n;
    } catch {
      // quota: try the newest half
    }
  }
  try {
    local.removeItem(key);
  } catch {
    // the beacon and IndexedDB are what is left
  }
  return 0;
}

/**
 * Calls `fn` when the page is hidden, frozen or goes away (browsers only):
 * what lives only in memory then goes to the journal. Returns what removes
 * the listeners.
 *
 * @example const stop = whenPageHides(() => outbox.persist());
 * @param {() => void} fn
 */
export function whenPageHides(fn) {
  if (typeof addEventListener !== 'function') return () => {};
  const away = () => fn();
  const hidden = () => document.visibilityState === 'hidden' && fn();
  const page = typeof document === 'undefined' ? null : document;
  addEventListener('pagehide', away);
  page?.addEventListener('visibilitychange', hidden);
  page?.addEventListener('freeze', away);
  return () => {
    removeEventListener('pagehide', away);
    page?.removeEventListener('visibilitychange', hidden);
    page?.removeEventListener('freeze', away);
  };
}

/**
 * Every journal of the user but the page life `except` (when given):
 * `{ keys, items, problems }` (a journal that is not a JSON array is a
 * problem, and its key is listed to be removed).
 */
export function readJournals(name, except) {
  const local = storage();
  const found = { keys: [], items: [], problems: [] };
  if (!local) return found;
  const prefix = journalPrefix(name);
  try {
    for (let i = 0; i < local.length; i++) {
      const key = local.key(i);
      if (key?.startsWith(prefix) && (except === undefined || key !== prefix + except)) found.keys.push(key);
    }
    for (const key of found.keys) {
      let items;
      try {
        items = JSON.parse(local.getItem(key));
      } catch {
        items = null;
      }
      if (Array.isArray(items)) found.items.push(...items);
      else found.problems.push('journal is not a JSON array');
    }
  } catch {
    // localStorage failed while being read: what was found so far.
  }
  return found;
}

/** Removes journals (merged, or the user's data deleted). */
export function removeJournals(keys) {
  const local = storage();
  for (const key of keys) {
    try {
      local?.removeItem(key);
    } catch {
      // Nothing more to do: a journal merged twice is harmless.
    }
  }
}

/** Removes every journal, the retry time (unless `keepRetry`: a logout) and the campaign bookkeeping of the user (reset, revoked consent). */
export function forgetJournals(name, keepRetry = false) {
  removeJournals([...readJournals(name).keys, ...(keepRetry ? [] : [retryKey(name)]), campaignsKey(name), resultsKey(name)]);
}

/**
 * The results view kept when the page went away, `{ at, state }` (`at`:
 * when it was serialised), or undefined.
 */
export function readKeptResults(name) {
  try {
    const kept = JSON.parse(storage()?.getItem(resultsKey(name)) ?? 'null');
    return Number.isFinite(kept?.at) && kept.state !== undefined ? kept : undefined;
  } catch {
    return undefined; // unreadable: IndexedDB's copy is what is left
  }
}

/** Keeps the results view `state`, serialised at `at`, for the next page. */
export function writeKeptResults(name, at, state) {
  try {
    storage()?.setItem(resultsKey(name), JSON.stringify({ at, state }));
  } catch {
    // Full or blocked: IndexedDB's copy, older, is what is left.
  }
}

/** Removes the kept results view unless it was serialised after `at` (an IndexedDB save of `at` holds it). */
export function dropKeptResults(name, at) {
  const kept = readKeptResults(name);
  if (kept !== undefined && kept.at <= at) removeJournals([resultsKey(name)]);
}

/** The campaign bookkeeping kept synchronously (see top), or undefined. */
export function readKeptCampaigns(name) {
  try {
    const text = storage()?.getItem(campaignsKey(name));
    return text == null ? undefined : JSON.parse(text);
  } catch {
    return undefined; // unreadable: IndexedDB's copy is what is left
  }
}

/** Keeps the campaign bookkeeping for the next page, whatever becomes of its IndexedDB write. */
export function writeKeptCampaigns(name, memory) {
  try {
    storage()?.setItem(campaignsKey(name), JSON.stringify(memory));
  } catch {
    // Full or blocked: IndexedDB still has it once its write commits.
  }
}

/** The retry time an earlier page or tab of the user kept (ms since 1970), 0 when none. */
export function readRetryAt(name) {
  try {
    const at = Number(storage()?.getItem(retryKey(name)));
    return Number.isFinite(at) ? at : 0;
  } catch {
    return 0;
  }
}

/** Keeps the retry time for the next page of the tab. */
export function writeRetryAt(name, at) {
  try {
    storage()?.setItem(retryKey(name), String(at));
  } catch {
    // Full or blocked: IndexedDB still has it once its write commits.
  }
}
