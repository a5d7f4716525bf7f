// The demo's first page: an NPS from typed-in scores. Data reaches the page
// only through textContent and style widths, never as HTML.
import { init, nps } from '/dist/index.js';

const $ = (id) => document.getElementById(id);
const format = (x, digits = 1) =>
  new Intl.NumberFormat(document.documentElement.lang, { maximumFractionDigits: digits }).format(x);

/** Splits the text into answers: numbers where they parse, the raw text otherwise (so the core can say what is wrong). */
function parseScores(text) {
  return text
    .split(/[\s,;]+/)
    .filter((token) => token !== '')
    .map((token) => (Number.isNaN(Number(token)) ? token : Number(token)));
}

function show() {
  const error = $('error');
  try {
    const r = nps(parseScores($('scores').value), { level: Number($('level').value) });
    $('score').textContent = format(r.score);
    $('interval').textContent = `${format(r.interval.level * 100, 0)} % confidence interval: ${format(r.interval.low)} to ${format(r.interval.high)}`;
    for (const key of ['promoters', 'passives', 'detractors', 'n']) $(key).textContent = format(r[key], 0);
    for (const key of ['promoters', 'passives', 'detractors']) $(`bar-${key}`).style.width = `${(r[key] / r.n) * 100}%`;
    $('output').hidden = false;
    error.hidden = true;
  } catch (e) {
    $('output').hidden = true;
    error.textContent = `${e.message} (${e.code ?? e.name})`;
    error.hidden = false;
  }
}

$('nps-form').addEventListener('submit', (event) => {
  event.preventDefault();
  show();
});

try {
  await init();
  $('status').textContent = '';
  show();
} catch (e) {
  $('status').textContent = `Could not load the WebAssembly module: ${e.message}`;
}
