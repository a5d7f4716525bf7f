// The outbox of one user: what the client accepted and the collector has
// not acknowledged yet. It buffers tracked events into batches, counts
// slots against `maxOutboxItems`, makes items durable (IndexedDB within
// `flushIntervalMs`, a localStorage journal when the page goes away), sends
// them (one tab at a time, with back-off that honours Retry-After) and
// removes them when the collector acknowledges their keys. The client
// decides what goes in (and consent); this module decides how it gets out.
//
//   const outbox = new Outbox(options, { uuid, who, report, onSeal, onStored, delivered });
//   await outbox.open();                  // storage
//   await outbox.start();                 // journals merged, listeners, first send
//   outbox.track({ name, at, props });    // false when full
//   const r = await outbox.accept('response', payload); // { item } or { error }
import { packBeacon, sendBeacon } from './beacon.js';
import { discardedByReset, sdkError, withdrawnConsent } from './errors.js';
import { forgetJournals, JOURNAL_BUDGET, readJournals, readRetryAt, removeJournals, whenPageHides, writeJournal, writeRetryAt } from './journal.js';
import { retryDelay } from './retry.js';
import { databaseName, IndexedDbStore, MemoryStore, openIndexedDb, ordered, recordProblem, stamp, toItem } from './storage.js';
import { MAX_TIMEOUT, postBatch, requestItems, withSendLock } from './sync.js';

/** The `meta` record of the time the collector's Retry-After lets the next request go. */
const RETRY_AT = 'retryAt';

/**
 * UTF-8 bytes of its events' JSON (escapes included, a comma between two;
 * each event's as eventProps in options.js bounds it, without serialising
 * it) that an open batch does not grow past, whatever `batchSize` says: it
 * is sealed before an event that would; a batch then fits a request
 * (REQUEST_BUDGET in sync.js) and the journal, with room to spare. One
 * event alone (EVENT_CHARS in options.js) is smaller than a request too.
 */
export const BATCH_BYTES = 128 * 1024;

/** Characters a journal item's `seq` adds (`,"seq":` and its digits). */
const SEQ_CHARS = 24;

/** Characters an open batch's item adds to its events' JSON in the journal, at most (key, type, time, ids, seq). */
const BATCH_OVERHEAD = 2048;

export class Outbox {
  #o;
  #uuid;
  #who;
  #report;
  #onSeal;
  #onStored;
  #persisted;
  #delivered;
  #name;
  /** This page life's id: names its journal. */
  #life;
  #owner;
  /** The user's store (IndexedDB or memory); null before open() and while wiped. */
  store = null;
  /**
   * The kind of store detach() took away, until open() gives the next one:
   * what is accepted meanwhile is journaled as that store's would be.
   */
  #detachedKind = null;
  /** Events not yet sealed into a batch, and their JSON's bytes (see BATCH_BYTES). */
  #buffer = [];
  #bufferBytes = 0;
  #bufferTimer = null;
  /**
   * Outbox slots in use: stored + volatile + sealed-but-unwritten +
   * reserved + the open buffer's batch. Recounted from storage only inside
   * the write queue (`#serial`), where no write is half done.
   */
  #used = 0;
  /** Sealed items waiting for the next storage write. */
  #unwritten = [];
  /** Keys of accepted items (responses, observations...) whose write is queued. */
  #reserved = new Set();
  /** The refusal of an accepted item whose store was detached (see detach) before it was written. */
  #cleared = null;
  #writeScheduled = false;
  /** Storage writes and outbox counts, one at a time. */
  #writing = Promise.resolve();
  /** Items that storage refused (quota): still sent, kept in memory. */
  #volatile = new Map();
  /** Every unacknowledged item this tab knows, for sendBeacon on pagehide. */
  #known = new Map();
  /** Accepted items not in storage yet (sealed, being written, or refused by storage): the journal's content. */
  #undurable = new Map();
  /** About how many characters of JSON each item of #undurable takes in the journal, and their sum. */
  #undurableSizes = new Map();
  #undurableChars = 0;
  /** Keys this tab accepted that the collector has not acknowledged: `pending.tab`. */
  #mine = new Set();
  /** Whether this page life's journal exists in localStorage. */
  #journaled = false;
  /** When the collector's Retry-After lets the next request go (ms since 1970). */
  #retryAt = 0;
  #nextRetryAt = null;
  /** Listeners of this tab's acknowledgements (a running flush()). */
  #ackListeners = new Set();
  #sending = null;
  #fullReported = false;
  /** Whether an event refused while too much waits for IndexedDB was reported (see #overJournal). */
  #unstoredReported = false;
  /** Whether IndexedDB failed to open last time (reported once until it opens again). */
  #unavailable = false;
  #sendAgain = false;
  #attempt = 0;
  #retryTimer = null;
  #channel = null;
  #unlisten = [];
  #closed = false;

  /**
   * `options`: the client's validated options. `hooks`: `uuid()` makes
   * keys, `who()` the payload's account/user/role, `report(error)` goes to
   * onError, `onSeal()` runs when a batch is sealed, `onStored(item)` when
   * an event batch is stored, `delivered(keys)` with acknowledged keys
   * this tab sent or accepted, `persisted()` when the page goes away with
   * every item not yet in IndexedDB in the journal.
   */
  constructor(options, { uuid, who, report, onSeal, onStored, delivered, persisted }) {
    this.#o = options;
    this.#uuid = uuid;
    this.#who = who;
    this.#report = report;
    this.#onSeal = onSeal;
    this.#onStored = onStored;
    this.#delivered = delivered;
    this.#persisted = persisted;
    this.#life = uuid();
    this.#name = databaseName(options.accountId, options.userId);
    this.#owner = `${options.accountId}\n${options.userId}`;
  }

  /** The user's database name (also names the send lock and the tab channel). */
  get name() {
    return this.#name;
  }

  /**
   * Opens storage: IndexedDB, else memory, reporting STORAGE_UNAVAILABLE
   * once (not again when a reopen by reset() or grantConsent() fails too).
   */
  async open() {
    this.#closed = false;
    this.#detachedKind = null;
    if (this.#o.storage === 'indexeddb') {
      try {
        this.store = await this.#openIndexedDb();
        this.#unavailable = false;
      } catch (error) {
        if (!this.#unavailable) this.#report(error);
        this.#unavailable = true;
        this.store = new MemoryStore(this.#owner);
      }
    } else {
      this.store = new MemoryStore(this.#owner);
    }
  }

  /** The user's IndexedDB store, reopened when another tab closes its connection. */
  async #openIndexedDb() {
    const store = new IndexedDbStore(await openIndexedDb(this.#name, { onClose: () => this.#reopen(store) }), this.#owner);
    return store;
  }

  /**
   * Another tab deleted this user's database (its reset()) or upgraded it
   * (a newer version of the app), which closed this tab's connection:
   * what it held is that tab's now. This tab goes on with the database
   * opened again (fresh after a deletion) or, when it cannot open it (a
   * newer schema), in memory, reporting STORAGE_UNAVAILABLE. Batches not
   * written yet go to the new store with the next write; items storage
   * refused meanwhile are sent from memory, as always; the items this tab
   * had stored are no longer its to wait for (`pending.tab`).
   */
  async #reopen(lost) {
    // In the write queue: writes queued from now on wait for the new store instead of failing on the closed one.
    await this.#serial(async () => {
      if (this.store !== lost || this.#closed) return;
      this.#forgetStored();
      let store;
      try {
        store = await this.#openIndexedDb();
      } catch (cause) {
        this.#report(sdkError('STORAGE_UNAVAILABLE', `another tab deleted or upgraded this user's IndexedDB database and it cannot be opened again (${cause?.message ?? cause}); keeping data in memory for this page only`, 'storage', cause));
        store = new MemoryStore(this.#owner);
      }
      if (this.store !== lost || this.#closed) return store.close();
      this.store = store;
      this.#recount(await store.countItems().catch(() => 0));
    });
    this.requestSend();
  }

  /**
   * Merges the journals of earlier pages, counts what storage holds and
   * starts syncing; after open() and the client's own reads.
   */
  async start() {
    const store = this.store;
    await this.#serial(async () => {
      await this.#mergeJournals(store);
      try {
        const { items, quarantined } = await store.readItems();
        this.reportQuarantine(quarantined);
        for (const item of items) this.#known.set(item.key, item);
        // Events tracked while storage was being reset are counted too.
        this.#used = items.length + this.#unqueued();
      } catch (error) {
        this.#report(sdkError('STORAGE_FAILED', 'could not read the outbox', 'storage', error));
      }
    });
    if (typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(this.#name);
      this.#channel.unref?.(); // Node: do not keep the process alive
      this.#channel.onmessage = ({ data }) => {
        if (Array.isArray(data?.acked)) {
          this.#acknowledged(data.acked, false);
          // Another tab's delivery freed slots: a full outbox counts again (it would wait for its own write).
          if (this.#used >= this.#o.maxOutboxItems) this.#countStored();
        }
        if (Number.isFinite(data?.retryAt)) this.#retryAt = Math.max(this.#retryAt, data.retryAt);
      };
    }
    this.#retryAt = Math.max(this.#retryAt, this.#keptRetryAt());
    this.#listen();
    if (this.#unwritten.length) this.#write();
    this.requestSend();
  }

  /**
   * Adds a tracked event of at most `bytes` bytes of JSON (eventProps) to
   * the open batch (sealed first when the event would take it past
   * BATCH_BYTES): false (and OUTBOX_FULL to onError, once per fill) when
   * the outbox is full, unless the client `accepted` the event already
   * (held while a reset waited: its outbox was emptied since).
   */
  track(event, bytes, accepted = false) {
    bytes += 1; // the comma before it
    if (!accepted && this.#overJournal(bytes)) {
      this.#unstored();
      return false;
    }
    if (this.#buffer.length > 0 && this.#bufferBytes + bytes > BATCH_BYTES) this.seal();
    if (this.#buffer.length === 0) {
      if (this.#used >= this.#o.maxOutboxItems && !accepted) {
        this.full();
        return false;
      }
      this.#used++;
      // One timer per interval, not per batch: timers cost microseconds.
      this.#bufferTimer ??= this.#timer(() => {
        this.#bufferTimer = null;
        this.seal();
      }, this.#o.flushIntervalMs);
    }
    this.#buffer.push(event);
    this.#bufferBytes += bytes;
    if (this.#buffer.length >= this.#o.batchSize) this.seal();
    return true;
  }

  /**
   * Writes one item to storage. Resolves to `{ item }` once it is stored
   * (and on its way), or `{ error }`: OUTBOX_FULL, STORAGE_QUOTA /
   * STORAGE_FAILED, or when local data was cleared meanwhile DISCARDED
   * (reset) or CONSENT_REQUIRED (consent withdrawn).
   */
  async accept(type, payload) {
    if (!this.store) return { error: sdkError('CONSENT_REQUIRED', 'consent is required before anything is stored', 'consent') };
    if (this.#used >= this.#o.maxOutboxItems) return { error: this.full() };
    this.#used++;
    const item = stamp({ key: this.#uuid(), type, at: Date.now(), payload });
    const store = this.store;
    this.#reserved.add(item.key);
    this.#addUndurable(item, JSON.stringify(item).length);
    // Swapped by this tab's reset() or consent withdrawal (see detach), or by another tab's reset (#reopen).
    const cleared = () => ({ error: this.#cleared ?? sdkError('DISCARDED', 'another tab cleared local data before this was stored: it was discarded', 'reset') });
    const failure = await this.#serial(async () => {
      // Its slot is given back either way: a store swapped meanwhile (#reopen) does not count it.
      const reserved = this.#reserved.delete(item.key);
      if (this.store !== store || !reserved) {
        if (reserved && this.store) this.#used--; // the swapped store's count (#reopen) held it
        return cleared();
      }
      let put;
      try {
        // Checked against what every tab stored, in the writing transaction.
        put = await store.putItems([item], this.#o.maxOutboxItems - this.#unqueued());
      } catch (cause) {
        if (this.store === store) this.#used--; // not after a reset meanwhile: it zeroed the count
        const error = storageError(cause, `could not store the ${type}`);
        this.#report(error);
        return { error };
      }
      if (!put.written) {
        if (this.store === store) this.#recount(put.count);
        return { error: this.full() };
      }
      // Decided when the write completes, not when this resolves: a reset or withdrawal begun
      // since refuses it (and takes it back out of the store it clears), one begun later finds it accepted.
      if (this.store !== store) {
        await store.deleteItems([item.key]).catch(() => {});
        return cleared();
      }
      this.#recount(put.count);
      this.#known.set(item.key, item);
      this.#mine.add(item.key);
      return null;
    });
    this.#settle(item.key);
    if (failure) return failure;
    this.requestSend();
    return { item };
  }

  /**
   * Seals the open batch and writes it; then sends what the outbox holds
   * (unless the collector's Retry-After holds it back). Resolves to
   * `{ delivered, pending: { tab, all } }`: the keys the collector
   * acknowledged to this tab meanwhile, and what is left.
   */
  async flush() {
    const delivered = [];
    const listen = (keys) => delivered.push(...keys);
    this.#ackListeners.add(listen);
    try {
      this.seal();
      await this.#write();
      await this.#sending;
      await this.#send();
    } finally {
      this.#ackListeners.delete(listen);
    }
    const { count, tab } = await this.inspect();
    return { delivered, pending: { tab, all: count } };
  }

  /**
   * What the outbox holds, without sending: `count` items (every tab's
   * stored items plus this tab's not yet written, the open batch
   * included), `tab` (this tab's share), `oldestAt` / `oldestAgeMs`,
   * `notDurable` (items only in this page's memory), `attempt` (failed
   * sends in a row) and `nextRetryAt` (ms since 1970, or null).
   */
  async inspect() {
    const store = this.store;
    /** @type {{ count: number, oldestAt: number | null, unqueued?: number, tab?: number }} */
    let stored = { count: 0, oldestAt: null };
    if (store) {
      // Inside the write queue: an item is then stored or still unqueued, never
      // between the two in a write (whose items are neither while it runs);
      // this tab's share counted at the same moment, so it is never more than all.
      const counted = async () => {
        const count = await store.countItems();
        const oldestAt = await store.oldestAt();
        const unqueued = this.#unqueued();
        // Items another tab sent for this one are gone from storage before its message comes.
        return { count, oldestAt, unqueued, tab: Math.min(this.#tabPending(), count + unqueued) };
      };
      stored = await this.#serial(counted).catch(() => stored);
    }
    const times = [...this.#undurable.values()].map((item) => item.at);
    if (this.#buffer.length) times.push(this.#buffer[0].at);
    if (stored.oldestAt !== null) times.push(stored.oldestAt);
    const oldestAt = times.length ? Math.min(...times) : null;
    const count = stored.count + (stored.unqueued ?? this.#unqueued());
    return {
      count,
      tab: stored.tab ?? this.#tabPending(),
      oldestAt,
      oldestAgeMs: oldestAt === null ? null : Math.max(0, Date.now() - oldestAt),
      // In memory storage (chosen, or IndexedDB unavailable) every item is only in this page's memory.
      notDurable: store?.kind === 'memory' ? count : this.#undurable.size + (this.#buffer.length ? 1 : 0),
      attempt: this.#attempt,
      nextRetryAt: this.#nextRetryAt,
    };
  }

  /** Seals and writes the open batch, and waits for the send in flight (destroy). */
  async settle() {
    this.seal();
    await this.#write();
    await this.#sending;
  }

  /**
   * Seals the open batch and resolves once every batch sealed so far is
   * written to storage (or, refused by it, kept in memory): what the
   * results view may show is then in the outbox.
   */
  written() {
    this.seal();
    return this.#write();
  }

  /** Closes the open buffer into an `events` item (its slot is already counted). */
  seal() {
    if (this.#buffer.length === 0) return;
    const events = this.#buffer;
    this.#buffer = [];
    this.#bufferBytes = 0;
    const item = stamp({ key: this.#uuid(), type: 'events', at: events[0].at, payload: { ...this.#who(), events } });
    this.#addUndurable(item, this.#journaling() ? JSON.stringify(item).length + SEQ_CHARS : 0);
    this.#unwritten.push(item);
    this.#mine.add(item.key);
    this.#onSeal();
    this.#known.set(item.key, item);
    if (!this.#writeScheduled) {
      this.#writeScheduled = true;
      queueMicrotask(() => this.#write());
    }
  }

  /**
   * Forgets everything in memory and detaches the store (reset, revoked
   * consent): a send in flight stops at its next step; events tracked
   * meanwhile wait in memory for the next store. With `keepRetry` (a
   * logout) the collector's Retry-After still holds, in this tab and the
   * next page: it is the collector's, not the user's. Resolves to
   * `{ store, discarded }` once the store's pending writes are done: the
   * detached store (or null) and the items it and this tab's memory held
   * then, every tab's (a write refused meanwhile is not one of them).
   */
  async detach(keepRetry = false) {
    // What a write not yet stored resolves to: discarded by reset(), or by a consent withdrawal.
    this.#cleared = keepRetry
      ? discardedByReset()
      : withdrawnConsent();
    const held = this.#volatile.size + this.#unwritten.length + (this.#buffer.length ? 1 : 0);
    this.#forget(keepRetry);
    const store = this.store;
    this.store = null;
    this.close();
    this.#detachedKind = store?.kind ?? this.#detachedKind;
    if (this.#detachedKind === 'indexeddb') {
      if (store) forgetJournals(this.#name, keepRetry);
      // Until the next store opens, what is accepted lives in memory: journaled if the page goes away.
      this.#unlisten.push(whenPageHides(() => this.persist()));
    }
    if (!store) return { store, discarded: held };
    await this.#writing;
    // What another tab stored counts too: the database goes with it.
    return { store, discarded: held + (await store.countItems().catch(() => 0)) };
  }

  /** Journals what is only in memory (see #journal), then stops timers, listeners and the tab channel. */
  close() {
    // What storage refused is only in memory: journaled now, as on pagehide, for the next client.
    this.#journal();
    this.#closed = true;
    clearTimeout(this.#bufferTimer);
    this.#bufferTimer = null;
    clearTimeout(this.#retryTimer);
    for (const off of this.#unlisten) off();
    this.#unlisten = [];
    this.#channel?.close();
    this.#channel = null;
  }

  /**
   * Starts a send now, or right after the current one; not while a retry
   * after a failure waits (its timer sends, so new items do not undo the
   * back-off).
   */
  requestSend() {
    if (this.#nextRetryAt !== null && this.#nextRetryAt > Date.now()) return;
    if (this.#sending) this.#sendAgain = true;
    else this.#send();
  }

  /** Reports records (or journals) that were invalid and set aside, as one STORAGE_CORRUPT. */
  reportQuarantine(problems) {
    if (problems.length) {
      this.#report(sdkError('STORAGE_CORRUPT', `${problems.length} stored record(s) were invalid or belonged to another user and were quarantined (${[...new Set(problems)].join('; ')})`, 'storage'));
    }
  }

  /** Forgets what this tab holds; the collector's Retry-After too unless `keepRetry`. */
  #forget(keepRetry = false) {
    this.#buffer = [];
    this.#bufferBytes = 0;
    this.#unwritten = [];
    this.#reserved.clear();
    this.#volatile.clear();
    this.#known.clear();
    this.#undurable.clear();
    this.#undurableSizes.clear();
    this.#undurableChars = 0;
    this.#unstoredReported = false;
    this.#mine.clear();
    this.#journaled = false;
    if (!keepRetry) this.#retryAt = 0;
    this.#attempt = 0;
    this.#nextRetryAt = null;
    this.#used = 0;
    this.#fullReported = false;
  }

  /** Forgets the keys of the items this tab stored (the store is gone); those only in memory stay. */
  #forgetStored() {
    for (const key of this.#known.keys()) {
      if (this.#undurable.has(key)) continue;
      this.#known.delete(key);
      this.#mine.delete(key);
    }
  }

  /** Items this tab accepted that wait for the collector (the open batch counts as one). */
  #tabPending() {
    return this.#mine.size + (this.#buffer.length ? 1 : 0);
  }

  /** Whether what is not yet in storage goes to the journal: IndexedDB storage (also while a reset reopens it). */
  #journaling() {
    return (this.store?.kind ?? this.#detachedKind) === 'indexeddb';
  }

  /** Adds `item`, about `chars` characters of JSON in the journal, to the items not yet durable. */
  #addUndurable(item, chars) {
    this.#undurable.set(item.key, item);
    this.#undurableSizes.set(item.key, chars);
    this.#undurableChars += chars;
  }

  /** The item of `key` is stored (or delivered, or refused): no longer the journal's. */
  #settle(key) {
    if (!this.#undurable.delete(key)) return;
    this.#undurableChars -= this.#undurableSizes.get(key) ?? 0;
    this.#undurableSizes.delete(key);
    this.#unstoredReported = false;
  }

  /**
   * Whether an event of `bytes` would take what waits for IndexedDB (sealed
   * batches at their JSON's length, the open one at its bound) past what
   * the journal keeps should the page go away now: it is refused rather
   * than dropped from the journal then.
   */
  #overJournal(bytes) {
    if (!this.#journaling()) return false;
    return this.#undurableChars + this.#bufferBytes + bytes + BATCH_OVERHEAD > JOURNAL_BUDGET;
  }

  /** The OUTBOX_FULL of an event refused by #overJournal, reported to onError once until storage catches up. */
  #unstored() {
    if (this.#unstoredReported) return;
    this.#unstoredReported = true;
    this.#report(sdkError('OUTBOX_FULL', `events tracked faster than IndexedDB stores them: ${this.#undurableChars + this.#bufferBytes} characters wait for it, as many as the page's journal keeps if the page goes away; new events are refused until they are stored`, 'outbox'));
  }

  /**
   * Puts every journal of this user (left by pages that went away before
   * their IndexedDB write finished) into `store`, then removes them; an
   * item already there or already delivered is keyed: the collector keeps
   * it once. Items storage refuses (quota) are kept as this page's own
   * refused batches are (see #adopt). Inside the write queue.
   */
  async #mergeJournals(store) {
    if (store.kind !== 'indexeddb') return;
    // Not this page's held events (journaled while a grant opens this store): the client releases them.
    const { keys, items, problems } = readJournals(this.#name, this.#heldLife());
    const keyed = items.filter((item) => typeof item?.key === 'string' && item.key !== '');
    if (keyed.length < items.length) problems.push('journal item without a key');
    this.reportQuarantine(problems);
    try {
      // Those of another user or of an unknown shape are quarantined when read back, as stored ones are.
      if (keyed.length) await store.putItems(keyed);
    } catch (cause) {
      this.#report(storageError(cause, `could not store ${keyed.length} item(s) an earlier page journaled: they are kept in memory and sent, and journaled again if this page goes away`));
      if (!this.#adopt(keyed.filter((item) => !recordProblem({ ...item, owner: this.#owner }, this.#owner)))) return; // this page's journal cannot hold them all: the earlier journals stay
    }
    removeJournals(keys);
  }

  /**
   * Keeps journal items that storage refused in this page's memory: sent,
   * counted (`pending`, `inspectOutbox()`, a reset's discarded) and in this
   * page's journal, in their order. Whether the journal holds them all.
   */
  #adopt(items) {
    const seq = (item) => (Number.isFinite(item.seq) ? item.seq : 0);
    for (const journaled of items.sort((a, b) => a.at - b.at || seq(a) - seq(b))) {
      const item = stamp(toItem(journaled));
      this.#volatile.set(item.key, item);
      this.#known.set(item.key, item);
      this.#mine.add(item.key);
      this.#addUndurable(item, JSON.stringify(journaled).length);
    }
    return this.#journal();
  }

  /**
   * Makes what this tab accepted durable now (page hidden, going away,
   * frozen): seals the open batch, starts its IndexedDB write, and writes
   * the journal, which survives even when the write does not finish.
   */
  persist() {
    this.seal();
    this.#write();
    if (this.#journal()) this.#persisted?.();
  }

  /**
   * Writes (or, when everything is stored, removes) this page life's
   * journal; whether every item not yet durable is in it (IndexedDB
   * storage only).
   */
  #journal() {
    if (!this.#journaling()) return false;
    if (this.#undurable.size === 0 && !this.#journaled) return true;
    const kept = writeJournal(this.#name, this.#life, [...this.#undurable.values()].map(ordered));
    this.#journaled = kept > 0;
    return kept === this.#undurable.size;
  }

  /**
   * Journals `events` that the client holds (tracked while a reset() or
   * grantConsent() waits; none: removes it) as batches of this page life:
   * the user's next client stores them. Returns how many batches it keeps.
   */
  journalHeld(events) {
    const items = [];
    for (let i = 0; i < events.length; i += this.#o.batchSize) {
      const batch = events.slice(i, i + this.#o.batchSize);
      items.push(ordered(stamp({ key: this.#uuid(), type: 'events', at: batch[0].at, payload: { ...this.#who(), events: batch } })));
    }
    return writeJournal(this.#name, this.#heldLife(), items);
  }

  /** The journal key (under the user's) of the events the client holds in this page life. */
  #heldLife() {
    return `${this.#life}/held`;
  }

  /**
   * The pagehide beacon: the items not yet durable first, newest first,
   * then the other unacknowledged ones, newest first, within the keepalive
   * budget. None while the collector's Retry-After holds.
   */
  #beacon() {
    // What another tab heard may still be on its way as a message, but is in localStorage already.
    this.#retryAt = Math.max(this.#retryAt, this.#keptRetryAt());
    if (!this.#o.endpoint || !this.store || this.#retryTime() > Date.now()) return;
    // Both maps are in the order the items were made (or stored): reversed, a stable sort keeps those of one millisecond newest first.
    const newestFirst = (items) => items.reverse().sort((a, b) => b.at - a.at);
    const tail = newestFirst([...this.#undurable.values()]);
    const rest = newestFirst([...this.#known.values()].filter((item) => !this.#undurable.has(item.key)));
    const body = packBeacon([...tail, ...rest]);
    if (body) sendBeacon(this.#o.endpoint, body.text);
  }

  /** The retry time kept in localStorage by an earlier page of the tab (IndexedDB storage only). */
  #keptRetryAt() {
    return this.store?.kind === 'indexeddb' ? readRetryAt(this.#name) : 0;
  }

  /**
   * The collector's retry time, as this tab, another tab or an earlier page heard it, at most
   * retryMaxMs from now. One further ahead (heard under a clock that ran ahead, or by a page with
   * a larger cap) is brought to retryMaxMs from now once, and kept so: capped afresh at each
   * reading, it would move with the clock and hold the outbox back until the clock caught up.
   */
  #retryTime() {
    const latest = Date.now() + this.#o.retryMaxMs;
    if (this.#retryAt > latest) {
      this.#retryAt = latest;
      if (this.store?.kind === 'indexeddb') writeRetryAt(this.#name, latest);
      this.store?.putMeta(RETRY_AT, latest).catch(() => {});
    }
    return this.#retryAt;
  }

  /** Forgets acknowledged keys; `sent`: this tab sent them (else another tab did). */
  #acknowledged(keys, sent) {
    const ours = [];
    for (const key of keys) {
      if (sent || this.#mine.has(key)) ours.push(key);
      this.#known.delete(key);
      this.#volatile.delete(key);
      this.#settle(key);
      this.#mine.delete(key);
    }
    if (this.#journaled) this.#journal(); // without what was delivered
    if (!ours.length) return;
    for (const listen of this.#ackListeners) listen(ours);
    this.#delivered(ours);
  }

  /** The OUTBOX_FULL error, reported to onError once each time the outbox fills up (not once per refused call). */
  full() {
    const error = sdkError(
      'OUTBOX_FULL',
      `the outbox holds ${this.#o.maxOutboxItems} items waiting for the collector: new items are refused until it accepts some`,
      'outbox',
    );
    if (!this.#fullReported) this.#report(error);
    this.#fullReported = true;
    return error;
  }

  /**
   * Runs `task` after the storage work queued before it. Every write and
   * every recount of `#used` goes through here: a count then sees each
   * write either done or not started, never in flight.
   * @template T
   * @param {() => Promise<T>} task
   * @returns {Promise<T>}
   */
  #serial(task) {
    const run = this.#writing.then(task);
    this.#writing = run.then(() => {}, () => {});
    return run;
  }

  /** Counts again what storage holds, in the write queue. */
  #countStored() {
    this.#serial(async () => {
      const store = this.store;
      const stored = await store?.countItems().catch(() => null);
      if (stored != null && this.store === store) this.#recount(stored);
    });
  }

  /** Slots in use: `stored` (what storage holds, every tab's) and what it does not hold yet. */
  #recount(stored) {
    this.#used = stored + this.#unqueued();
    if (this.#used < this.#o.maxOutboxItems) this.#fullReported = false;
  }

  /** Slots in use that storage does not hold: volatile, unwritten, reserved, and the open buffer's. */
  #unqueued() {
    return this.#volatile.size + this.#unwritten.length + this.#reserved.size + (this.#buffer.length ? 1 : 0);
  }

  /** Writes sealed items to storage in one transaction; on failure they stay in memory and are still sent. */
  #write() {
    return this.#serial(async () => {
      this.#writeScheduled = false;
      const items = this.#unwritten;
      this.#unwritten = [];
      const store = this.store;
      if (items.length === 0) return;
      if (!store) {
        // Storage is being reset: keep them for the fresh store.
        this.#unwritten = items.concat(this.#unwritten);
        return;
      }
      let put;
      try {
        put = await store.putItems(items);
      } catch (cause) {
        // They stay in #undurable: the journal keeps them if the page goes away.
        for (const item of items) this.#volatile.set(item.key, item);
        this.#report(storageError(cause, `could not store ${items.length} event batch(es): they are kept in memory and sent, and only the localStorage journal keeps them if the page goes away`));
        this.requestSend();
        return;
      }
      if (this.store === store) this.#recount(put.count); // the user's other tabs store too
      for (const item of items) {
        this.#settle(item.key);
        this.#onStored(item);
      }
      if (this.#journaled) this.#journal();
      this.requestSend();
    });
  }

  /**
   * Sends the outbox until it is empty, holding the user's lock; on failure
   * schedules a retry (Retry-After, else back-off) and reports the error
   * with its `attempt` and `nextRetryAt`.
   */
  #send() {
    const { endpoint } = this.#o;
    const store = this.store;
    if (!endpoint || !store || this.#closed || this.#sending) return this.#sending ?? Promise.resolve();
    if (globalThis.navigator?.onLine === false) return Promise.resolve(); // the 'online' event resumes
    clearTimeout(this.#retryTimer);
    this.#sendAgain = false;
    if (this.#waitForCollector()) return Promise.resolve();
    const loop = async () => {
      // Holding the lock: what the last sender heard is in storage (a tab's message may still be on its way).
      const heard = await store.getMeta(RETRY_AT).catch(() => 0);
      if (Number.isFinite(heard)) this.#retryAt = Math.max(this.#retryAt, heard);
      this.#retryAt = Math.max(this.#retryAt, this.#keptRetryAt());
      for (;;) {
        if (this.store !== store || this.#retryTime() > Date.now()) return;
        let stored = [];
        let unreadable = null; // what is in memory is still sent
        try {
          const read = await store.readItems(this.#o.sendBatchItems);
          this.reportQuarantine(read.quarantined);
          stored = read.items;
        } catch (cause) {
          if (this.#closed) return; // destroy() closed the store meanwhile: nothing failed
          unreadable = storageError(cause, 'could not read the outbox to send it');
        }
        // Reset or revoked while reading: what was read is discarded, not sent.
        if (this.store !== store) return;
        for (const item of this.#volatile.values()) if (stored.length < this.#o.sendBatchItems) stored.push(item);
        if (stored.length === 0) {
          if (unreadable) throw unreadable;
          return;
        }
        const items = requestItems(stored);
        let acked;
        try {
          acked = await postBatch(endpoint, items, this.#o.requestTimeoutMs);
        } catch (error) {
          if (error.retryAfterMs != null) await this.#holdBack(store, Math.min(this.#o.retryMaxMs, error.retryAfterMs));
          throw error;
        }
        // Reset or revoked while the request was on its way: its items were discarded (and
        // counted so), nobody is called back.
        if (this.store !== store) return;
        // The collector has them; if they cannot be removed, they are sent again (and stored once).
        // In the write queue: a count (inspect) sees them both stored and this tab's, or neither.
        await this.#serial(async () => {
          await store.deleteItems(acked).catch((cause) => {
            // Closed by destroy() meanwhile: the items are sent again next time (the collector stores each once).
            if (!this.#closed) throw storageError(cause, 'could not remove acknowledged items from the outbox');
          });
          this.#acknowledged(acked, true);
        });
        this.#channel?.postMessage({ acked });
        // Only progress ends a streak of failures: an answer that acknowledges nothing is one.
        if (acked.length === 0) throw sdkError('SEND_FAILED', 'the collector acknowledged none of the items sent', 'endpoint');
        this.#attempt = 0;
        this.#nextRetryAt = null;
      }
    };
    this.#sending = withSendLock(`clg-metrics-send:${this.#name}`, loop)
      .then(
        (ran) => {
          // Another tab holds the lock and is sending this user's outbox; look again later.
          if (!ran) this.#retryTimer = this.#timer(() => this.#retryNow(), this.#o.retryBaseMs);
          else this.#waitForCollector();
        },
        (thrown) => {
          if (this.store !== store) return; // reset or revoked meanwhile
          // onError always gets a coded error, whatever a host's fetch or storage threw.
          const error = typeof thrown?.code === 'string' ? thrown : sdkError('SEND_FAILED', `the send failed: ${thrown?.message ?? String(thrown)}`, 'endpoint', thrown);
          this.#attempt++;
          const delay = retryDelay(this.#attempt, { baseMs: this.#o.retryBaseMs, maxMs: this.#o.retryMaxMs }, { retryAfterMs: error.retryAfterMs ?? null });
          this.#nextRetryAt = Date.now() + delay;
          this.#report(Object.assign(error, { attempt: this.#attempt, nextRetryAt: this.#nextRetryAt }));
          this.#retryTimer = this.#timer(() => this.#retryNow(), delay);
        },
      )
      .then(() =>
        this.#serial(async () => {
          if (this.store !== store) return;
          const stored = await store.countItems().catch(() => null);
          if (stored !== null && this.store === store) this.#recount(stored);
        }),
      )
      .then(() => {
        this.#sending = null;
        if (this.#sendAgain) this.requestSend();
      });
    return this.#sending;
  }

  /** While the collector's Retry-After holds: schedules the send for when it lifts and returns true. */
  #waitForCollector() {
    const wait = this.#retryTime() - Date.now();
    if (wait <= 0) return false;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = this.#timer(() => this.#retryNow(), wait);
    return true;
  }

  /**
   * No request for `ms`, from this tab, the user's other tabs or the next
   * page (the collector said so): kept in localStorage at once (the page
   * may go away before IndexedDB commits) and in IndexedDB before the lock
   * is released, so the next sender reads it under the lock; the tab
   * channel tells the other tabs' beacons.
   */
  async #holdBack(store, ms) {
    this.#retryAt = Date.now() + ms;
    if (store.kind === 'indexeddb') writeRetryAt(this.#name, this.#retryAt); // survives the page going away now
    this.#channel?.postMessage({ retryAt: this.#retryAt });
    await store.putMeta(RETRY_AT, this.#retryAt).catch(() => {});
  }

  /** pagehide, visibilitychange, freeze and online listeners (browsers only). */
  #listen() {
    if (typeof addEventListener !== 'function') return;
    for (const off of this.#unlisten) off(); // detach()'s, until this store opened
    this.#unlisten = [];
    const on = (target, type, fn) => {
      target.addEventListener(type, fn);
      this.#unlisten.push(() => target.removeEventListener(type, fn));
    };
    this.#unlisten.push(whenPageHides(() => this.persist()));
    on(globalThis, 'pagehide', () => this.#beacon()); // after persist(): a listener added later runs later
    on(globalThis, 'online', () => {
      this.#attempt = 0;
      this.#retryNow();
    });
  }

  /** Sends now, whatever retry waits (the one retry timer, `online`). */
  #retryNow() {
    this.#nextRetryAt = null;
    this.requestSend();
  }

  /** A timer that does not keep Node alive; a delay past setTimeout's limit (about 24.8 days) waits that long, not 1 ms. */
  #timer(fn, ms) {
    const t = setTimeout(fn, Math.min(ms, MAX_TIMEOUT));
    t?.unref?.();
    return t;
  }
}

/** STORAGE_QUOTA for a full disk/quota, STORAGE_FAILED otherwise. */
export function storageError(cause, message) {
  const quota = cause?.name === 'QuotaExceededError';
  return sdkError(quota ? 'STORAGE_QUOTA' : 'STORAGE_FAILED', `${message}${quota ? ' (storage quota exceeded)' : ''}`, 'storage', cause);
}
