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

/**
 * The answers typed, split at spaces, commas, semicolons and new lines:
 * `{ scores }` when every entry is a whole number from 0 to 10 written with
 * digits only ("1e1", "0x5", "7.0" and "+3" are not), else `{ bad: { position, entry } }`
 * for the first that is not (1-based).
 */
function parseScores(text) {
  const entries = text.split(/[\s,;]+/).filter((entry) => entry !== '');
  const bad = entries.findIndex((entry) => !/^[0-9]+$/.test(entry) || Number(entry) > 10);
  return bad === -1 ? { scores: entries.map(Number) } : { bad: { position: bad + 1, entry: entries[bad] } };
}

/** The NPS of the typed answers at the chosen level, or the sentence saying what to fix. */
function compute() {
  const { scores, bad } = parseScores($('scores').value);
  if (bad) {
    const entry = bad.entry.length > 20 ? `${bad.entry.slice(0, 19)}…` : bad.entry;
    return { error: () => demoText('calc.badEntry', { position: bad.position, entry }) };
  }
  if (scores.length === 0) return { error: () => demoText('calc.empty') };
  try {
    return { result: nps(scores, { level: Number($('level').value) }) };
  } catch (e) {
    console.warn(`clg-metrics: ${e.message} (${e.code ?? e.name})`); // for developers; the reader gets a sentence
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
// A new level applies at once to answers that can be computed (an input still to fix waits for Compute).
$('level').addEventListener('change', () => {
  if (!parseScores($('scores').value).bad) show();
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
