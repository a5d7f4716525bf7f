// The widgets under a partial DOM, as an embedding app's unit tests give them
// (jsdom in Vitest or Jest has no matchMedia and no CSS.escape; a hand-made
// shim may define CSSStyleSheet alone): they load, and a prompt's timers and
// focus return do not throw. A hand-made stub stands in for the DOM here.
import { test } from 'node:test';
import assert from 'node:assert/strict';

// A shim with CSSStyleSheet but no Document nor ShadowRoot (set before any widget module loads).
globalThis.CSSStyleSheet = class { replaceSync() {} };

test('a partial DOM (CSSStyleSheet without Document) does not stop the widget entries loading', async () => {
  assert.equal(typeof globalThis.Document, 'undefined');
  for (const entry of ['widgets', 'widgets/survey-prompts', 'widgets/check-in', 'widgets/prompt-host', 'widgets/settings']) {
    const module = await import(`clg-metrics/${entry}`);
    assert.ok(Object.keys(module).length > 0, entry);
  }
});

/** A prompt widget as PromptDialog uses it: its panel records the motion it plays. */
function stubPrompt({ focusWithin = false, root = null } = {}) {
  const listeners = {};
  const panel = { durations: [], animate(keyframes, { duration }) {
    this.durations.push(duration);
    return { finished: Promise.resolve() };
  } };
  const thanks = { focus() {} };
  const element = {
    hidden: false, listeners, panel,
    addEventListener: (type, listener) => (listeners[type] = listener),
    matches: (selector) => selector === ':focus-within' && focusWithin,
    getAttribute: (name) => (name === 'thanks-timeout' ? '1' : null),
    update() {},
    shadowRoot: { querySelector: (selector) => ({ '.panel': panel, '.thanks': thanks })[selector] ?? null },
    getRootNode: () => root,
  };
  return element;
}

test('without matchMedia (jsdom) the thank-you closes from its timer with the default motion: no ReferenceError', async () => {
  assert.equal(typeof globalThis.matchMedia, 'undefined');
  globalThis.getComputedStyle = () => ({ getPropertyValue: (name) => (name === '--_motion' ? '200ms' : '') });
  const { PromptDialog } = await import('../../dist/widgets/prompt-dialog.js');
  const element = stubPrompt();
  const dialog = new PromptDialog(element, 'nps');
  dialog.thank(); // thanks-timeout="1": hides itself from a timer, as after Send
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(element.hidden, true);
  assert.deepEqual(element.panel.durations, [200], 'no reduced-motion preference: the exit motion plays');

  globalThis.matchMedia = (query) => ({ matches: query === '(prefers-reduced-motion: reduce)' });
  const reduced = stubPrompt();
  await new PromptDialog(reduced, 'nps').hide();
  assert.equal(reduced.hidden, true);
  assert.deepEqual(reduced.panel.durations, [], 'reduced motion: none');
  delete globalThis.matchMedia;
});

test('without CSS.escape (jsdom) focus goes back to a control drawn again in its place, matched by its key as text', async () => {
  assert.equal(typeof globalThis.CSS, 'undefined');
  globalThis.Node = class {};
  globalThis.ShadowRoot = class {};
  const { PromptDialog } = await import('../../dist/widgets/prompt-dialog.js');
  const focused = [];
  const key = 'value-"hours"\\';
  const again = { dataset: { focusKey: key }, isConnected: true, focus: () => focused.push('again') };
  const other = { dataset: { focusKey: 'value-other' }, isConnected: true, focus: () => focused.push('other') };
  const root = Object.assign(Object.create(ShadowRoot.prototype), { querySelectorAll: () => [other, again] });
  // The control focus came from, since drawn again (no longer on the page).
  const control = Object.assign(Object.create(Node.prototype), { dataset: { focusKey: key }, isConnected: false, getRootNode: () => root });
  const element = stubPrompt({ focusWithin: true });
  element.contains = () => false;
  const dialog = new PromptDialog(element, 'checkin');
  element.listeners.focusin({ relatedTarget: control });
  await dialog.hide();
  assert.deepEqual(focused, ['again']);
  assert.equal(element.hidden, true);
});
