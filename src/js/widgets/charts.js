// Small SVG charts for the scorecard: no charting dependency. Every chart
// is an <svg role="img"> with a text alternative; labels are set as text.
import { markEnglish } from './element.js';

const NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and children (strings become text; English fallback text marked as in h()). */
export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value != null && value !== false) node.setAttribute(name, String(value));
  }
  const content = children.flat(Infinity).filter((c) => c != null && c !== false);
  node.append(...content);
  markEnglish(node, [...Object.values(attributes), ...content]);
  return node;
}

/**
 * A horizontal stacked bar of parts: [{ label, value, className }]. `label`
 * is the chart's text alternative.
 */
export function stackedBar(parts, label) {
  const total = parts.reduce((sum, p) => sum + p.value, 0) || 1;
  let x = 0;
  return svg('svg', { viewBox: '0 0 100 8', preserveAspectRatio: 'none', class: 'chart stacked', role: 'img', 'aria-label': label },
    parts.map((p) => {
      const width = (p.value / total) * 100;
      const rect = svg('rect', { x, y: 0, width, height: 8, class: p.className }, svg('title', {}, p.title ?? p.label));
      x += width;
      return rect;
    }),
  );
}

/**
 * A line chart of points [{ x: label, y, low?, high? }] with the interval
 * as a band, on the y range [min, max]; `format(n)` writes the y axis's
 * numbers in the reader's language. The first and last x labels are
 * aligned to the chart's edges, so no label runs out of it, and only as
 * many x labels are drawn as fit side by side.
 */
export function lineWithBand(points, { min, max, label, format }) {
  const width = 320;
  const height = 140;
  const pad = { left: 34, right: 8, top: 8, bottom: 22 };
  const xs = (i) => pad.left + (points.length < 2 ? (width - pad.left - pad.right) / 2 : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const ys = (v) => pad.top + ((max - v) / (max - min)) * (height - pad.top - pad.bottom);
  const band = points.filter((p) => p.low != null && p.high != null);
  const bandPath = band.length
    ? `M${band.map((p) => `${xs(points.indexOf(p))},${ys(p.high)}`).join('L')}L${[...band].reverse().map((p) => `${xs(points.indexOf(p))},${ys(p.low)}`).join('L')}Z`
    : null;
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${xs(i)},${ys(p.y)}`).join('');
  const ticks = [min, (min + max) / 2, max];
  const anchor = (i) => (points.length > 1 && i === 0 ? 'start' : points.length > 1 && i === points.length - 1 ? 'end' : 'middle');
  const labelled = xLabels(points.map((p) => p.x), xs, anchor);
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart line', role: 'img', 'aria-label': label },
    ticks.map((t) => [
      svg('line', { x1: pad.left, x2: width - pad.right, y1: ys(t), y2: ys(t), class: 'grid' }),
      svg('text', { x: pad.left - 4, y: ys(t) + 4, 'text-anchor': 'end', class: 'axis' }, format(t)),
    ]),
    bandPath && svg('path', { d: bandPath, class: 'band' }),
    svg('path', { d: line, class: 'value' }),
    points.map((p, i) => svg('circle', { cx: xs(i), cy: ys(p.y), r: 2.5, class: 'dot' }, svg('title', {}, `${p.x}: ${p.title ?? p.y}`))),
    points.map((p, i) => labelled.has(i) && svg('text', { x: xs(i), y: height - 6, 'text-anchor': anchor(i), class: 'axis' }, p.x)),
  );
}

/** Width of a character of the axis font (10px) at most, for laying out labels without measuring them. */
const AXIS_CHAR = 6.5;

/**
 * The indices of the x labels to draw: every k-th, the smallest k whose
 * labels do not run into each other (their width estimated from their
 * length, `anchor(i)` placing each at `xs(i)`); at least the first.
 */
function xLabels(labels, xs, anchor) {
  const extent = (i) => {
    const w = labels[i].length * AXIS_CHAR;
    const a = anchor(i);
    const left = a === 'start' ? xs(i) : a === 'end' ? xs(i) - w : xs(i) - w / 2;
    return [left, left + w];
  };
  for (let k = 1; k < labels.length; k++) {
    const chosen = labels.map((_, i) => i).filter((i) => i % k === 0);
    if (chosen.every((i, j) => j === 0 || extent(chosen[j - 1])[1] + 4 <= extent(i)[0])) return new Set(chosen);
  }
  return new Set([0]);
}

/** The space above a sparkline's highest mark and below its lowest, a share of their range. */
const SPARK_MARGIN = 0.08;

/**
 * A sparkline of `values` (numbers or null for a gap), with an optional
 * `target` (dashed line) and `benchmark` { low, high } (band; a missing end
 * runs to the edge). The y range spans all of them. The last value is a dot.
 * It stretches to the width of its box.
 *
 * @example sparkline([3, 4, null, 6], { target: 5, benchmark: { low: 4, high: null }, label: 'MRR: ...' })
 */
export function sparkline(values, { target = null, benchmark = null, label }) {
  const width = 120;
  const height = 36;
  const pad = 3;
  const known = values.filter((v) => v != null);
  const marks = [...known, target, benchmark?.low, benchmark?.high].filter((v) => v != null);
  // In halves: the distance between any two finite numbers (-1e308 and 1e308) stays finite,
  // so every point is drawn within the chart.
  const low = Math.min(...marks) / 2;
  const high = Math.max(...marks) / 2;
  const x = (i) => (values.length < 2 ? width / 2 : (i * width) / (values.length - 1));
  // From the top, a margin of SPARK_MARGIN of the range above the highest mark and below the
  // lowest; one value alone (or marks all equal) in the middle.
  const y = (v) => pad + (height - 2 * pad) * (high > low ? (SPARK_MARGIN + (high - v / 2) / (high - low)) / (1 + 2 * SPARK_MARGIN) : 0.5);
  let path = '';
  let points = ''; // values with no known neighbour: a line has nothing to join them to
  values.forEach((v, i) => {
    if (v == null) return;
    const at = `${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    const joined = i > 0 && values[i - 1] != null;
    path += `${joined ? 'L' : 'M'}${at}`;
    if (!joined && values[i + 1] == null && i !== values.length - 1) points += `M${at}l0,0`;
  });
  const last = values.length - 1;
  const band = benchmark && (benchmark.low != null || benchmark.high != null) && {
    top: benchmark.high == null ? pad : y(benchmark.high), bottom: benchmark.low == null ? height - pad : y(benchmark.low),
  };
  // Stretched to its box (preserveAspectRatio none): strokes keep their width
  // (non-scaling-stroke) and the last value is a round cap, not a circle that would stretch.
  return svg('svg', { viewBox: `-4 0 ${width + 8} ${height}`, preserveAspectRatio: 'none', class: 'chart spark', role: 'img', 'aria-label': label },
    band && svg('rect', { x: -4, y: band.top, width: width + 8, height: Math.max(0, band.bottom - band.top), class: 'benchmark' }),
    target != null && svg('line', { x1: -4, x2: width + 4, y1: y(target), y2: y(target), class: 'target' }),
    path && svg('path', { d: path, class: 'value' }),
    points && svg('path', { d: points, class: 'point' }),
    values[last] != null && svg('path', { d: `M${x(last)},${y(values[last])}l0,0`, class: 'last' }),
  );
}

/** A progress ring (0..100) with its text in the middle. */
export function ring(percent, text, label) {
  const r = 42;
  const length = 2 * Math.PI * r;
  const p = Math.max(0, Math.min(100, percent ?? 0));
  return svg('svg', { viewBox: '0 0 100 100', class: 'chart ring', role: 'img', 'aria-label': label },
    svg('circle', { cx: 50, cy: 50, r, class: 'track' }),
    // No arc for a share its text shows as 0 % (one decimal): a round line cap would draw a stray dot.
    p >= 0.05 && svg('circle', { cx: 50, cy: 50, r, class: 'value', 'stroke-dasharray': `${(length * p) / 100} ${length}` }),
    svg('text', { x: 50, y: 56, 'text-anchor': 'middle', class: 'ring-text' }, text),
  );
}
