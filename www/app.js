// The demo's first page: an NPS from typed-in scores. Data reaches the page
// only through textContent and style widths, never as HTML. The page follows
// the demo's language (demo-lang.js), its errors included: a short sentence
// naming the entry to fix, never the core's developer message.
import { init, nps } from '/dist/index.js';
import { demoText, useLanguage } from './demo-lang.js';

const $ = (id) => document.getElementById(id);
const format = (x, digits = 1) =>
  new Intl.NumberFormat(document.documentElement.lang, { maximumFractionDigits: digits }).format(x);

/** What the status line says (loading, or why the page cannot work), kept to write again in another language. */
let status = () => demoText('calc.loading');
/** The last computation: `{ result }` or `{ error: () => sentence }`, or null before the first. */
let shown = null;
let ready = false;

/** The answers typed, split at spaces, commas, semicolons and new lines. */
const entriesOf = (text) => text.split(/[\s,;]+/).filter((entry) => entry !== '');

/**
 * An entry of digits only as its number, any other ("1e1", "0x5", "7.0",
 * "+3", "abc") as its text, which the core refuses as not a number. The core
 * checks every rule (whole numbers from 0 to 10, at least one); this page
 * only says its coded error in words.
 */
const answerOf = (entry) => (/^[0-9]+$/.test(entry) ? Number(entry) : entry);

/** The NPS of the typed answers at the chosen level, or the sentence saying what to fix. */
function compute() {
  const entries = entriesOf($('scores').value);
  try {
    return { result: nps(entries.map(answerOf), { level: Number($('level').value) }) };
  } catch (e) {
    console.warn(`clg-metrics: ${e.message} (${e.code ?? e.name})`); // for developers; the reader gets a sentence
    // The core names the entry it refused, `scores[i]`: the reader counts from 1.
    const at = /^scores\[(\d+)\]$/.exec(e.field ?? '');
    if (at) {
      const entry = entries[Number(at[1])];
      return { error: () => demoText('calc.badEntry', { position: Number(at[1]) + 1, entry: entry.length > 20 ? `${entry.slice(0, 19)}…` : entry }) };
    }
    return { error: () => demoText(e.code === 'EMPTY_INPUT' ? 'calc.empty' : 'calc.failed') };
  }
}

/** Writes the last computation in the page's language. */
function render() {
  $('status').textContent = status();
  if (!shown) return;
  const { result: r, error } = shown;
  if (r) {
    $('score').textContent = format(r.score);
    $('interval').textContent = demoText('calc.interval', { level: r.interval.level * 100, low: format(r.interval.low), high: format(r.interval.high) });
    for (const key of ['promoters', 'passives', 'detractors', 'n']) $(key).textContent = format(r[key], 0);
    for (const key of ['promoters', 'passives', 'detractors']) $(`bar-${key}`).style.width = `${(r[key] / r.n) * 100}%`;
  } else {
    $('error').textContent = error();
  }
  $('output').hidden = !r;
  $('error').hidden = Boolean(r);
}

function show() {
  if (!ready) return;
  shown = compute();
  render();
}

useLanguage($('lang'), render);
$('nps-form').addEventListener('submit', (event) => {
  event.preventDefault();
  show();
});
// A new level applies at once to the answers computed last (an input still to fix waits for Compute).
$('level').addEventListener('change', () => {
  if (shown?.result) show();
});

try {
  await init();
  ready = true;
  status = () => '';
  show();
} catch (e) {
  console.warn(`Could not load the WebAssembly module: ${e.message}`);
  status = () => demoText('calc.loadFailed');
  render();
}
