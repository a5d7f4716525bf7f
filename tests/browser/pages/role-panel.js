// A <clg-role-goals> over a fresh ResultsStore of one role (`x`) and one
// account (`a`), for the widget tests that need a model of their own.
import { init, ResultsStore } from '/dist/index.js';
import '/dist/widgets/index.js';

/**
 * Defines role `x` with `metrics` (one maturity level of `improvement`),
 * adds account `a`, lets `setup(store)` record what the test needs, then
 * shows the panel. The test reads `window.panel`, `window.store` and
 * `window.errors` (the codes of `clg-error`, whose default is prevented).
 *
 * @example
 * const panel = await rolePanel({ name: 'Seller', improvement: { type: 'percent', amount: 20 }, metrics }, (store) => {});
 */
export async function rolePanel({ name, improvement, metrics }, setup) {
  await init();
  const store = new ResultsStore();
  store.defineModel({ roles: [{ id: 'x', name, maturity: [{ name: 'Initial', improvement }], metrics }] });
  store.upsertAccount({ id: 'a', roles: [{ role: 'x', maturity: 1 }] });
  setup(store);
  const panel = document.createElement('clg-role-goals');
  panel.setAttribute('account', 'a');
  panel.setAttribute('role-id', 'x');
  document.body.append(panel);
  panel.store = store;
  Object.assign(window, { panel, store, errors: [] });
  panel.addEventListener('clg-error', (e) => {
    window.errors.push(e.detail.code);
    e.preventDefault();
  });
  return panel;
}
