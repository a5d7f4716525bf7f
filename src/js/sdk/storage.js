// Local storage of the SDK: one IndexedDB database per (account, user), so
// two people sharing a browser never see each other's data, with a
// versioned schema and migrations; an in-memory store with the same
// interface when IndexedDB is unavailable or blocked.
//
// Stores: `outbox` (items waiting for the collector's ack, keyPath `key`),
// `meta` (small named values such as the survey-policy state) and
// `quarantine` (records that failed validation, kept for inspection and
// never read back).
import { sdkError } from './errors.js';

/** The schema version; `MIGRATIONS[v - 1]` upgrades a database from v - 1 to v. */
export const SCHEMA_VERSION = 2;

const MIGRATIONS = [
  // v1: the outbox and named values.
  (db) => {
    db.createObjectStore('outbox', { keyPath: 'key' });
    db.createObjectStore('meta');
  },
  // v2: quarantine for corrupt or foreign records; outbox read oldest first.
  (db, tx) => {
    db.createObjectStore('quarantine', { autoIncrement: true });
    tx.objectStore('outbox').createIndex('at', 'at');
  },
];

/**
 * The order items were made in this page: an outbox record's `seq`, so
 * that those of one millisecond are read in that order. Kept beside the
 * item (it is not on the wire), and in the journal (see ordered).
 */
let made = 0;
const order = new WeakMap();

/** Marks `item` as made now (see order); returns it. */
export function stamp(item) {
  order.set(item, ++made);
  return item;
}

/** The `seq` of an item: stamped, else the one it carries (a journal's), else now. */
const seqOf = (item) => order.get(item) ?? (Number.isFinite(item.seq) ? item.seq : ++made);

/** `item` with its `seq`, as the journal keeps it for the next page to store. */
export const ordered = (item) => ({ ...item, seq: seqOf(item) });

/** The item types the outbox holds. */
export const ITEM_TYPES = ['events', 'response', 'dismissal', 'observation', 'goal'];

/** The database name of a user's namespace. */
export function databaseName(accountId, userId) {
  return `clg-metrics/${encodeURIComponent(accountId)}/${encodeURIComponent(userId)}`;
}

/**
 * Why a stored outbox record cannot be used, or '' if it can: records are
 * checked on every read, and a record of another user or of an unknown
 * shape is quarantined instead of sent.
 */
export function recordProblem(record, owner) {
  if (record === null || typeof record !== 'object') return 'not an object';
  if (record.owner !== owner) return 'belongs to another user';
  if (typeof record.key !== 'string' || record.key === '') return 'no key';
  if (!ITEM_TYPES.includes(record.type)) return 'unknown type';
  if (!Number.isFinite(record.at)) return 'no time';
  if (record.payload === null || typeof record.payload !== 'object') return 'no payload';
  // Every payload names its user (the wire format): the owner field alone could be copied.
  if (`${record.payload.accountId}\n${record.payload.userId}` !== owner) return 'belongs to another user';
  return '';
}

/** The wire item of a stored record (the record without its owner) or of a journal's item. */
export const toItem = ({ key, type, at, payload }) => ({ key, type, at, payload });

/** Wraps an IDBRequest in a promise. */
const done = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/** Resolves when a transaction commits, rejects when it fails or aborts. */
const committed = (tx) =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? sdkError('STORAGE_FAILED', 'the IndexedDB transaction aborted', 'storage'));
  });

/**
 * Opens (creating or migrating) the user's database. Rejects with
 * STORAGE_UNAVAILABLE when IndexedDB is missing, throws, fails to open, or
 * is not open after `blockedMs` (blocked by an older open connection, or
 * queued behind an open that is); a connection that opens later is closed.
 * `onClose()` runs when another tab deletes or upgrades the database,
 * which closes this connection.
 *
 * @param {string} name
 * @param {{ blockedMs?: number, onClose?: () => void }} [options]
 * @returns {Promise<IDBDatabase>}
 */
export function openIndexedDb(name, { blockedMs = 3000, onClose } = {}) {
  return new Promise((resolve, reject) => {
    const unavailable = (why, cause) =>
      reject(sdkError('STORAGE_UNAVAILABLE', `IndexedDB is unavailable (${why}); keeping data in memory for this page only`, 'storage', cause));
    let request;
    try {
      if (typeof indexedDB === 'undefined' || indexedDB === null) return unavailable('not supported here');
      request = indexedDB.open(name, SCHEMA_VERSION);
    } catch (error) {
      return unavailable(String(error?.name ?? error), error);
    }
    // From the open, not from its `blocked` event: an open queued behind another tab's blocked
    // open (which no one can cancel) never gets one, and would wait forever.
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      unavailable(`not open after ${blockedMs} ms: blocked by another open connection, or queued behind an open that is`);
    }, blockedMs);
    request.onupgradeneeded = (event) => {
      const db = request.result;
      for (let v = event.oldVersion; v < SCHEMA_VERSION; v++) MIGRATIONS[v](db, request.transaction);
    };
    request.onerror = (event) => {
      event.preventDefault?.();
      clearTimeout(timer);
      unavailable(String(request.error?.name ?? 'open failed'), request.error);
    };
    request.onsuccess = () => {
      clearTimeout(timer);
      const db = request.result;
      if (late) {
        db.close(); // this page keeps its data in memory now: the connection would only block others
        return;
      }
      // Another tab deleting or upgrading this database (reset, a newer
      // version of the app): let it, this connection is done; `onClose`
      // opens another.
      db.onversionchange = () => {
        db.close();
        onClose?.();
      };
      resolve(db);
    };
  });
}

/** The IndexedDB store of one user. */
export class IndexedDbStore {
  kind = 'indexeddb';

  constructor(db, owner) {
    this.db = db;
    this.owner = owner;
  }

  /**
   * Writes outbox items in one transaction (all or nothing), unless the
   * outbox (every tab's items: transactions on it run one at a time) would
   * then hold more than `limit`. Resolves to `{ written, count }`: whether
   * they were written, and how many items the outbox holds.
   */
  async putItems(items, limit = Infinity) {
    const tx = this.db.transaction('outbox', 'readwrite');
    const store = tx.objectStore('outbox');
    const count = await done(store.count());
    const written = count + items.length <= limit;
    if (written) for (const item of items) store.put({ ...item, owner: this.owner, seq: seqOf(item) });
    await committed(tx);
    return { written, count: written ? count + items.length : count };
  }

  /**
   * Up to `limit` outbox items, oldest first: by `at`, those of one
   * millisecond in the order they were made (`seq`; the index alone
   * orders them by key, a random UUID). Records that fail validation are
   * moved to quarantine in the same transaction and reported in
   * `quarantined`.
   */
  async readItems(limit = Infinity) {
    const tx = this.db.transaction(['outbox', 'quarantine'], 'readwrite');
    const outbox = tx.objectStore('outbox');
    const quarantine = tx.objectStore('quarantine');
    const records = [];
    const quarantined = [];
    await new Promise((resolve, reject) => {
      const cursorRequest = outbox.index('at').openCursor();
      cursorRequest.onerror = () => reject(cursorRequest.error);
      cursorRequest.onsuccess = () => {
        const cursor = cursorRequest.result;
        // Past the limit, the records of the last one's millisecond are read too: any of them may be older.
        if (!cursor || (records.length >= limit && cursor.value.at !== records.at(-1).at)) return resolve();
        const problem = recordProblem(cursor.value, this.owner);
        if (problem) {
          quarantine.add({ store: 'outbox', problem, record: cursor.value, at: Date.now() });
          cursor.delete();
          quarantined.push(problem);
        } else {
          records.push(cursor.value);
        }
        cursor.continue();
      };
    });
    // Records of an older release have no `seq`: they come first in their millisecond, in key order.
    const seq = (record) => (Number.isFinite(record.seq) ? record.seq : 0);
    const items = records.sort((a, b) => a.at - b.at || seq(a) - seq(b)).slice(0, limit).map(toItem);
    // Records without a valid `at` never reach the index: look for them too.
    const total = await done(outbox.count());
    const indexed = await done(outbox.index('at').count());
    if (total !== indexed) {
      const all = await done(outbox.getAll());
      for (const record of all) {
        if (Number.isFinite(record?.at)) continue;
        quarantine.add({ store: 'outbox', problem: recordProblem(record, this.owner) || 'no time', record, at: Date.now() });
        outbox.delete(record.key);
        quarantined.push('no time');
      }
    }
    await committed(tx);
    return { items, quarantined };
  }

  async countItems() {
    return done(this.db.transaction('outbox').objectStore('outbox').count());
  }

  /** `at` of the oldest outbox item, or null when it is empty. */
  async oldestAt() {
    const first = await done(this.db.transaction('outbox').objectStore('outbox').index('at').openCursor());
    return first ? first.value.at : null;
  }

  async deleteItems(keys) {
    const tx = this.db.transaction('outbox', 'readwrite');
    const store = tx.objectStore('outbox');
    for (const key of keys) store.delete(key);
    await committed(tx);
  }

  async getMeta(name) {
    return done(this.db.transaction('meta').objectStore('meta').get(name));
  }

  async putMeta(name, value) {
    const tx = this.db.transaction('meta', 'readwrite');
    tx.objectStore('meta').put(value, name);
    await committed(tx);
  }

  /**
   * Replaces the named value with `update(stored)` (`undefined` when there
   * is none), read and written in one transaction: another tab's write
   * between the two cannot be lost. `update` runs synchronously; when it
   * returns `undefined` (or throws), nothing is written.
   */
  async updateMeta(name, update) {
    const tx = this.db.transaction('meta', 'readwrite');
    const meta = tx.objectStore('meta');
    const read = meta.get(name);
    read.onsuccess = () => {
      const value = update(read.result);
      if (value !== undefined) meta.put(value, name);
    };
    await committed(tx);
  }

  /** Moves a named value to quarantine (it failed validation). */
  async quarantineMeta(name, value, problem) {
    const tx = this.db.transaction(['meta', 'quarantine'], 'readwrite');
    tx.objectStore('quarantine').add({ store: 'meta', name, problem, record: value, at: Date.now() });
    tx.objectStore('meta').delete(name);
    await committed(tx);
  }

  async countQuarantined() {
    return done(this.db.transaction('quarantine').objectStore('quarantine').count());
  }

  /** Deletes the whole database (logout, revoked consent). */
  async destroy() {
    this.db.close();
    await done(indexedDB.deleteDatabase(this.db.name));
  }

  close() {
    this.db.close();
  }
}

/** The same interface in memory: for tests, Node, and when IndexedDB fails. */
export class MemoryStore {
  kind = 'memory';
  #items = new Map();
  #meta = new Map();
  #quarantine = [];

  constructor(owner) {
    this.owner = owner;
  }

  async putItems(items, limit = Infinity) {
    const written = this.#items.size + items.length <= limit;
    if (written) for (const item of items) this.#items.set(item.key, { ...item, owner: this.owner });
    return { written, count: this.#items.size };
  }

  /** Up to `limit` outbox items, oldest first (as IndexedDB's `at` index reads them): sorted before the limit is taken. */
  async readItems(limit = Infinity) {
    const items = [...this.#items.values()].map(toItem).sort((a, b) => a.at - b.at);
    return { items: items.slice(0, limit), quarantined: [] };
  }

  async countItems() {
    return this.#items.size;
  }

  async oldestAt() {
    let oldest = null;
    for (const { at } of this.#items.values()) if (oldest === null || at < oldest) oldest = at;
    return oldest;
  }

  async deleteItems(keys) {
    for (const key of keys) this.#items.delete(key);
  }

  async getMeta(name) {
    return this.#meta.get(name);
  }

  async putMeta(name, value) {
    this.#meta.set(name, value);
  }

  async updateMeta(name, update) {
    const value = update(this.#meta.get(name));
    if (value !== undefined) this.#meta.set(name, value);
  }

  async quarantineMeta(name, value, problem) {
    this.#quarantine.push({ store: 'meta', name, problem, record: value });
    this.#meta.delete(name);
  }

  async countQuarantined() {
    return this.#quarantine.length;
  }

  async destroy() {
    this.#items.clear();
    this.#meta.clear();
    this.#quarantine.length = 0;
  }

  close() {}
}
