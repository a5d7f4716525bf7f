//! The documented size limits (README, "Input limits"; the same numbers as
//! `src/js/limits.js`, which applies them before WebAssembly runs) and the
//! [`Budget`] that applies them while a value is built, before its parts
//! are allocated.

use crate::error::{msg, Error, ErrorCode};

/// The limits of one argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Elements of a typed array.
    pub values: usize,
    /// Elements of any other array.
    pub items: usize,
    /// Array elements and object properties of one argument, all levels together.
    pub total: usize,
    /// Nesting of arrays and objects.
    pub depth: usize,
    /// Characters (UTF-16 units, as JS counts them) of a string.
    pub text: usize,
}

/// The limits of `src/js/limits.js`.
pub const LIMITS: Limits = Limits {
    values: 10_000_000,
    items: 1_000_000,
    total: 10_000_000,
    depth: 32,
    text: 1_000_000,
};

/// What is left of the limits while one argument, named `root`, is read.
/// Every check comes before the allocation it guards; paths are formatted
/// only for an error.
///
/// ```
/// use clg_metrics::input::Budget;
/// let mut budget = Budget::new("model");
/// assert!(budget.enter(31, || "model.x".into()).is_ok());
/// let e = budget.enter(32, || "model.x".into()).unwrap_err();
/// assert_eq!((e.code().as_str(), e.field()), ("TOO_LARGE", "model.x"));
/// ```
#[derive(Debug)]
pub struct Budget {
    root: String,
    left: usize,
    limits: Limits,
}

impl Budget {
    /// The full budget of the argument `root`, under [`LIMITS`].
    pub fn new(root: impl Into<String>) -> Budget {
        Budget::with(root, LIMITS)
    }

    /// The full budget of `root` under other limits (tests).
    pub fn with(root: impl Into<String>, limits: Limits) -> Budget {
        Budget {
            root: root.into(),
            left: limits.total,
            limits,
        }
    }

    /// An array or object at nesting `depth` (the argument itself is 0).
    pub fn enter(&self, depth: usize, path: impl FnOnce() -> String) -> Result<(), Error> {
        if depth >= self.limits.depth {
            let limit = self.limits.depth;
            return Err(too_large(
                path(),
                msg!("nests deeper than ", limit, " levels (is it cyclic?)"),
            ));
        }
        Ok(())
    }

    /// An array of `length` elements, or an object of `length` properties.
    pub fn items(&mut self, length: usize, path: impl FnOnce() -> String) -> Result<(), Error> {
        elements(length, self.limits.items, path)?;
        self.spend(length)
    }

    /// A typed array of `length` elements.
    pub fn values(&self, length: usize, path: impl FnOnce() -> String) -> Result<(), Error> {
        elements(length, self.limits.values, path)
    }

    /// A string (checked after the copy: the JS layer bounds it before).
    pub fn text(&self, text: &str, path: impl FnOnce() -> String) -> Result<(), Error> {
        let limit = self.limits.text;
        // A string of at most `limit` bytes has at most `limit` UTF-16 units.
        if text.len() > limit {
            let length = text.encode_utf16().count();
            if length > limit {
                return Err(too_large(
                    path(),
                    msg!("must be at most ", limit, " characters, got ", length),
                ));
            }
        }
        Ok(())
    }

    fn spend(&mut self, count: usize) -> Result<(), Error> {
        match self.left.checked_sub(count) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(too_large(
                self.root.clone(),
                msg!(
                    "must hold at most ",
                    self.limits.total,
                    " values (elements and properties) in all"
                ),
            )),
        }
    }
}

/// `length` elements within `limit`.
fn elements(length: usize, limit: usize, path: impl FnOnce() -> String) -> Result<(), Error> {
    if length > limit {
        return Err(too_large(
            path(),
            msg!("must hold at most ", limit, " elements, got ", length),
        ));
    }
    Ok(())
}

fn too_large(field: String, rule: String) -> Error {
    Error::new(ErrorCode::TooLarge, field, rule)
}
