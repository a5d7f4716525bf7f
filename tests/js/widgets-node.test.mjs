// The widget entries without a DOM (Node, server rendering): they load,
// export their API, and register nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the widget entries load in Node and register nothing', async () => {
  assert.equal(typeof globalThis.HTMLElement, 'undefined');
  for (const entry of ['widgets', 'widgets/survey-prompts', 'widgets/goal-progress', 'widgets/role-goals', 'widgets/scorecard', 'widgets/check-in', 'widgets/prompt-host', 'widgets/settings']) {
    const module = await import(`clg-metrics/${entry}`);
    assert.ok(Object.keys(module).length > 0, entry);
  }
  const { registerLocale, paceState } = await import('clg-metrics/widgets');
  registerLocale('de', { 'survey.submit': 'Senden' });
  assert.equal(paceState({ status: 'achieved' }), 'achieved');
});

/** `fn()`'s error as `name code field` (and its cause's message), or 'accepted'. */
function outcome(fn) {
  try {
    fn();
    return 'accepted';
  } catch (e) {
    return [e.name, e.code, e.field, e.cause?.message].filter(Boolean).join(' ');
  }
}

const throwing = (key) => ({ get [key]() { throw new Error('boom'); } });
/** V8's message for a revoked Proxy (the error's `cause`). */
const REVOKED = "Cannot perform 'IsArray' on a proxy that has been revoked";
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

test('configureWidgets follows the package\'s input rules: null is absent, arguments read once, coded errors naming the field', async () => {
  const { configureWidgets } = await import('clg-metrics/widgets/settings');
  const { widgetSettings } = await import('../../dist/widgets/element.js');
  assert.deepEqual([null, undefined, {}, { nonce: null }, { nonce: undefined, wholeUnits: null }].map((s) => outcome(() => configureWidgets(s))), Array(5).fill('accepted'));
  assert.deepEqual([
    { wholeUnits: 'meetings' }, { wholeUnits: ['meetings', 1] }, { nonce: 5 }, { units: [] }, 'x', [], throwing('nonce'), revoked(),
    { wholeUnits: new Proxy(['a'], { get() { throw new Error('trap'); } }) },
  ].map((s) => outcome(() => configureWidgets(s))), [
    'TypeError WRONG_TYPE settings.wholeUnits', 'TypeError WRONG_TYPE settings.wholeUnits[1]', 'TypeError WRONG_TYPE settings.nonce',
    'Error UNKNOWN_OPTION settings.units', 'TypeError WRONG_TYPE settings', 'TypeError WRONG_TYPE settings',
    'TypeError UNREADABLE settings.nonce boom', `TypeError UNREADABLE settings ${REVOKED}`, 'TypeError UNREADABLE settings.wholeUnits.length trap',
  ]);
  // Text as the core takes it (a hostile-input review: these were accepted and drawn).
  assert.deepEqual([{ nonce: 'x'.repeat(1_000_001) }, { nonce: 'a\ud800' }, { wholeUnits: ['ok', 'b\udc00'] }].map((s) => outcome(() => configureWidgets(s))), [
    'RangeError TOO_LARGE settings.nonce', 'RangeError INVALID_VALUE settings.nonce', 'RangeError INVALID_VALUE settings.wholeUnits[1]',
  ]);
  // Only the settings given change; one holding null or undefined keeps its value.
  configureWidgets({ nonce: 'n0nce', wholeUnits: ['meetings'] });
  configureWidgets({ nonce: null, wholeUnits: undefined });
  configureWidgets({ wholeUnits: ['deals'] });
  assert.equal(widgetSettings.nonce, 'n0nce');
  assert.deepEqual([...widgetSettings.wholeUnits], ['deals']);
  // Each setting is read once: a getter that answers differently the second time cannot slip past the check.
  let reads = 0;
  configureWidgets({ get nonce() { return ++reads === 1 ? 'once' : 5; } });
  assert.deepEqual([reads, widgetSettings.nonce], [1, 'once']);
});

test('registerLocale follows the package\'s input rules: a key holding null is left out, a throwing getter is UNREADABLE', async () => {
  const { registerLocale } = await import('clg-metrics/widgets/settings');
  const { message } = await import('../../dist/widgets/i18n.js');
  assert.deepEqual([
    () => registerLocale('de', throwing('a')), () => registerLocale('de', revoked()), () => registerLocale('de', null),
    () => registerLocale('de', ['Senden']), () => registerLocale('de', { 'survey.submit': 42 }), () => registerLocale('', {}),
    () => registerLocale('de', new Proxy({}, { ownKeys() { throw new Error('keys'); } })),
  ].map(outcome), [
    'TypeError UNREADABLE messages.a boom', `TypeError UNREADABLE messages ${REVOKED}`, 'TypeError WRONG_TYPE messages',
    'TypeError WRONG_TYPE messages', 'TypeError WRONG_TYPE messages.survey.submit', 'TypeError WRONG_TYPE lang',
    'TypeError UNREADABLE messages keys',
  ]);
  // A language tag and well-formed messages (a hostile-input review: 'constructor' was taken, then every widget of that lang failed).
  assert.deepEqual([
    () => registerLocale('constructor', {}), () => registerLocale('__proto__', {}), () => registerLocale('<b>', {}),
    () => registerLocale('de', { 'survey.submit': 'a\ud800' }), () => registerLocale('de', { 'survey.submit': 'W'.repeat(1_000_001) }),
  ].map(outcome), [
    'RangeError INVALID_VALUE lang', 'RangeError INVALID_VALUE lang', 'RangeError INVALID_VALUE lang',
    'RangeError INVALID_VALUE messages.survey.submit', 'RangeError TOO_LARGE messages.survey.submit',
  ]);
  registerLocale('pt-BR', {});
  registerLocale('fr', { 'survey.submit': 'Envoyer', 'survey.later': null, 'survey.dismiss': undefined, __proto__: null });
  assert.equal(message('fr', 'survey.submit'), 'Envoyer');
  assert.equal(message('fr', 'survey.later'), message('en', 'survey.later'), 'left out: English');
  // A refused call changes nothing: no key of it is registered.
  assert.match(outcome(() => registerLocale('fr', { 'survey.later': 'Plus tard', 'survey.submit': 5 })), /WRONG_TYPE/);
  assert.equal(message('fr', 'survey.later'), message('en', 'survey.later'));
});

test('a Map of settings or messages is WRONG_TYPE, not read as {}', async () => {
  const { configureWidgets, registerLocale } = await import('clg-metrics/widgets/settings');
  assert.equal(outcome(() => configureWidgets(/** @type {any} */ (new Map([['nonce', 'abc']])))), 'TypeError WRONG_TYPE settings');
  assert.match(outcome(() => registerLocale('de', /** @type {any} */ (new Map([['survey.submit', 'Senden']])))), /^TypeError WRONG_TYPE messages/);
});

test('the scorecard widget\'s company module loads in Node too (a jsdom test of an app), its .wasm read from disk', async () => {
  // @ts-expect-error: an internal module of the package
  const { companyModule, scorecardFrom } = await import('../../dist/widgets/scorecard-company.js');
  const company = await companyModule();
  const made = scorecardFrom(company, { periods: [{ start: '2026-01-01', end: '2026-02-01' }], accounts: [{ id: 'a', mrr: [120] }] }, {}, 25);
  assert.equal(made.scorecard.company.find((/** @type {any} */ line) => line.key === 'mrr').value.value, 120);
});

test('number fields read what is typed in the widget\'s language, never a decimal point as a group', async () => {
  // Before: <input type=number> read by the browser's locale: in an English browser "2,5" typed into
  // a Spanish form was 25, and "1.234,5" 1.2345, silently.
  const { parseNumber, fieldText } = await import('../../dist/widgets/number-field.js');
  const cases = {
    en: { '2.5': 2.5, '2,5': 2.5, '2,500': 2500, '1,234.5': 1234.5, '0,500': 0.5, '1.234,5': NaN, '-3': -3, '\u22123.5': -3.5, ' 7 ': 7, '.5': 0.5, '5.': 5, '1e3': 1000, '1e400': NaN, '': null, '  ': null, '-': NaN, ',': NaN, 'abc': NaN, '2 500': NaN, '1,23,456': NaN },
    es: { '2,5': 2.5, '2.5': 2.5, '1.234,5': 1234.5, '2.500': 2500, '1.234.567': 1234567, '1,234.5': NaN, '0,25': 0.25 },
    ru: { '2,5': 2.5, '2.5': 2.5, '2 500,5': 2500.5, '2\u00a0500': 2500, '2\u202f500': 2500, '2.500': 2.5 },
    // Grouped in twos above the thousands; a language's own digits; the Swiss apostrophe either way.
    'en-IN': { '12,34,567.5': 1234567.5, '1,00,000': 100000, '1,234': 1234, '1,2,345': NaN },
    // Latin digits where the language has its own: as it writes them with Latin digits ("2,500" is 2500).
    'ar-EG': { '\u0662\u066b\u0665': 2.5, '2.5': 2.5, '-\u0661\u0660': -10, '2,500': 2500, '2,500.5': 2500.5, '\u06f2\u066b\u06f5': 2.5 },
    fa: { '\u06f2\u066b\u06f5': 2.5, '\u0662\u066b\u0665': 2.5, '2,500': 2500 },
    // The Arabic decimal and thousands signs where the language writes Latin ones (Chromium's `ar`,
    // `ar-MA`, `ur`): they were "not a number".
    ar: { '\u0662\u066b\u0665': 2.5, '\u0662\u066c\u0665\u0660\u0660\u066b\u0665': 2500.5, '2.5': 2.5, '2,500': 2500 },
    'ar-MA': { '\u0662\u066b\u0665': 2.5, '\u0662\u066c\u0665\u0660\u0660': 2500, '2,5': 2.5 },
    ur: { '\u06f2\u066b\u06f5': 2.5, '\u06f2\u066c\u06f5\u06f0\u06f0': 2500 },
    'de-CH': { "1'234.5": 1234.5, '1\u2019234.5': 1234.5 },
  };
  for (const [lang, table] of Object.entries(cases)) {
    for (const [text, want] of Object.entries(table)) assert.deepEqual(parseNumber(lang, text), want, `${lang} ${JSON.stringify(text)}`);
  }
  assert.deepEqual(['en', 'es', 'ru', 'ar-EG'].map((lang) => fieldText(lang, 2.5)), ['2.5', '2,5', '2,5', '\u0662\u066b\u0665']);
  assert.equal(fieldText('es', null), '');
  // What a field shows reads back as the same number, in every language (seeded, 2,000 numbers each).
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (const lang of ['en', 'es', 'ru', 'de', 'fr', 'de-CH', 'hi', 'en-IN', 'ar-EG', 'fa']) {
    for (let i = 0; i < 2000; i++) {
      const x = (random() - 0.5) * 10 ** Math.floor(random() * 30 - 10);
      assert.equal(parseNumber(lang, fieldText(lang, x)), x, `${lang} ${x}`);
    }
  }
});
