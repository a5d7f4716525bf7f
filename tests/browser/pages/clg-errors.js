// The widgets' `clg-error` events as the tests read them, for tests of data
// a widget cannot show.
import '/dist/widgets/index.js';

/**
 * Registers the widgets and returns the list that every later `clg-error`
 * of the page goes to, as `"<code> <field>"` (its default prevented: no
 * console report).
 *
 * @example
 * const errors = (await import('/clg-errors.js')).clgErrors();
 * el.status = { ... }; // errors: ['WRONG_TYPE status.goal.target']
 */
export function clgErrors() {
  const errors = [];
  document.addEventListener('clg-error', (e) => {
    e.preventDefault();
    errors.push(`${e.detail.code} ${e.detail.field}`);
  });
  return errors;
}
