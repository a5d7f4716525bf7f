// The survey scores: nps, csat, ces, compare and SurveyAggregate (the
// `scores` cargo feature). Each function checks that the module is loaded,
// reads its arguments into plain data through the input layer (input.js) and
// checks its handles (handles.js); validation and computation happen in Rust.
// The glue's exports that share a public name here are imported under other
// names, so that a bundle keeps the public ones (esbuild renames a function
// or class named like a member of the glue that the bundle reads).
import { compare as coreCompare, SurveyAggregate as CoreAggregate } from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { jsonText, plain, scores, settled } from './input.js';
import { Handles, publicClass } from './handles.js';
import { aggregateJson, comparison, scoreSummary, taggedSummary } from './counts.js';
import { illFormed, wellFormed } from './text.js';

export function nps(scoreList, options) {
  assertReady();
  return scoreSummary('nps', scoreList, options);
}

export function csat(scoreList, options) {
  assertReady();
  return scoreSummary('csat', scoreList, options);
}

export function ces(scoreList, options) {
  assertReady();
  return scoreSummary('ces', scoreList, options);
}

export function compare(kind, first, second, options) {
  assertReady();
  return comparison(coreCompare(...settled(plain(kind, 'kind'), scores(first, 'first'), scores(second, 'second'), plain(options, 'options'))));
}

/** @type {Handles<CoreAggregate>} */
const aggregates = new Handles('SurveyAggregate');

export class SurveyAggregate {
  constructor(kind, options) {
    assertReady();
    aggregates.adopt(this, new CoreAggregate(...settled(plain(kind, 'kind'), plain(options, 'options'))));
  }

  static fromJSON(json) {
    assertReady();
    const made = CoreAggregate.fromJSON(...settled(typeof json === 'string' ? wellFormedJson(json) : plain(json, 'json')));
    return adopted(made);
  }

  add(score) {
    aggregates.live(this);
    const args = settled(plain(score, 'score'));
    return aggregates.live(this).add(...args);
  }

  addScores(scoreList) {
    aggregates.live(this);
    const args = settled(scores(scoreList, 'scores'));
    return aggregates.live(this).addScores(...args);
  }

  /** Adds `other`'s answers; `a.merge(a)` doubles `a`'s counts. */
  merge(other) {
    const inner = aggregates.live(this);
    const from = aggregates.live(other, 'other');
    if (from !== inner) return inner.merge(from);
    // The glue cannot lend one object twice (once mutably): merge a copy.
    const copy = CoreAggregate.fromJSON(aggregateJson(inner.toJSON()));
    try {
      return inner.merge(copy);
    } finally {
      copy.free();
    }
  }

  summary(options) {
    aggregates.live(this);
    const args = settled(plain(options, 'options'));
    return taggedSummary(aggregates.live(this).summary(...args));
  }

  compareWith(other, options) {
    aggregates.live(this);
    aggregates.live(other, 'other');
    const args = settled(plain(options, 'options'));
    // Reading the options may have freed either of them.
    return comparison(aggregates.live(this).compareWith(aggregates.live(other, 'other'), ...args));
  }

  toJSON() {
    return aggregateJson(aggregates.live(this).toJSON());
  }

  get kind() {
    return aggregates.live(this).kind;
  }

  get n() {
    return aggregates.live(this).n;
  }

  get scale() {
    return aggregates.live(this).scale;
  }

  free() {
    aggregates.release(this, 'this')?.free();
  }
}

publicClass(SurveyAggregate, 'SurveyAggregate');

/**
 * A SurveyAggregate around the core's `made`, without the constructor. Out
 * of the class body: a class that names itself inside gets an inner name in
 * a bundle (`class _SurveyAggregate`), and stack frames would show it.
 */
function adopted(made) {
  return aggregates.adopt(Object.create(SurveyAggregate.prototype), made);
}

/**
 * Saved aggregate text as the core's JSON reader takes it: a raw lone
 * surrogate would reach it as U+FFFD and read as a wrong key or kind, so it
 * is refused here, as a `\ud800` escape is there.
 */
function wellFormedJson(text) {
  const checked = jsonText(text, 'json');
  if (!wellFormed(checked)) throw illFormed('json');
  return checked;
}
