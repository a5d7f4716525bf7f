//! Policy state as columns: how a large state crosses between JS and the
//! core in a few copies instead of one crossing per field of each of its
//! ~200k entries (src/js/policy-state.js writes and reads the JS side).
//!
//! - `text`: every string, joined: per prompt its `id`, `surveyId` and
//!   `kind`, then per account prompt its `id` and `role` (into the core as
//!   a [`ColumnText`], which JS writes without making a string; out of it
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

/// The outcomes by their code, in the order `Outcome` declares them.
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
    /// use clg_metrics::hygiene::{ColumnText, PolicyState, StateColumns};
    /// let mut state = PolicyState::default();
    /// state.push_account_prompt("p1", "admin", 5.0);
    /// let columns = StateColumns::write(&state);
    /// assert_eq!((columns.text.as_str(), &columns.lengths[..]), ("p1admin", &[2, 5][..]));
    /// let text = ColumnText::Ascii(columns.text.into_bytes());
    /// assert_eq!(StateColumns::read(text, &columns.lengths, &columns.times, &columns.codes, "state").unwrap(), state);
    /// ```
    pub fn write(state: &PolicyState) -> StateColumns {
        let (n, m) = (state.prompts.len(), state.account_prompts.len());
        // Every column sized first and written by place: a push is a call
        // at opt-level "z", and a state has 200k entries.
        let mut text = TextWriter::new(state);
        let mut times = vec![0.0; 2 * n + m];
        let mut codes = vec![0; n];
        for (i, p) in state.prompts.iter().enumerate() {
            text.push(p.id);
            text.push(p.survey_id);
            text.push(p.kind);
            times[2 * i] = p.at;
            if let Some(at) = p.outcome_at {
                times[2 * i + 1] = at;
                codes[i] = HAS_OUTCOME_AT;
            }
            codes[i] |= p.outcome as u8; // declared in the order of OUTCOMES
        }
        for (j, p) in state.account_prompts.iter().enumerate() {
            text.push(p.id);
            text.push(p.role);
            times[2 * n + j] = p.at;
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

    /// The state the columns hold, not validated (a lone surrogate in
    /// UTF-16 text becomes U+FFFD, as when JS passes a string); `name`
    /// (`"state"`) names columns that do not fit together (only a caller
    /// bypassing the JS wrapper makes them), at most [`MAX_STATE_ENTRIES`]
    /// per list.
    pub fn read(
        text: ColumnText,
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
        m.filter(|&m| n <= MAX_STATE_ENTRIES && m <= MAX_STATE_ENTRIES)
            .filter(|&m| lengths.len() == 3 * n + 2 * m)
            .filter(|_| codes.iter().all(|&code| code & !(3 | HAS_OUTCOME_AT) == 0))
            .ok_or_else(bad)?;
        let mut texts = Texts::new(text, lengths).ok_or_else(bad)?;
        // Collected, not pushed: opt-level "z" leaves a call per push.
        let prompts = (codes.iter().zip(times.chunks_exact(2)))
            .map(|(&code, at)| Prompt {
                id: texts.next(),
                survey_id: texts.next(),
                kind: texts.next(),
                at: at[0],
                outcome: OUTCOMES[usize::from(code & 3)],
                outcome_at: (code & HAS_OUTCOME_AT != 0).then_some(at[1]),
            })
            .collect();
        let account_prompts = (times[2 * n..].iter())
            .map(|&at| AccountPrompt {
                id: texts.next(),
                role: texts.next(),
                at,
            })
            .collect();
        Ok(PolicyState {
            prompts,
            account_prompts,
            text: texts.text,
            ..PolicyState::default()
        })
    }
}

/// The joined text of [`StateColumns`] as it crosses into the core: a
/// byte per character when it is all ASCII (ids, kinds and roles usually
/// are; JS writes it so without making a string), else UTF-16 code units.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnText {
    /// ASCII, a byte per character (a byte of 0x80 or more does not fit).
    Ascii(Vec<u8>),
    /// UTF-16 code units (JS `string.charCodeAt`).
    Utf16(Vec<u16>),
}

/// The strings of a [`ColumnText`] cut by their lengths into one UTF-8
/// text: ASCII is that text as it is, and the spans are the lengths added
/// up; UTF-16 is decoded a piece at a time (a lone surrogate becomes
/// U+FFFD).
struct Texts<'a> {
    units: Vec<u16>,
    lengths: std::slice::Iter<'a, u32>,
    /// Where the next piece starts in the column's text.
    at: usize,
    /// The UTF-8 text.
    text: String,
}

impl<'a> Texts<'a> {
    /// `None` when the lengths do not add up to the text's, or ASCII text
    /// is not.
    fn new(text: ColumnText, lengths: &'a [u32]) -> Option<Self> {
        let total: u64 = lengths.iter().map(|&l| u64::from(l)).sum();
        let (units, text) = match text {
            ColumnText::Ascii(bytes) if bytes.is_ascii() && total == bytes.len() as u64 => {
                (Vec::new(), String::from_utf8(bytes).ok()?)
            }
            ColumnText::Utf16(units) if total == units.len() as u64 => {
                let text = String::with_capacity(3 * units.len());
                (units, text)
            }
            _ => return None,
        };
        Some(Texts {
            units,
            lengths: lengths.iter(),
            at: 0,
            text,
        })
    }

    /// The next string's span (the lengths add up, so there is one).
    #[inline]
    fn next(&mut self) -> Span {
        let units = self.lengths.next().map_or(0, |&l| l as usize);
        let (start, end) = (self.at, self.at + units);
        self.at = end;
        if self.units.is_empty() {
            Span::new(start, end)
        } else {
            self.decode(start, end)
        }
    }

    /// The UTF-16 units `start..end` appended to the text; their span there.
    #[inline(never)]
    fn decode(&mut self, start: usize, end: usize) -> Span {
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
    /// Every text's length, written by place up to `next`.
    lengths: Vec<u32>,
    next: usize,
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
            lengths: vec![0; texts],
            next: 0,
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
        self.lengths[self.next] = units as u32;
        self.next += 1;
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
        let back = StateColumns::read(utf16(&c.text), &c.lengths, &c.times, &c.codes, "state");
        assert_eq!(back.unwrap(), s);
        // A NaN time and an outcome time on a "shown" prompt survive, to be
        // refused by validation as when read field by field.
        let mut odd = s.clone();
        odd.prompts[0].outcome_at = Some(f64::NAN);
        let c = StateColumns::write(&odd);
        let back = StateColumns::read(utf16(&c.text), &c.lengths, &c.times, &c.codes, "state");
        assert!(back.unwrap().prompts[0].outcome_at.unwrap().is_nan());
        // A lone surrogate becomes U+FFFD, one unit as it was.
        let mut units: Vec<u16> = c.text.encode_utf16().collect();
        units[0] = 0xd800;
        let back = StateColumns::read(
            ColumnText::Utf16(units),
            &c.lengths,
            &c.times,
            &c.codes,
            "state",
        );
        let back = back.unwrap();
        assert_eq!(back.text(back.prompts[0].id), "\u{fffd}0");
    }

    #[test]
    fn columns_that_do_not_fit_are_coded_errors() {
        let c = StateColumns::write(&sample());
        let units: Vec<u16> = c.text.encode_utf16().collect();
        let read = |text: ColumnText, lengths: &[u32], times: &[f64], codes: &[u8]| {
            let e = StateColumns::read(text, lengths, times, codes, "other").unwrap_err();
            assert_eq!(
                (e.code(), e.field()),
                (ErrorCode::InvalidSurveyState, "other")
            );
        };
        let wide = |units: &[u16]| ColumnText::Utf16(units.to_vec());
        read(wide(&units[1..]), &c.lengths, &c.times, &c.codes);
        read(
            wide(&[&units[..], &[120]].concat()),
            &c.lengths,
            &c.times,
            &c.codes,
        );
        read(wide(&units), &c.lengths[1..], &c.times, &c.codes);
        read(wide(&units), &c.lengths, &c.times[1..], &c.codes);
        read(wide(&units), &c.lengths, &c.times, &[8, 0, 0, 0]);
        read(wide(&units), &c.lengths, &[], &c.codes);
        let mut lengths = c.lengths.clone();
        lengths[5] = u32::MAX;
        read(wide(&units), &lengths, &c.times, &c.codes);
        // ASCII text: its length must add up, and a byte past 0x7f (here
        // the UTF-8 of an "é", whose span would cut it) does not fit.
        let mut ascii = PolicyState::default();
        ascii.push_account_prompt("p1", "admin", 5.0);
        let a = StateColumns::write(&ascii);
        let bytes = |text: &[u8]| ColumnText::Ascii(text.to_vec());
        let back = StateColumns::read(bytes(b"p1admin"), &a.lengths, &a.times, &a.codes, "s");
        assert_eq!(back.unwrap(), ascii);
        read(bytes(b"p1admi"), &a.lengths, &a.times, &a.codes);
        read(bytes("p1admé".as_bytes()), &a.lengths, &a.times, &a.codes);
        read(bytes("é1admi".as_bytes()), &[1, 6], &a.times, &a.codes);
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
        let back = StateColumns::read(utf16(&c.text), &c.lengths, &c.times, &c.codes, "state");
        assert_eq!(back.unwrap(), s);
    }

    fn utf16(text: &str) -> ColumnText {
        ColumnText::Utf16(text.encode_utf16().collect())
    }
}
