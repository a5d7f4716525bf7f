// A results store's saved state: `toJSON()` of a store with 1,000 accounts,
// each with one role, a self-reported metric with 10 observations and an
// active goal (about 0.9 MB of JSON), as a backoffice page saves it or the
// SDK saves its user's store after a change. The core keeps the state in
// wasm and returns it as fresh plain data, built in one pass from one tape
// (src/wasm/tape.rs). The plain-JS side keeps the same state as plain
// objects and returns what its own toJSON must, a fresh copy (a caller may
// change what it gets): one recursive copy written for plain data (no
// structuredClone, no JSON round trip, both slower here), and the
// same data, compared field by field.

const ACCOUNTS = 1000;
const OBSERVATIONS = 10;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const MODEL = {
  roles: [{
    id: 'admin', name: 'Admin', maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
    metrics: [{ id: 'hours', name: 'Hours saved per week', kind: 'value', unit: 'hours', direction: 'higher', collection: { method: 'selfReported' } }],
  }],
};

/** A store of `lib` holding the workload's state. */
function storeOf(lib) {
  const store = new lib.ResultsStore();
  store.defineModel(MODEL);
  for (let a = 0; a < ACCOUNTS; a++) {
    const account = `account-${String(a).padStart(4, '0')}`;
    store.upsertAccount({ id: account, name: `Account ${a}`, roles: [{ role: 'admin', maturity: 1 }] });
    for (let k = 0; k < OBSERVATIONS; k++) {
      store.recordObservation({ account, role: 'admin', metric: 'hours', value: 2 + ((a + k) % 7), at: T0 + k * DAY, user: `user-${a}` });
    }
    store.setGoal({ account, role: 'admin', metric: 'hours', target: 12, start: T0 + 10 * DAY, due: T0 + 90 * DAY });
  }
  return store;
}

/** A fresh copy of plain data. */
function copy(value) {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i]);
    return out;
  }
  const out = {};
  for (const key in value) out[key] = copy(value[key]);
  return out;
}

/** Asserts that `a` and `b` are the same plain data. */
function same(a, b, path) {
  if (typeof a !== 'object' || a === null) {
    if (!Object.is(a, b)) throw new Error(`${path}: clg ${a} vs plain ${b}`);
    return;
  }
  const keys = Object.keys(a);
  if (Array.isArray(a) !== Array.isArray(b) || keys.length !== Object.keys(b).length) throw new Error(`${path}: different shapes`);
  for (const key of keys) same(a[key], b[key], `${path}.${key}`);
}

export default {
  name: `results store toJSON(), ${ACCOUNTS} accounts`,
  setup(lib) {
    const store = storeOf(lib);
    // The plain store's state: the same data as plain objects.
    return { store, state: copy(store.toJSON()) };
  },
  clg(_lib, { store }) {
    return store.toJSON();
  },
  plain({ state }) {
    return copy(state);
  },
  check(clg, plain) {
    same(clg, plain, 'state');
  },
};
