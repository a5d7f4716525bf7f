// Survey scores the client can show: per survey, an aggregate loaded from
// the host's backend ("everything collected up to `asOf`") plus the answers
// this client accepted after `asOf`, so a user sees their own answer at
// once and no answer counts twice. The counting and the statistics are the
// core's SurveyAggregate; this module keeps the bookkeeping saveable.
import { argumentError, sdkError } from './errors.js';
import { rooted, surveyText, time } from './options.js';

/** Survey kinds whose answers carry a score the core can aggregate. */
export const SCORED_KINDS = ['nps', 'ces', 'csat'];

const FORMAT = 'clg-metrics/sdk-scores';
const VERSION = 1;

export class LocalScores {
  #lib;
  /** surveyId -> { kind, scale, base: SurveyAggregateJSON | null, asOf: number | null, answers: [at, score][] } */
  #surveys = new Map();
  /**
   * surveyId -> { kind, scale, count }: answers checked and still being
   * accepted (written to the outbox). A survey's next answer must join them
   * too: two submitted at once never mix kinds or scales.
   */
  #accepting = new Map();

  constructor(lib) {
    this.#lib = lib;
  }

  /**
   * The aggregate of one more answer, checked by the core (score on the
   * scale, kind and scale those of the survey's earlier answers and of those
   * being accepted). Throws a typed error naming `response.answers.score`
   * and the rule; else the answer is being accepted until `settle`.
   */
  check(surveyId, kind, scale, score) {
    const aggregate = this.#empty(kind, scale, 'response.answers.scale');
    try {
      if (typeof score !== 'number') throw argumentError('response.answers.score', 'must be a number', score);
      try {
        aggregate.add(score);
      } catch (error) {
        throw Object.assign(new error.constructor(`response.answers.${error.message}`), { code: error.code, field: 'response.answers.score' });
      }
      this.#assertJoins(surveyId, aggregate, { kind: 'response.kind', scale: 'response.answers.scale' });
      const accepting = this.#accepting.get(surveyId);
      if (accepting) accepting.count++;
      else this.#accepting.set(surveyId, { kind: aggregate.kind, scale: aggregate.scale, count: 1 });
      return { kind: aggregate.kind, scale: aggregate.scale };
    } finally {
      aggregate.free();
    }
  }

  /**
   * Throws KIND_MISMATCH at `response.kind` when `surveyId` has scored
   * answers of another kind than `kind` (one that is not scored); else
   * null.
   */
  assertKind(surveyId, kind) {
    const known = this.#surveys.get(surveyId) ?? this.#accepting.get(surveyId);
    if (known && known.kind !== kind) {
      throw sdkError('KIND_MISMATCH', `response.kind: survey "${surveyId}" has ${known.kind} answers, got "${kind}"`, 'response.kind');
    }
    return null;
  }

  /** Throws the core's error naming `response.answers.scale` unless `scale` is one of `kind`'s. */
  assertScale(kind, scale) {
    this.#empty(kind, scale, 'response.answers.scale').free();
  }

  /** An answer `check` accepted is no longer being accepted (added, or refused). */
  settle(surveyId) {
    const accepting = this.#accepting.get(surveyId);
    if (accepting && --accepting.count === 0) this.#accepting.delete(surveyId);
  }

  /** Adds an answer that `check` accepted. */
  add(surveyId, { kind, scale }, score, at) {
    let survey = this.#surveys.get(surveyId);
    if (!survey) this.#surveys.set(surveyId, (survey = { kind, scale, base: null, asOf: null, answers: [] }));
    survey.answers.push([at, score]);
  }

  /**
   * Sets the backend's aggregate of `surveyId` as of `asOf` (ms since
   * 1970): answers accepted here at or before `asOf` are dropped (the
   * backend has them). One older than the aggregate held (an earlier
   * `asOf`: a late answer from the backend) holds less, and is ignored:
   * the answers it would need were dropped. Throws a typed error, changing
   * nothing, for an invalid aggregate or time, or one of another kind or
   * scale.
   */
  load(surveyId, aggregate, asOf) {
    surveyText(surveyId, 'surveyId');
    time(asOf, 'options.asOf');
    let loaded;
    try {
      loaded = this.#lib.SurveyAggregate.fromJSON(aggregate);
    } catch (error) {
      throw rooted(error, 'json', 'aggregate'); // the core names fromJSON's argument `json`
    }
    const { kind, scale } = loaded;
    let base;
    try {
      this.#assertJoins(surveyId, loaded, { kind: 'aggregate', scale: 'aggregate' });
      base = loaded.toJSON();
    } finally {
      loaded.free();
    }
    const held = this.#surveys.get(surveyId);
    if (held?.asOf != null && asOf < held.asOf) return;
    const answers = (held?.answers ?? []).filter(([at]) => at > asOf);
    this.#surveys.set(surveyId, { kind, scale, base, asOf, answers });
  }

  /**
   * The survey's result (the core's `summary`), or null without answers.
   * The core reads `options` before it counts the answers, so a typo is
   * never ignored: only a summary of none (EMPTY_INPUT) is null. Without a
   * survey, an empty one of any kind stands in (every kind takes the same
   * options).
   */
  summary(surveyId, options) {
    const survey = this.#surveys.get(surveyId);
    const aggregate = survey ? this.#current(survey) : new this.#lib.SurveyAggregate('nps');
    try {
      return aggregate.summary(options);
    } catch (error) {
      if (error?.code === 'EMPTY_INPUT' && aggregate.n === 0) return null;
      throw error;
    } finally {
      aggregate.free();
    }
  }

  /** The survey's loaded aggregate with the answers accepted since. */
  #current(survey) {
    const aggregate = survey.base ? this.#lib.SurveyAggregate.fromJSON(survey.base) : this.#empty(survey.kind, survey.scale, 'scale');
    try {
      if (survey.answers.length) aggregate.addScores(survey.answers.map(([, score]) => score));
      return aggregate;
    } catch (error) {
      aggregate.free();
      throw error;
    }
  }

  toJSON() {
    return { format: FORMAT, version: VERSION, surveys: Object.fromEntries(this.#surveys) };
  }

  /** Restores `toJSON()` output; throws (changing nothing) when it is not valid. */
  restore(state) {
    if (state?.format !== FORMAT || state.version !== VERSION || state.surveys === null || typeof state.surveys !== 'object') {
      throw sdkError('INVALID_STATE', `the stored scores are not ${FORMAT} version ${VERSION}`, 'scores');
    }
    const surveys = new Map();
    for (const [id, s] of Object.entries(state.surveys)) {
      const valid = Array.isArray(s?.answers) && s.answers.every((a) => Array.isArray(a) && Number.isFinite(a[0]));
      if (!valid || (s.asOf !== null && !Number.isFinite(s.asOf))) throw sdkError('INVALID_STATE', `the stored survey "${id}" is malformed`, 'scores');
      // The core checks kind, scale, the base and every score.
      const check = s.base ? this.#lib.SurveyAggregate.fromJSON(s.base) : this.#empty(s.kind, s.scale, 'scale');
      try {
        if (check.kind !== s.kind || check.scale !== s.scale) throw sdkError('INVALID_STATE', `the stored survey "${id}" has a base of another kind or scale`, 'scores');
        if (s.answers.length) check.addScores(s.answers.map(([, score]) => score));
      } finally {
        check.free();
      }
      surveys.set(id, { kind: s.kind, scale: s.scale, base: s.base, asOf: s.asOf, answers: s.answers });
    }
    this.#surveys = surveys;
  }

  clear() {
    this.#surveys.clear();
  }

  /**
   * Throws the core's KIND_MISMATCH or SCALE_MISMATCH, at `fields.kind` or
   * `fields.scale`, unless `aggregate` may join the answers `surveyId` has.
   */
  #assertJoins(surveyId, aggregate, fields) {
    const known = this.#surveys.get(surveyId) ?? this.#accepting.get(surveyId);
    if (!known) return;
    const answers = this.#empty(known.kind, known.scale, 'scale');
    try {
      answers.merge(aggregate);
    } catch (error) {
      const field = error.code === 'KIND_MISMATCH' ? fields.kind : fields.scale;
      const rule = error.message.replace(/^other: /, '');
      throw sdkError(error.code, `${field}: survey "${surveyId}" has ${known.kind} answers with highest score ${known.scale}: ${rule}`, field, error);
    } finally {
      answers.free();
    }
  }

  /** An empty aggregate (the core validates kind and scale). */
  #empty(kind, scale, field) {
    try {
      return new this.#lib.SurveyAggregate(kind, scale === undefined ? undefined : { scale });
    } catch (error) {
      if (error.field === 'options.scale') throw Object.assign(new error.constructor(error.message.replace('options.scale', field)), { code: error.code, field });
      throw error;
    }
  }
}
