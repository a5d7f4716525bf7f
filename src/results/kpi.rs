//! Customer-results achievement KPIs across accounts, per role and metric
//! (the supplier's scorecard): average gain per metric, % of accounts with
//! measures in place, % of role instances with a measurable gain, % of role
//! instances that achieved a goal.

use super::goal::{finite, Goal, Status};
use super::model::Collection;
use super::store::{MetricState, Store, Target};
use crate::error::Error;
use crate::input::Value;

/// `part / whole` as a percentage, `null` for an empty whole.
fn percent(part: usize, whole: usize) -> Value {
    (whole > 0)
        .then(|| part as f64 / whole as f64 * 100.0)
        .into()
}

fn share(part: usize, whole: usize) -> Value {
    Value::object([
        ("count", (part as f64).into()),
        ("of", (whole as f64).into()),
        ("percent", percent(part, whole)),
    ])
}

fn mean(xs: &[f64]) -> Value {
    average(xs).into()
}

/// The mean of `xs`, `None` for none; finite (each is): past f64's range,
/// the sum of the shares instead of the share of the sum.
fn average(xs: &[f64]) -> Option<f64> {
    let n = xs.len() as f64;
    let sum: f64 = xs.iter().sum();
    let mean = if sum.is_finite() {
        sum / n
    } else {
        finite(xs.iter().map(|x| x / n).sum())
    };
    (!xs.is_empty()).then_some(mean)
}

/// The goals of `state` known at `at` (started by then), closed ones first.
fn goals_at(state: &MetricState, at: i64) -> impl Iterator<Item = &Goal> {
    state
        .history
        .iter()
        .chain(&state.goal)
        .filter(move |g| g.start <= at)
}

/// The baseline a gain is measured from, as known at `at`: the baseline of
/// the goal that started first, else (for metrics with observations) the
/// first observation, if it was made by `at`.
pub(crate) fn baseline(state: &MetricState, collection: &Collection, at: i64) -> Option<f64> {
    let first_goal = goals_at(state, at).min_by_key(|g| g.start);
    match (first_goal, collection) {
        (Some(goal), _) => Some(goal.baseline),
        (None, Collection::AppGenerated(_)) => None,
        (None, _) => state
            .observations
            .first()
            .filter(|o| o.at <= at)
            .map(|o| o.value),
    }
}

impl Store {
    /// The KPIs as known at time `at`: current values, baselines, goals
    /// (those started by `at`) and achievements (goals closed as achieved
    /// by `at`) are taken at `at`, so last period's KPIs come from the same
    /// store.
    ///
    /// Gain = (current - baseline) x (+1 higher is better, -1 lower is
    /// better); gain % = gain / |baseline| x 100 (instances with a zero
    /// baseline are left out of the % average). A role instance has a
    /// measurable gain when any of its metrics gained, out of the instances
    /// less those whose gain is unknown (a metric with a baseline lacks a
    /// value at `at` and none gained; one without a baseline counts, with
    /// no gain); it achieved its goal
    /// when any of its goals was achieved, out of instances that ever had a
    /// goal. Measures are in place at an account when its instance of the
    /// role has a metric with a baseline, out of all accounts. A role's
    /// `averageGainPercent` is the mean of its metrics' (those that have
    /// one), the figure the scorecard's `averageGain` line shows.
    pub fn kpis(&self, at: i64) -> Result<Value, Error> {
        let Some(model) = self.model.as_ref() else {
            return Ok(Value::object([
                ("accounts", 0.0.into()),
                ("roles", Value::Array(Vec::new())),
            ]));
        };
        let accounts = self.accounts.len();
        let mut roles = Vec::new();
        for (r, role) in model.roles.iter().enumerate() {
            let (mut instances, mut in_place, mut gained, mut with_goal, mut achieved) =
                (0, 0, 0, 0, 0);
            // Instances whose gain is known: one with a baseline but no value
            // at `at` (a window since forgotten, a ratio over nothing) and no
            // gain elsewhere may have gained or not.
            let mut gain_known = 0;
            let mut gains: Vec<(Vec<f64>, Vec<f64>)> =
                vec![(Vec::new(), Vec::new()); role.metrics.len()];
            for (a, account) in self.accounts.iter().enumerate() {
                let Some(instance) = account.roles.get(r).and_then(Option::as_ref) else {
                    continue;
                };
                instances += 1;
                let (mut has_baseline, mut has_gain, mut had_goal, mut hit, mut unknown) =
                    (false, false, false, false, false);
                for (m, (def, state)) in role.metrics.iter().zip(&instance.metrics).enumerate() {
                    had_goal |= goals_at(state, at).next().is_some();
                    hit |= state.history.iter().any(|g| {
                        g.status == Status::Achieved && g.closed_at.is_some_and(|c| c <= at)
                    });
                    let Some(base) = baseline(state, &def.collection, at) else {
                        continue;
                    };
                    has_baseline = true;
                    let Some(current) = self.current(
                        &Target {
                            account: a,
                            role: r,
                            metric: m,
                        },
                        at,
                    ) else {
                        unknown = true;
                        continue;
                    };
                    let gain = finite((current - base) * def.direction.sign());
                    has_gain |= gain > 0.0;
                    if let Some((abs, pct)) = gains.get_mut(m) {
                        abs.push(gain);
                        if base != 0.0 {
                            // From the halves, which do not overflow where the gain does
                            // (-1.7e308 to 1.7e308 is +200 %); the same bits elsewhere.
                            let half = (current / 2.0 - base / 2.0) * def.direction.sign();
                            pct.push(finite(half / base.abs() * 200.0));
                        }
                    }
                }
                in_place += usize::from(has_baseline);
                gained += usize::from(has_gain);
                gain_known += usize::from(has_gain || !unknown);
                with_goal += usize::from(had_goal);
                achieved += usize::from(hit);
            }
            let metric_percents: Vec<f64> =
                gains.iter().filter_map(|(_, pct)| average(pct)).collect();
            let metrics = role
                .metrics
                .iter()
                .zip(&gains)
                .map(|(def, (abs, pct))| {
                    Value::object([
                        ("metric", def.id.as_str().into()),
                        ("name", def.name.as_str().into()),
                        ("unit", def.unit.as_str().into()),
                        ("instances", (abs.len() as f64).into()),
                        ("averageGain", mean(abs)),
                        ("averageGainPercent", mean(pct)),
                    ])
                })
                .collect();
            roles.push(Value::object([
                ("role", role.id.as_str().into()),
                ("name", role.name.as_str().into()),
                ("instances", (instances as f64).into()),
                ("averageGainPercent", mean(&metric_percents)),
                ("measuresInPlace", share(in_place, accounts)),
                ("measurableGain", share(gained, gain_known)),
                ("goalAchieved", share(achieved, with_goal)),
                ("metrics", Value::Array(metrics)),
            ]));
        }
        Ok(Value::object([
            ("accounts", (accounts as f64).into()),
            ("roles", Value::Array(roles)),
        ]))
    }
}
