//! Policy state as columns: how a large state crosses between JS and the
//! core in a few copies instead of one crossing per field of each of its
//! ~200k entries (src/js/policy-state.js writes and reads the JS side).
//!
//! - `text`: every string, joined: per prompt its `id`, `surveyId` and
//!   `kind`, then per account prompt its `id` and `role` (into the core as
//!   UTF-16 code units, which JS writes without making a string; out of it
//!   as one string);
//! - `lengths`: the length of each of those strings in UTF-16 code units
//!   (JS `string.length`);
//! - `times`: per prompt its `at` and `outcomeAt` (0 when there is none),
//!   then per account prompt its `at`;
//! - `codes`: per prompt its outcome (0 shown, 1 responded, 2 dismissed,
//!   3 snoozed), plus 4 when it has an `outcomeAt`.
//!
//! Columns carry the fields only: [`StateColumns::read`] gives the state
//! unchecked, to be validated by [`PolicyState::load`] like any other.

use super::{AccountPrompt, Outcome, PolicyState, Prompt, Span, MAX_STATE_ENTRIES};
use crate::error::{Error, ErrorCode};

/// A policy state as columns (see the module documentation).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StateColumns {
    /// Every string, joined.
    pub text: String,
    /// The UTF-16 length of each string in `text`.
    pub lengths: Vec<u32>,
    /// Times: `at`, `outcomeAt` per prompt, then `at` per account prompt.
    pub times: Vec<f64>,
    /// Outcome per prompt, plus 4 when it has an `outcomeAt`.
    pub codes: Vec<u8>,
}

const OUTCOMES: [Outcome; 4] = [
    Outcome::Shown,
    Outcome::Responded,
    Outcome::Dismissed,
    Outcome::Snoozed,
];
const HAS_OUTCOME_AT: u8 = 4;

impl StateColumns {
    /// `state` as columns.
    ///
    /// ```
    /// use clg_metrics::hygiene::{PolicyState, StateColumns};
    /// let mut state = PolicyState::default();
    /// state.push_account_prompt("p1", "admin", 5.0);
    /// let columns = StateColumns::write(&state);
    /// assert_eq!((columns.text.as_str(), &columns.lengths[..]), ("p1admin", &[2, 5][..]));
    /// let units: Vec<u16> = columns.text.encode_utf16().collect();
    /// assert_eq!(StateColumns::read(&units, &columns.lengths, &columns.times, &columns.codes, "state").unwrap(), state);
    /// ```
    pub fn write(state: &PolicyState) -> StateColumns {
        let (n, m) = (state.prompts.len(), state.account_prompts.len());
        let mut text = TextWriter::new(state);
        let mut times = Vec::with_capacity(2 * n + m);
        let mut codes = Vec::with_capacity(n);
        for p in &state.prompts {
            for span in [p.id, p.survey_id, p.kind] {
                text.push(span);
            }
            times.push(p.at);
            times.push(p.outcome_at.unwrap_or(0.0));
            let outcome = OUTCOMES.iter().position(|o| *o == p.outcome).unwrap_or(0) as u8;
            let has_at = if p.outcome_at.is_some() {
                HAS_OUTCOME_AT
            } else {
                0
            };
            codes.push(outcome | has_at);
        }
        for p in &state.account_prompts {
            for span in [p.id, p.role] {
                text.push(span);
            }
            times.push(p.at);
        }
        let (bytes, lengths) = text.finish();
        StateColumns {
            // The spans start and end on characters: the bytes are UTF-8.
            text: String::from_utf8(bytes).unwrap_or_default(),
            lengths,
            times,
            codes,
        }
    }

    /// The state the columns hold, with `text` as UTF-16 code units, not
    /// validated (a lone surrogate becomes U+FFFD, as when JS passes a
    /// string); `name` (`"state"`) names columns that do not fit together
    /// (only a caller bypassing the JS wrapper makes them), at most
    /// [`MAX_STATE_ENTRIES`] per list.
    pub fn read(
        text: &[u16],
        lengths: &[u32],
        times: &[f64],
        codes: &[u8],
        name: &str,
    ) -> Result<PolicyState, Error> {
        let n = codes.len();
        let m = times.len().checked_sub(2 * n);
        let bad = || {
            Error::new(
                ErrorCode::InvalidSurveyState,
                name,
                "must be survey state: its packed columns do not fit together",
            )
        };
        let m = m.filter(|&m| n <= MAX_STATE_ENTRIES && m <= MAX_STATE_ENTRIES);
        let m = m
            .filter(|&m| lengths.len() == 3 * n + 2 * m)
            .ok_or_else(bad)?;
        let mut texts = Texts::new(text, lengths).ok_or_else(bad)?;
        let mut prompts = Vec::with_capacity(n);
        for (i, &code) in codes.iter().enumerate() {
            if code & !(3 | HAS_OUTCOME_AT) != 0 {
                return Err(bad());
            }
            prompts.push(Prompt {
                id: texts.next(),
                survey_id: texts.next(),
                kind: texts.next(),
                at: times[2 * i],
                outcome: OUTCOMES[usize::from(code & 3)],
                outcome_at: (code & HAS_OUTCOME_AT != 0).then_some(times[2 * i + 1]),
            });
        }
        let mut account_prompts = Vec::with_capacity(m);
        for &at in &times[2 * n..] {
            let (id, role) = (texts.next(), texts.next());
            account_prompts.push(AccountPrompt { id, role, at });
        }
        Ok(PolicyState {
            prompts,
            account_prompts,
            text: texts.text,
            ..PolicyState::default()
        })
    }
}

/// The strings of joined UTF-16 text cut by their lengths into one UTF-8
/// text: when all of it is ASCII (ids, kinds and roles usually are), one
/// narrowing copy, and the spans are the lengths added up; else a piece
/// at a time, decoded (a lone surrogate becomes U+FFFD).
struct Texts<'a> {
    units: &'a [u16],
    lengths: std::slice::Iter<'a, u32>,
    /// Where the next piece starts in `units`.
    at: usize,
    /// The UTF-8 text.
    text: String,
    ascii: bool,
}

impl<'a> Texts<'a> {
    /// `None` when the lengths do not add up to the text's.
    fn new(units: &'a [u16], lengths: &'a [u32]) -> Option<Self> {
        let total: u64 = lengths.iter().map(|&l| u64::from(l)).sum();
        if total != units.len() as u64 {
            return None;
        }
        let ascii = units.iter().all(|&u| u < 0x80);
        let text = if ascii {
            let bytes: Vec<u8> = units.iter().map(|&u| u as u8).collect();
            String::from_utf8(bytes).unwrap_or_default()
        } else {
            String::with_capacity(3 * units.len())
        };
        Some(Texts {
            units,
            lengths: lengths.iter(),
            at: 0,
            text,
            ascii,
        })
    }

    /// The next string's span (the lengths add up, so there is one).
    fn next(&mut self) -> Span {
        let units = self.lengths.next().map_or(0, |&l| l as usize);
        let (start, end) = (self.at, self.at + units);
        self.at = end;
        if self.ascii {
            return Span::new(start, end);
        }
        let piece = self.units.get(start..end).unwrap_or_default();
        let from = self.text.len();
        let chars = char::decode_utf16(piece.iter().copied());
        self.text
            .extend(chars.map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)));
        Span::new(from, self.text.len())
    }
}

/// A state's texts joined in the order of the columns, with their UTF-16
/// lengths: the bytes copied a run of adjacent spans at a time (state
/// read from columns keeps its texts in their order, so most of it is one
/// run per list), with no per-text check of character boundaries, and the
/// whole text checked for ASCII once.
struct TextWriter<'a> {
    state: &'a PolicyState,
    ascii: bool,
    bytes: Vec<u8>,
    lengths: Vec<u32>,
    /// The adjacent spans pushed since the last copy.
    run: Span,
}

impl<'a> TextWriter<'a> {
    /// A writer of `state`'s texts.
    fn new(state: &'a PolicyState) -> Self {
        let texts = 3 * state.prompts.len() + 2 * state.account_prompts.len();
        TextWriter {
            state,
            ascii: state.text.is_ascii(),
            bytes: Vec::with_capacity(state.text.len()),
            lengths: Vec::with_capacity(texts),
            run: Span::default(),
        }
    }

    /// Appends the text `span` names and its length.
    fn push(&mut self, span: Span) {
        let units = if self.ascii {
            span.len()
        } else {
            self.state.text(span).encode_utf16().count()
        };
        self.lengths.push(units as u32);
        self.run = self.run.joined(span).unwrap_or_else(|| {
            self.bytes.extend_from_slice(self.state.bytes(self.run));
            span
        });
    }

    /// The joined text and the lengths.
    fn finish(mut self) -> (Vec<u8>, Vec<u32>) {
        self.bytes.extend_from_slice(self.state.bytes(self.run));
        (self.bytes, self.lengths)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PolicyState {
        let mut s = PolicyState::default();
        for (i, outcome) in OUTCOMES.iter().enumerate() {
            let survey = ["s", "é", "😀x", "a"][i];
            let outcome_at = (i > 0).then_some(10.0 + i as f64);
            s.push_prompt(
                &format!("p{i}"),
                survey,
                "nps",
                i as f64,
                *outcome,
                outcome_at,
            );
        }
        s.push_account_prompt("p0", "ünï", 3.0);
        s
    }

    #[test]
    fn columns_round_trip_any_text() {
        let s = sample();
        let c = StateColumns::write(&s);
        assert_eq!(c.lengths, [2, 1, 3, 2, 1, 3, 2, 3, 3, 2, 1, 3, 2, 3]);
        assert_eq!(c.codes, [0, 5, 6, 7]);
        let back = StateColumns::read(&utf16(&c.text), &c.lengths, &c.times, &c.codes, "state");
        assert_eq!(back.unwrap(), s);
        // A NaN time and an outcome time on a "shown" prompt survive, to be
        // refused by validation as when read field by field.
        let mut odd = s.clone();
        odd.prompts[0].outcome_at = Some(f64::NAN);
        let c = StateColumns::write(&odd);
        let back = StateColumns::read(&utf16(&c.text), &c.lengths, &c.times, &c.codes, "state");
        assert!(back.unwrap().prompts[0].outcome_at.unwrap().is_nan());
        // A lone surrogate becomes U+FFFD, one unit as it was.
        let mut units = utf16(&c.text);
        units[0] = 0xd800;
        let back = StateColumns::read(&units, &c.lengths, &c.times, &c.codes, "state");
        let back = back.unwrap();
        assert_eq!(back.text(back.prompts[0].id), "\u{fffd}0");
    }

    #[test]
    fn columns_that_do_not_fit_are_coded_errors() {
        let c = StateColumns::write(&sample());
        let text = utf16(&c.text);
        let read = |text: &[u16], lengths: &[u32], times: &[f64], codes: &[u8]| {
            let e = StateColumns::read(text, lengths, times, codes, "other").unwrap_err();
            assert_eq!(
                (e.code(), e.field()),
                (ErrorCode::InvalidSurveyState, "other")
            );
        };
        read(&text[1..], &c.lengths, &c.times, &c.codes);
        read(
            &[&text[..], &[120]].concat(),
            &c.lengths,
            &c.times,
            &c.codes,
        );
        read(&text, &c.lengths[1..], &c.times, &c.codes);
        read(&text, &c.lengths, &c.times[1..], &c.codes);
        read(&text, &c.lengths, &c.times, &[8, 0, 0, 0]);
        read(&text, &c.lengths, &[], &c.codes);
        let mut lengths = c.lengths.clone();
        lengths[5] = u32::MAX;
        read(&text, &lengths, &c.times, &c.codes);
    }

    #[test]
    fn texts_are_written_in_column_order_wherever_they_sit() {
        // Entries pushed in turns: the texts of the prompts are not adjacent
        // in the state's text, and the writer copies runs of adjacent spans.
        let mut s = PolicyState::default();
        s.push_prompt("p1", "s", "nps", 1.0, Outcome::Shown, None);
        s.push_account_prompt("a1", "admin", 1.0);
        s.push_prompt("p2", "s", "csat", 2.0, Outcome::Shown, None);
        s.push_account_prompt("a2", "é", 2.0);
        let c = StateColumns::write(&s);
        assert_eq!(c.text, "p1snpsp2scsata1admina2é");
        assert_eq!(c.lengths, [2, 1, 3, 2, 1, 4, 2, 5, 2, 1]);
        let back = StateColumns::read(&utf16(&c.text), &c.lengths, &c.times, &c.codes, "state");
        assert_eq!(back.unwrap(), s);
    }

    fn utf16(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }
}
