//! Versioned saved state: every format this crate saves starts with a
//! `version`, read here and only here.
//!
//! A [`Format`] names its current version, the error code its area uses for
//! malformed state, and a chain of migration steps. Loading checks the
//! version first (so a newer format is reported as such even when the rest
//! no longer parses), reads the rest in the shape of that version, then runs
//! the steps from that version to the current one:
//!
//! - a version newer than this build's is `UNSUPPORTED_VERSION`, naming the
//!   field and both versions;
//! - a missing version, or one that is not a whole number from 1, is the
//!   area's invalid-state code;
//! - an older version is migrated step by step.
//!
//! ```
//! use clg_metrics::{version::Format, ErrorCode};
//! // Version 2 of a toy format doubled every value of version 1.
//! static FORMAT: Format<Vec<u32>> =
//!     Format::new(2, ErrorCode::InvalidAggregate, &[|v| Ok(v.into_iter().map(|x| x * 2).collect())]);
//! let read = |_version| Ok(vec![1, 2]);
//! assert_eq!(FORMAT.load(Some(1.0), "saved", read).unwrap(), [2, 4]);
//! assert_eq!(FORMAT.load(Some(2.0), "saved", read).unwrap(), [1, 2]);
//! let newer = FORMAT.load(Some(3.0), "saved", read).unwrap_err();
//! assert_eq!((newer.code(), newer.field()), (ErrorCode::UnsupportedVersion, "saved.version"));
//! assert_eq!(FORMAT.load(None, "saved", read).unwrap_err().code(), ErrorCode::InvalidAggregate);
//! ```

use crate::error::{msg, Error, ErrorCode, Num};

/// One migration step: state in the shape of version `v` to version `v + 1`.
pub type Migration<T> = fn(T) -> Result<T, Error>;

/// A saved-state format: its current version, its area's invalid-state
/// code, and the steps that bring older versions up to date.
#[derive(Debug)]
pub struct Format<T: 'static> {
    current: u32,
    invalid: ErrorCode,
    /// `migrations[i]` turns version `i + 1` into version `i + 2`.
    migrations: &'static [Migration<T>],
}

impl<T> Format<T> {
    /// A format at version `current` (1 or more) with one migration per
    /// older version; a wrong number of steps fails to compile when the
    /// format is a `static` or `const`.
    pub const fn new(
        current: u32,
        invalid: ErrorCode,
        migrations: &'static [Migration<T>],
    ) -> Self {
        assert!(
            current >= 1 && migrations.len() as u64 + 1 == current as u64,
            "a format at version N needs N - 1 migration steps"
        );
        Format {
            current,
            invalid,
            migrations,
        }
    }

    /// The version this build writes.
    pub const fn current(&self) -> u32 {
        self.current
    }

    /// Checks the version found in the state named `name` (`None`: missing
    /// or not a number) and returns it when this build reads it.
    pub fn check(&self, found: Option<f64>, name: &str) -> Result<u32, Error> {
        let field = msg!(name, ".version");
        let current = self.current;
        let (reads, valid) = match current {
            1 => ("version 1".to_string(), "1".to_string()),
            _ => (
                msg!("versions 1 to ", current),
                msg!("a whole number from 1 to ", current),
            ),
        };
        match found {
            Some(v) if v >= 1.0 && v.fract() == 0.0 && v <= f64::from(current) => Ok(v as u32),
            Some(v) if v > f64::from(current) && v.fract() == 0.0 => Err(Error::new(
                ErrorCode::UnsupportedVersion,
                field,
                msg!(
                    "this build reads ",
                    reads,
                    ", got ",
                    Num(v),
                    ": a newer clg-metrics wrote it"
                ),
            )),
            _ => Err(Error::new(
                self.invalid,
                field,
                msg!(
                    "must be ",
                    valid,
                    ", got ",
                    found.map_or_else(|| "no number".to_string(), |v| msg!(Num(v)))
                ),
            )),
        }
    }

    /// Brings state read in the shape of `version` (from [`Format::check`])
    /// up to the current version.
    pub fn migrate(&self, version: u32, mut state: T) -> Result<T, Error> {
        let from = (version.max(1) - 1) as usize;
        for step in self.migrations.get(from..).unwrap_or_default() {
            state = step(state)?;
        }
        Ok(state)
    }

    /// The whole load: [`Format::check`] the version `found` in `name`,
    /// `read` the rest in the shape of that version, then
    /// [`Format::migrate`] it.
    pub fn load(
        &self,
        found: Option<f64>,
        name: &str,
        read: impl FnOnce(u32) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let version = self.check(found, name)?;
        self.migrate(version, read(version)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy format with a real chain: v1 `[a]`, v2 appends a default
    /// `0`, v3 swaps the two; a v1 state holding `7` is refused by step 2.
    static TOY: Format<Vec<i32>> = Format::new(
        3,
        ErrorCode::InvalidAggregate,
        &[
            |mut v| {
                v.push(0);
                Ok(v)
            },
            |v| match v[..] {
                [7, _] => Err(Error::new(
                    ErrorCode::InvalidAggregate,
                    "toy",
                    "7 has no v3 form",
                )),
                [a, b] => Ok(vec![b, a]),
                _ => unreachable!("v2 has two values"),
            },
        ],
    );

    fn read(version: u32) -> Result<Vec<i32>, Error> {
        Ok(match version {
            1 => vec![5],
            2 => vec![5, 6],
            _ => vec![9, 8],
        })
    }

    #[test]
    fn older_versions_migrate_through_every_step() {
        assert_eq!(TOY.load(Some(1.0), "toy", read).unwrap(), [0, 5]);
        assert_eq!(TOY.load(Some(2.0), "toy", read).unwrap(), [6, 5]);
        assert_eq!(TOY.load(Some(3.0), "toy", read).unwrap(), [9, 8]);
        let e = TOY.load(Some(1.0), "toy", |_| Ok(vec![7])).unwrap_err();
        assert_eq!(e.message(), "toy: 7 has no v3 form");
    }

    #[test]
    fn newer_versions_are_refused_naming_both() {
        let e = TOY.load(Some(4.0), "state", read).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::UnsupportedVersion, "state.version")
        );
        assert_eq!(
            e.message(),
            "state.version: this build reads versions 1 to 3, got 4: a newer clg-metrics wrote it"
        );
        let read_nothing = |_| -> Result<Vec<i32>, Error> { panic!("not read") };
        assert!(TOY.load(Some(1e300), "state", read_nothing).is_err());
    }

    #[test]
    fn missing_or_malformed_versions_are_the_areas_code() {
        for found in [
            None,
            Some(0.0),
            Some(-1.0),
            Some(1.5),
            Some(f64::NAN),
            Some(f64::INFINITY),
        ] {
            let e = TOY.check(found, "json").unwrap_err();
            assert_eq!(
                (e.code(), e.field()),
                (ErrorCode::InvalidAggregate, "json.version"),
                "{found:?}"
            );
        }
        assert_eq!(
            TOY.check(None, "json").unwrap_err().message(),
            "json.version: must be a whole number from 1 to 3, got no number"
        );
        assert_eq!(TOY.current(), 3);
    }
}
