//! [`Aggregate`]: the answer counts of one survey (or segment), updated one
//! response at a time, merged with another, saved and loaded as versioned
//! JSON. Every summary and comparison is computed from it.

use serde::{Deserialize, Serialize};

use super::count::scale_counts;
use super::nps::NpsCounts;
use super::{ces, csat, Kind, Scale};
use crate::error::{element, msg, Error, ErrorCode};
use crate::stats::ConfidenceLevel;
use crate::version::Format;

/// The version [`Aggregate::to_state`] writes.
pub const FORMAT_VERSION: u32 = 1;

/// The saved aggregate's format: version 1 is the first, so there is
/// nothing to migrate yet; a version 2 adds its step here. A missing or
/// malformed version is `INVALID_AGGREGATE`.
pub static FORMAT: Format<AggregateState> =
    Format::new(FORMAT_VERSION, ErrorCode::InvalidAggregate, &[]);

/// A sample smaller than this is flagged `lowSample` in every result.
pub const LOW_SAMPLE_BELOW: u64 = 30;

/// How many answers of each score a survey received, on one scale.
/// Merging adds counts, so `merge(a, b)` equals counting `a ∪ b` exactly.
///
/// ```
/// use clg_metrics::survey::{Aggregate, Kind};
/// let scale = Kind::Csat.scale(None, "scale").unwrap();
/// let mut a = Aggregate::from_scores(Kind::Csat, scale, &[5, 4, 2]).unwrap();
/// a.merge(&Aggregate::from_scores(Kind::Csat, scale, &[1]).unwrap()).unwrap();
/// assert_eq!(a.n(), 4);
/// assert_eq!(a.counts(), &[1, 1, 0, 1, 1]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    kind: Kind,
    scale: Scale,
    /// `counts[s]` answers of score `s`; zero outside the scale.
    counts: [u64; 11],
}

/// An aggregate as JSON: `{"version":1,"kind":"ces","scale":7,"counts":[...]}`
/// with one count per score from the lowest to the highest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregateState {
    /// Format version, [`FORMAT_VERSION`].
    pub version: u32,
    /// Survey kind.
    pub kind: Kind,
    /// Highest score of the scale.
    pub scale: u8,
    /// Answers per score, lowest score first.
    pub counts: Vec<u64>,
}

/// A summary of any kind, tagged with `kind` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Summary {
    /// See [`super::nps::NpsSummary`].
    Nps(super::nps::NpsSummary),
    /// See [`ces::CesSummary`].
    Ces(ces::CesSummary),
    /// See [`csat::CsatSummary`].
    Csat(csat::CsatSummary),
}

impl Aggregate {
    /// An empty aggregate; `scale` must come from [`Kind::scale`].
    pub fn new(kind: Kind, scale: Scale) -> Self {
        Aggregate {
            kind,
            scale,
            counts: [0; 11],
        }
    }

    /// Counts byte scores, checking all of them first; the error names the
    /// first score off the scale as `scores[i]`.
    pub fn from_scores(kind: Kind, scale: Scale, scores: &[u8]) -> Result<Self, Error> {
        Self::from_named_scores(kind, scale, scores, "scores")
    }

    /// [`Aggregate::from_scores`] with errors naming `name[i]`.
    pub fn from_named_scores(
        kind: Kind,
        scale: Scale,
        scores: &[u8],
        name: &str,
    ) -> Result<Self, Error> {
        let (counts, off) = scale_counts(scores, scale);
        if off > 0 {
            if let Some((index, &score)) =
                scores.iter().enumerate().find(|(_, &s)| !scale.contains(s))
            {
                return Err(scale.out_of_range(score, element(name, index)));
            }
        }
        Ok(Aggregate {
            kind,
            scale,
            counts,
        })
    }

    /// The summary of byte scores, all checked first (the error names the
    /// first score off the scale as `name[i]`): that of
    /// [`Aggregate::from_named_scores`], but an NPS one counts only its
    /// three bands.
    ///
    /// ```
    /// use clg_metrics::survey::{nps::NPS_SCALE, Aggregate, Kind, Summary};
    /// use clg_metrics::stats::ConfidenceLevel;
    /// let level = ConfidenceLevel::DEFAULT;
    /// let Summary::Nps(s) = Aggregate::summary_of_scores(Kind::Nps, NPS_SCALE, &[10, 9, 3], "scores", level).unwrap() else { panic!() };
    /// assert_eq!((s.promoters, s.detractors), (2, 1));
    /// ```
    pub fn summary_of_scores(
        kind: Kind,
        scale: Scale,
        scores: &[u8],
        name: &str,
        level: ConfidenceLevel,
    ) -> Result<Summary, Error> {
        match kind {
            Kind::Nps => Ok(Summary::Nps(
                NpsCounts::from_named_scores(scores, name)?.summary(level)?,
            )),
            _ => Self::from_named_scores(kind, scale, scores, name)?.summary(level),
        }
    }

    /// The aggregate of answers counted elsewhere (the JS wrapper counts an
    /// Array of whole numbers 0..=10 as it reads it): `counts[s]` answers
    /// of `s`. `None` when an answer is off the scale: the caller then
    /// counts the answers themselves (e.g. [`Aggregate::from_named_scores`])
    /// for the error that names the first one.
    ///
    /// ```
    /// use clg_metrics::survey::{Aggregate, Kind};
    /// let scale = Kind::Csat.scale(None, "scale").unwrap();
    /// let four_and_fives = [0, 0, 0, 0, 3, 2, 0, 0, 0, 0, 0];
    /// assert_eq!(Aggregate::from_counts(Kind::Csat, scale, &four_and_fives).unwrap().n(), 5);
    /// let a_zero = [1, 0, 0, 0, 3, 2, 0, 0, 0, 0, 0];
    /// assert!(Aggregate::from_counts(Kind::Csat, scale, &a_zero).is_none());
    /// ```
    pub fn from_counts(kind: Kind, scale: Scale, counts: &[u64; 11]) -> Option<Self> {
        let off_scale = (0u8..)
            .zip(counts)
            .any(|(s, &c)| c > 0 && !scale.contains(s));
        (!off_scale).then_some(Aggregate {
            kind,
            scale,
            counts: *counts,
        })
    }

    /// The counts of scores given as numbers (e.g. a `Float64Array`), all
    /// checked first: the first one that is not a whole number on the scale
    /// is the error, named `name[i]`, as [`Aggregate::add`] would name it.
    ///
    /// ```
    /// use clg_metrics::survey::{aggregate::Aggregate, nps::NPS_SCALE, Kind};
    /// let nps = Aggregate::from_numbers(Kind::Nps, NPS_SCALE, &[9.0, 10.0, 3.0], "scores").unwrap();
    /// assert_eq!(nps.n(), 3);
    /// let err = Aggregate::from_numbers(Kind::Nps, NPS_SCALE, &[9.0, 7.5], "scores").unwrap_err();
    /// assert_eq!(err.field(), "scores[1]");
    /// ```
    pub fn from_numbers(
        kind: Kind,
        scale: Scale,
        scores: &[f64],
        name: &str,
    ) -> Result<Self, Error> {
        let mut counts = [0u64; 11];
        // One tight loop (index-based: at opt-level "z" iterators and the
        // per-score checks of `add` stay calls): a score is valid when it
        // survives the round trip through u8 and lies on the scale.
        let mut i = 0;
        while let Some(&x) = scores.get(i) {
            let s = x as u8; // saturating; NaN -> 0
            match counts.get_mut(usize::from(s)) {
                Some(count) if f64::from(s) == x && scale.contains(s) => *count += 1,
                _ => {
                    return Err(scale
                        .score_from_f64(x, || element(name, i))
                        .err()
                        .unwrap_or_else(|| scale.out_of_range(s, element(name, i))))
                }
            }
            i += 1;
        }
        Ok(Aggregate {
            kind,
            scale,
            counts,
        })
    }

    /// Adds one score already checked against the scale.
    #[inline]
    pub fn record(&mut self, score: u8) {
        debug_assert!(self.scale.contains(score));
        if let Some(count) = self.counts.get_mut(usize::from(score)) {
            *count += 1;
        }
    }

    /// Checks a number against the scale (`field` names it in the error)
    /// and adds it; on error nothing changes.
    pub fn add(&mut self, score: f64, field: impl FnOnce() -> String) -> Result<(), Error> {
        let score = self.scale.score_from_f64(score, field)?;
        self.check_room(1, "score")?;
        self.record(score);
        Ok(())
    }

    /// An error (`TOO_LARGE`, naming `field`) unless `more` answers fit:
    /// past 2^53 - 1 answers, the saved form (JS numbers) would not load.
    pub(crate) fn check_room(&self, more: u64, field: &str) -> Result<(), Error> {
        if (self.n().checked_add(more)).is_some_and(|total| total <= MAX_SAFE_INTEGER) {
            return Ok(());
        }
        Err(Error::new(
            ErrorCode::TooLarge,
            field,
            "would take the aggregate past 2^53 - 1 answers, more than its saved form counts exactly",
        ))
    }

    /// Adds a histogram of scores already known to be on the scale.
    pub(crate) fn add_counts(&mut self, counts: &[u64; 11]) {
        for (count, add) in self.counts.iter_mut().zip(counts) {
            *count += add;
        }
    }

    /// Adds the counts of `other`, of the same kind and scale (a trend's
    /// groups: no check, no room to run out of).
    pub(crate) fn absorb(&mut self, other: &Aggregate) {
        self.add_counts(&other.counts);
    }

    /// Adds `other`'s counts. Different kinds or scales are never mixed:
    /// that is a `KIND_MISMATCH` or `SCALE_MISMATCH` error, and a total past
    /// 2^53 - 1 answers `TOO_LARGE`; nothing changes then.
    pub fn merge(&mut self, other: &Aggregate) -> Result<(), Error> {
        self.check_same(other, "other")?;
        self.check_room(other.n(), "other")?;
        for (count, add) in self.counts.iter_mut().zip(other.counts) {
            *count += add;
        }
        Ok(())
    }

    /// An error unless `other` has the same kind and scale.
    pub(crate) fn check_same(&self, other: &Aggregate, field: &str) -> Result<(), Error> {
        if self.kind != other.kind {
            let (a, b) = (self.kind.as_str(), other.kind.as_str());
            return Err(Error::new(
                ErrorCode::KindMismatch,
                field,
                msg!("cannot combine ", a, " with ", b),
            ));
        }
        if self.scale != other.scale {
            let (kind, a, b) = (self.kind.as_str(), self.scale.max, other.scale.max);
            return Err(Error::new(
                ErrorCode::ScaleMismatch,
                field,
                msg!(
                    "cannot combine a ",
                    kind,
                    " on a ",
                    a,
                    "-point scale with one on a ",
                    b,
                    "-point scale"
                ),
            ));
        }
        Ok(())
    }

    /// The survey kind.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The answer scale.
    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// Answers per score, lowest score first.
    pub fn counts(&self) -> &[u64] {
        &self.counts[usize::from(self.scale.min)..=usize::from(self.scale.max)]
    }

    /// `(score, count)` for every score of the scale.
    pub(crate) fn scored_counts(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        (self.scale.min..=self.scale.max)
            .map(f64::from)
            .zip(self.counts().iter().copied())
    }

    /// Number of answers.
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Promoter, passive and detractor counts (meaningful for NPS only).
    pub(crate) fn nps_counts(&self) -> NpsCounts {
        NpsCounts::from_histogram(&self.counts)
    }

    /// The kind's summary: NPS, CES or CSAT with its interval. An
    /// `EMPTY_INPUT` error without answers.
    pub fn summary(&self, level: ConfidenceLevel) -> Result<Summary, Error> {
        Ok(match self.kind {
            Kind::Nps => Summary::Nps(self.nps_counts().summary(level)?),
            Kind::Ces => Summary::Ces(ces::summary(self, level)?),
            Kind::Csat => Summary::Csat(csat::summary(self, level)?),
        })
    }

    /// The JSON form, version [`FORMAT_VERSION`].
    pub fn to_state(&self) -> AggregateState {
        AggregateState {
            version: FORMAT_VERSION,
            kind: self.kind,
            scale: self.scale.max,
            counts: self.counts().to_vec(),
        }
    }

    /// Loads a JSON form already read into an [`AggregateState`]; see
    /// [`Aggregate::load`].
    pub fn from_state(state: &AggregateState, field: &str) -> Result<Self, Error> {
        Self::load(Some(f64::from(state.version)), field, |_| Ok(state.clone()))
    }

    /// Loads saved JSON named `field` (e.g. `"json"`), checking everything:
    /// the `version` found there first and once (a newer one is
    /// `UNSUPPORTED_VERSION`, a missing or malformed one `INVALID_AGGREGATE`;
    /// see [`FORMAT`]), then `read` reads the rest in the shape of that
    /// version and it is migrated; a scale the kind does not allow, a wrong
    /// number of counts, or a total beyond 2^53 (JS numbers stop being
    /// exact) is `INVALID_AGGREGATE`.
    ///
    /// ```
    /// use clg_metrics::{survey::{Aggregate, AggregateState, Kind}, ErrorCode};
    /// let read = |_| Ok(AggregateState { version: 1, kind: Kind::Csat, scale: 5, counts: vec![0, 0, 0, 1, 2] });
    /// assert_eq!(Aggregate::load(Some(1.0), "json", read).unwrap().n(), 3);
    /// let newer = Aggregate::load(Some(2.0), "json", read).unwrap_err();
    /// assert_eq!((newer.code(), newer.field()), (ErrorCode::UnsupportedVersion, "json.version"));
    /// ```
    pub fn load(
        found: Option<f64>,
        field: &str,
        read: impl FnOnce(u32) -> Result<AggregateState, Error>,
    ) -> Result<Self, Error> {
        let state = FORMAT.load(found, field, read)?;
        let invalid = |path: &str, rule: String| {
            Error::new(ErrorCode::InvalidAggregate, msg!(field, ".", path), rule)
        };
        let scale = state
            .kind
            .scale(Some(f64::from(state.scale)), "scale")
            .map_err(|_| {
                let (kind, top) = (state.kind.as_str(), state.scale);
                invalid(
                    "scale",
                    msg!(
                        "is not a ",
                        kind,
                        " scale (NPS: 10; CES, CSAT: 3 to 10), got ",
                        top
                    ),
                )
            })?;
        let points = usize::from(scale.max - scale.min) + 1;
        if state.counts.len() != points {
            let (got, top) = (state.counts.len(), scale.max);
            return Err(invalid(
                "counts",
                msg!(
                    "a scale up to ",
                    top,
                    " needs ",
                    points,
                    " counts, got ",
                    got
                ),
            ));
        }
        let mut total: u64 = 0;
        for &count in &state.counts {
            total = total.saturating_add(count);
        }
        if total > MAX_SAFE_INTEGER {
            return Err(invalid(
                "counts",
                "the total must be at most 2^53 - 1, got more".into(),
            ));
        }
        let mut aggregate = Aggregate::new(state.kind, scale);
        aggregate.counts[usize::from(scale.min)..=usize::from(scale.max)]
            .copy_from_slice(&state.counts);
        Ok(aggregate)
    }
}

/// The largest integer a JS number holds exactly.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scale(kind: Kind, top: u8) -> Scale {
        kind.scale(Some(f64::from(top)), "scale").unwrap()
    }

    #[test]
    fn json_round_trip_is_versioned() {
        let a = Aggregate::from_scores(Kind::Ces, scale(Kind::Ces, 7), &[7, 7, 1, 4]).unwrap();
        let json = serde_json::to_string(&a.to_state()).unwrap();
        assert_eq!(
            json,
            r#"{"version":1,"kind":"ces","scale":7,"counts":[1,0,0,1,0,0,2]}"#
        );
        let state: AggregateState = serde_json::from_str(&json).unwrap();
        assert_eq!(Aggregate::from_state(&state, "json").unwrap(), a);
    }

    #[test]
    fn bad_states_are_typed_errors() {
        let good = AggregateState {
            version: 1,
            kind: Kind::Csat,
            scale: 5,
            counts: vec![1, 2, 3, 4, 5],
        };
        let cases = [
            (
                AggregateState {
                    version: 2,
                    ..good.clone()
                },
                ErrorCode::UnsupportedVersion,
                "json.version",
            ),
            (
                AggregateState {
                    version: 0,
                    ..good.clone()
                },
                ErrorCode::InvalidAggregate,
                "json.version",
            ),
            (
                AggregateState {
                    scale: 11,
                    ..good.clone()
                },
                ErrorCode::InvalidAggregate,
                "json.scale",
            ),
            (
                AggregateState {
                    kind: Kind::Nps,
                    ..good.clone()
                },
                ErrorCode::InvalidAggregate,
                "json.scale",
            ),
            (
                AggregateState {
                    counts: vec![1, 2],
                    ..good.clone()
                },
                ErrorCode::InvalidAggregate,
                "json.counts",
            ),
            (
                AggregateState {
                    counts: vec![u64::MAX, 1, 0, 0, 0],
                    ..good.clone()
                },
                ErrorCode::InvalidAggregate,
                "json.counts",
            ),
        ];
        for (state, code, field) in cases {
            let err = Aggregate::from_state(&state, "json").unwrap_err();
            assert_eq!(
                (err.code(), err.field()),
                (code, field),
                "{}",
                err.message()
            );
        }
        assert!(Aggregate::from_state(&good, "json").is_ok());
        // Unknown keys are rejected by the JSON form itself.
        assert!(serde_json::from_str::<AggregateState>(
            r#"{"version":1,"kind":"nps","scale":10,"counts":[],"x":1}"#
        )
        .is_err());
    }

    #[test]
    fn never_mixes_kinds_or_scales() {
        let mut ces5 = Aggregate::from_scores(Kind::Ces, scale(Kind::Ces, 5), &[5]).unwrap();
        let before = ces5.clone();
        let ces7 = Aggregate::from_scores(Kind::Ces, scale(Kind::Ces, 7), &[7]).unwrap();
        let csat5 = Aggregate::from_scores(Kind::Csat, scale(Kind::Csat, 5), &[5]).unwrap();
        assert_eq!(
            ces5.merge(&ces7).unwrap_err().code(),
            ErrorCode::ScaleMismatch
        );
        assert_eq!(
            ces5.merge(&csat5).unwrap_err().code(),
            ErrorCode::KindMismatch
        );
        assert_eq!(ces5, before);
    }

    #[test]
    fn scores_off_the_scale_are_rejected() {
        let s = scale(Kind::Csat, 5);
        let err = Aggregate::from_scores(Kind::Csat, s, &[3, 0, 6]).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (ErrorCode::ScoreOutOfRange, "scores[1]")
        );
        assert_eq!(
            err.message(),
            "scores[1]: a CSAT score must be an integer from 1 to 5, got 0"
        );
        let mut a = Aggregate::new(Kind::Csat, s);
        assert_eq!(
            a.add(5.5, || "score".into()).unwrap_err().code(),
            ErrorCode::ScoreNotInteger
        );
        assert_eq!(
            a.add(f64::NAN, || "score".into()).unwrap_err().code(),
            ErrorCode::NotFinite
        );
        assert_eq!(a.n(), 0);
        assert_eq!(
            a.summary(ConfidenceLevel::DEFAULT).unwrap_err().code(),
            ErrorCode::EmptyInput
        );
    }

    fn kind_and_scores() -> impl Strategy<Value = (Kind, u8, Vec<u8>, Vec<u8>)> {
        (
            prop_oneof![Just(Kind::Nps), Just(Kind::Ces), Just(Kind::Csat)],
            3u8..=10,
        )
            .prop_flat_map(|(kind, top)| {
                let s = scale(kind, if kind == Kind::Nps { 10 } else { top });
                let scores = prop::collection::vec(s.min..=s.max, 0..120);
                (Just(kind), Just(s.max), scores.clone(), scores)
            })
    }

    proptest! {
        #[test]
        fn from_numbers_is_add_one_by_one(
            kind in prop_oneof![Just(Kind::Nps), Just(Kind::Ces), Just(Kind::Csat)],
            numbers in prop::collection::vec(prop_oneof![
                8 => (0u8..=11).prop_map(f64::from),
                1 => prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(-0.0), Just(-1.0), Just(255.0), Just(256.0), Just(1e300)],
                1 => -2.0f64..12.0,
            ], 0..40),
        ) {
            let s = if kind == Kind::Nps { scale(kind, 10) } else { scale(kind, 5) };
            let mut one_by_one = Aggregate::new(kind, s);
            let expected = numbers
                .iter()
                .enumerate()
                .try_for_each(|(i, &x)| one_by_one.add(x, || element("scores", i)))
                .map(|()| one_by_one);
            prop_assert_eq!(Aggregate::from_numbers(kind, s, &numbers, "scores"), expected);
        }

        #[test]
        fn merge_equals_the_union((kind, top, a, b) in kind_and_scores()) {
            let s = scale(kind, top);
            let mut merged = Aggregate::from_scores(kind, s, &a).unwrap();
            merged.merge(&Aggregate::from_scores(kind, s, &b).unwrap()).unwrap();
            let union: Vec<u8> = a.iter().chain(&b).copied().collect();
            let whole = Aggregate::from_scores(kind, s, &union).unwrap();
            prop_assert_eq!(&merged, &whole);
            let level = ConfidenceLevel::DEFAULT;
            prop_assert_eq!(merged.summary(level).ok(), whole.summary(level).ok());
        }

        #[test]
        fn one_by_one_equals_bulk_and_survives_json((kind, top, a, _b) in kind_and_scores()) {
            let s = scale(kind, top);
            let mut one = Aggregate::new(kind, s);
            for &score in &a { one.add(f64::from(score), || "score".into()).unwrap(); }
            prop_assert_eq!(&one, &Aggregate::from_scores(kind, s, &a).unwrap());
            let json = serde_json::to_string(&one.to_state()).unwrap();
            let back = Aggregate::from_state(&serde_json::from_str(&json).unwrap(), "json").unwrap();
            prop_assert_eq!(back, one);
        }
    }
}
