// The survey scores: nps, csat, ces, compare and SurveyAggregate (the
// `scores` cargo feature). Each function checks that the module is loaded,
// reads its arguments into plain data through the input layer (input.js) and
// checks its handles (handles.js); validation and computation happen in Rust.
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { jsonText, plain, scores, settled } from './input.js';
import { disposable, Handles } from './handles.js';
import { aggregateJson, comparison, scoreSummary, taggedSummary } from './counts.js';

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
  return comparison(core.compare(...settled(plain(kind, 'kind'), scores(first, 'first'), scores(second, 'second'), plain(options, 'options'))));
}

const aggregates = new Handles('SurveyAggregate');

export class SurveyAggregate extends core.SurveyAggregate {
  constructor(kind, options) {
    assertReady();
    super(...settled(plain(kind, 'kind'), plain(options, 'options')));
    aggregates.adopt(this);
  }

  static fromJSON(json) {
    assertReady();
    const made = core.SurveyAggregate.fromJSON(...settled(typeof json === 'string' ? jsonText(json, 'json') : plain(json, 'json')));
    return aggregates.adopt(Object.setPrototypeOf(made, SurveyAggregate.prototype));
  }

  add(score) {
    aggregates.check(this, 'this');
    return super.add(...aggregates.args(this, plain(score, 'score')));
  }

  addScores(scoreList) {
    aggregates.check(this, 'this');
    return super.addScores(...aggregates.args(this, scores(scoreList, 'scores')));
  }

  /** Adds `other`'s answers; `a.merge(a)` doubles `a`'s counts. */
  merge(other) {
    aggregates.check(this, 'this');
    aggregates.check(other, 'other');
    if (other !== this) return super.merge(other);
    // The glue cannot lend one handle twice (once mutably): merge a copy.
    const copy = core.SurveyAggregate.fromJSON(aggregateJson(super.toJSON()));
    try {
      return super.merge(copy);
    } finally {
      copy.free();
    }
  }

  summary(options) {
    aggregates.check(this, 'this');
    return taggedSummary(super.summary(...aggregates.args(this, plain(options, 'options'))));
  }

  compareWith(other, options) {
    aggregates.check(this, 'this');
    aggregates.check(other, 'other');
    const args = aggregates.args(this, other, plain(options, 'options'));
    aggregates.check(other, 'other'); // reading the options may have freed it
    return comparison(super.compareWith(...args));
  }

  toJSON() {
    aggregates.check(this, 'this');
    return aggregateJson(super.toJSON());
  }

  // @ts-expect-error: the bindings' .d.ts declares a field; on the wasm class it is a getter
  get kind() {
    aggregates.check(this, 'this');
    // @ts-expect-error: the same getter, read through super
    return super.kind;
  }

  // @ts-expect-error: the bindings' .d.ts declares a field; on the wasm class it is a getter
  get n() {
    aggregates.check(this, 'this');
    // @ts-expect-error: the same getter, read through super
    return super.n;
  }

  // @ts-expect-error: the bindings' .d.ts declares a field; on the wasm class it is a getter
  get scale() {
    aggregates.check(this, 'this');
    // @ts-expect-error: the same getter, read through super
    return super.scale;
  }

  free() {
    if (aggregates.release(this, 'this')) super.free();
  }
}

disposable(SurveyAggregate);
