//! Targeting: whom a campaign may ask. Every rule given must match; a rule
//! left out matches everyone.

use super::{check_list, Context};
use crate::error::{element, msg, ElementPath, Error, ErrorCode, Num, Part};
use crate::hygiene::{check_entries, check_text};
use crate::results::Prop;

/// Most maturity levels a role has (as the results model allows).
const MAX_LEVEL: f64 = 100.0;

/// `{ roles, levels, account, segments }`, each optional.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Target {
    /// The user's role is one of these.
    pub roles: Option<Vec<String>>,
    /// The role's maturity level (1-based) is one of these.
    pub levels: Option<Vec<f64>>,
    /// For each attribute, the account's value is one of the listed ones
    /// (`{ plan: ['pro', 'enterprise'] }`); an account without the
    /// attribute does not match.
    pub account: Vec<(String, Vec<Prop>)>,
    /// The user is in at least one of these segments.
    pub segments: Option<Vec<String>>,
}

impl Target {
    pub(crate) fn check(&self, path: &str) -> Result<(), Error> {
        for (list, key) in [(&self.roles, "roles"), (&self.segments, "segments")] {
            if let Some(list) = list {
                let field = msg!(path, ".", key);
                check_list(list, &field)?;
                for (index, text) in list.iter().enumerate() {
                    check_text(text, ElementPath(&field, index))?;
                }
            }
        }
        if let Some(levels) = &self.levels {
            let field = msg!(path, ".levels");
            check_list(levels, &field)?;
            for (index, &level) in levels.iter().enumerate() {
                check_level(level, ElementPath(&field, index))?;
            }
        }
        let field = msg!(path, ".account");
        check_entries(self.account.len(), super::MAX_LIST, &field)?;
        for (name, values) in &self.account {
            check_text(name, &field)?;
            let field = msg!(field, ".", name);
            check_list(values, &field)?;
            for (index, value) in values.iter().enumerate() {
                if matches!(value, Prop::Number(x) if !x.is_finite()) {
                    return Err(Error::new(
                        ErrorCode::NotFinite,
                        element(&field, index),
                        "must be a finite number, a string or a boolean",
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether the user of `context` is targeted.
    pub(crate) fn matches(&self, context: &Context) -> bool {
        let roles = self
            .roles
            .as_ref()
            .map_or(true, |r| r.contains(&context.role));
        let levels = self.levels.as_ref().map_or(true, |l| {
            context.level.is_some_and(|level| l.contains(&level))
        });
        let account = self.account.iter().all(|(name, values)| {
            context
                .account
                .iter()
                .find(|(key, _)| key == name)
                .is_some_and(|(_, value)| values.contains(value))
        });
        let segments = self
            .segments
            .as_ref()
            .map_or(true, |s| s.iter().any(|x| context.segments.contains(x)));
        roles && levels && account && segments
    }
}

/// A maturity level: a whole number from 1 to 100. `field` is written out
/// only for an error.
pub(crate) fn check_level(level: f64, field: impl Part) -> Result<(), Error> {
    if (1.0..=MAX_LEVEL).contains(&level) && level.fract() == 0.0 {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::ValueOutOfRange,
        msg!(field),
        msg!(
            "must be a maturity level, a whole number from 1 to 100, got ",
            Num(level)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        let mut c = Context::new(0.0, "u1", "analyst");
        c.level = Some(2.0);
        c.account = vec![("plan".into(), Prop::Text("pro".into()))];
        c.segments = vec!["beta".into()];
        c
    }

    fn strings(list: &[&str]) -> Option<Vec<String>> {
        Some(list.iter().map(|&s| s.into()).collect())
    }

    #[test]
    fn every_rule_given_must_match() {
        let all = Target {
            roles: strings(&["admin", "analyst"]),
            levels: Some(vec![1.0, 2.0]),
            account: vec![(
                "plan".into(),
                vec![Prop::Text("pro".into()), Prop::Text("enterprise".into())],
            )],
            segments: strings(&["beta", "early"]),
        };
        assert!(all.matches(&context()));
        assert!(Target::default().matches(&context()));
        type Breaker = fn(&mut Context);
        let misses: [Breaker; 6] = [
            |c| c.role = "viewer".into(),
            |c| c.level = Some(3.0),
            |c| c.level = None,
            |c| c.account[0].1 = Prop::Text("free".into()),
            |c| c.account.clear(),
            |c| c.segments = vec!["other".into()],
        ];
        for miss in misses {
            let mut c = context();
            miss(&mut c);
            assert!(!all.matches(&c), "{c:?}");
        }
    }

    #[test]
    fn bad_targets_name_the_field() {
        type Breaker = fn(&mut Target);
        let cases: [(Breaker, ErrorCode, &str); 5] = [
            (|t| t.roles = Some(vec![]), ErrorCode::EmptyInput, "t.roles"),
            (
                |t| t.segments = strings(&["a", ""]),
                ErrorCode::EmptyText,
                "t.segments[1]",
            ),
            (
                |t| t.levels = Some(vec![0.0]),
                ErrorCode::ValueOutOfRange,
                "t.levels[0]",
            ),
            (
                |t| t.account = vec![("plan".into(), vec![])],
                ErrorCode::EmptyInput,
                "t.account.plan",
            ),
            (
                |t| t.account = vec![("n".into(), vec![Prop::Number(f64::INFINITY)])],
                ErrorCode::NotFinite,
                "t.account.n[0]",
            ),
        ];
        for (break_it, code, field) in cases {
            let mut t = Target::default();
            break_it(&mut t);
            let e = t.check("t").unwrap_err();
            assert_eq!((e.code(), e.field()), (code, field), "{}", e.message());
        }
    }
}
