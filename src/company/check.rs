//! Small validators shared by the company inputs. `field` closures are
//! called only to build an error, so valid input allocates nothing; they
//! are taken as `&dyn Fn` so each validator exists once in the module.

use std::collections::BTreeSet;

use crate::error::{msg, Error, ErrorCode, Num, Quoted};

/// A finite number.
pub(crate) fn finite(x: f64, field: &dyn Fn() -> String) -> Result<f64, Error> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Error::new(
            ErrorCode::NotFinite,
            field(),
            msg!("must be a finite number, got ", Num(x)),
        ))
    }
}

/// A finite number `>= 0` (money, counts, durations).
pub(crate) fn non_negative(x: f64, field: &dyn Fn() -> String) -> Result<f64, Error> {
    if x >= 0.0 && x.is_finite() {
        return Ok(x);
    }
    let field = field();
    finite(x, &|| field.clone())?;
    Err(Error::new(
        ErrorCode::NegativeValue,
        field,
        msg!("must be 0 or more, got ", Num(x)),
    ))
}

/// The largest amount or count a company data set holds, either way:
/// 2^53 - 1 (`Number.MAX_SAFE_INTEGER`). Sums over the most values a data
/// set holds (4,000,000) then stay far inside f64: no total is Infinity.
pub(crate) const MAX_AMOUNT: f64 = 9_007_199_254_740_991.0;

/// An amount or count of a data set `>= 0`: finite, at most [`MAX_AMOUNT`]
/// (`VALUE_OUT_OF_RANGE`).
pub(crate) fn amount(x: f64, field: &dyn Fn() -> String) -> Result<f64, Error> {
    non_negative(x, field)?;
    signed_amount(x, field)
}

/// An amount of a data set that may be below 0 (net income, a cash
/// change): finite, at most [`MAX_AMOUNT`] either way.
pub(crate) fn signed_amount(x: f64, field: &dyn Fn() -> String) -> Result<f64, Error> {
    if x.abs() <= MAX_AMOUNT {
        return Ok(x);
    }
    within(x, -MAX_AMOUNT, MAX_AMOUNT, field)
}

/// A finite number within `min..=max`.
pub(crate) fn within(x: f64, min: f64, max: f64, field: &dyn Fn() -> String) -> Result<f64, Error> {
    if (min..=max).contains(&x) {
        return Ok(x);
    }
    let field = field();
    finite(x, &|| field.clone())?;
    Err(Error::new(
        ErrorCode::ValueOutOfRange,
        field,
        msg!(
            "must be from ",
            Num(min),
            " to ",
            Num(max),
            ", got ",
            Num(x)
        ),
    ))
}

/// A text that must say something, e.g. an account id (`EMPTY_TEXT`):
/// not empty nor only white space, the rule of `ResultsStore`'s ids.
pub(crate) fn non_empty(text: &str, field: &dyn Fn() -> String) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Err(Error::new(
            ErrorCode::EmptyText,
            field(),
            msg!("must not be empty or blank, got ", Quoted(text)),
        ));
    }
    Ok(())
}

/// The ids of a list seen so far, each of which must be used once.
///
/// ```ignore
/// let mut ids = Ids::default();
/// ids.insert("a", &|| "accounts[0].id".into())?;
/// let e = ids.insert("a", &|| "accounts[1].id".into()).unwrap_err(); // DUPLICATE_ID
/// ```
#[derive(Default)]
pub(crate) struct Ids<'a>(BTreeSet<&'a str>);

impl<'a> Ids<'a> {
    /// Adds `id`, or `DUPLICATE_ID` on `field` when it was added before.
    pub(crate) fn insert(&mut self, id: &'a str, field: &dyn Fn() -> String) -> Result<(), Error> {
        if self.0.insert(id) {
            return Ok(());
        }
        Err(Error::new(
            ErrorCode::DuplicateId,
            field(),
            msg!("must be unique, ", Quoted(id), " is used twice"),
        ))
    }
}

/// A part that must not exceed its whole (e.g. resolved cases <= cases).
pub(crate) fn at_most(
    part: f64,
    whole: f64,
    whole_name: &str,
    field: &dyn Fn() -> String,
) -> Result<f64, Error> {
    if part <= whole {
        Ok(part)
    } else {
        Err(Error::new(
            ErrorCode::ValueOutOfRange,
            field(),
            msg!(
                "must not exceed ",
                whole_name,
                " (",
                Num(whole),
                "), got ",
                Num(part)
            ),
        ))
    }
}

/// An array of length `expected`.
pub(crate) fn length(
    len: usize,
    expected: usize,
    what: &str,
    field: &dyn Fn() -> String,
) -> Result<(), Error> {
    if len == expected {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::LengthMismatch,
            field(),
            msg!(
                "must have one entry per ",
                what,
                " (",
                expected,
                "), got ",
                len
            ),
        ))
    }
}
