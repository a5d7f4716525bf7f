//! A metric value that is either a finite number or "not available" with a
//! stable reason: division by zero and empty periods never leak NaN or
//! Infinity to the caller.

use serde::Serialize;

/// Why a metric has no value, as JS sees it (e.g. `"NO_STARTING_MRR"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    /// No MRR at the start of the period (NRR, GRR, revenue churn).
    NoStartingMrr,
    /// No paying account at the start of the period (logo churn, CRR, ...).
    NoStartingAccounts,
    /// No paying account at the end of the period (ARPA).
    NoAccounts,
    /// No seats reported for the paying accounts (ARPU).
    NoSeats,
    /// No new account in the period (CAC).
    NoNewAccounts,
    /// Acquisition cost of zero: nothing to return the lifetime value on (LTV:CAC).
    NoAcquisitionCost,
    /// No account churned, so a lifetime is unbounded (CLV).
    NoChurn,
    /// The supplier did not give the input this metric needs.
    NotGiven,
    /// Revenue of the period is zero (margins).
    NoRevenue,
    /// FTE count is zero (revenue per FTE).
    NoFte,
    /// Net burn is zero or negative: cash is not running out (runway).
    NotBurning,
    /// No account was retained through the period (retention cost).
    NoRetainedAccounts,
    /// No renewal fell due in the period (renewal rate).
    NoRenewalsDue,
    /// No trial started in the period (free-trial conversion).
    NoTrials,
    /// No signup in the period (conversion, activation, time to value).
    NoSignups,
    /// No signup of the period reached first value yet (time to value).
    NoFirstValue,
    /// No support case in the period (first-contact resolution).
    NoCases,
    /// No active user in the period (stickiness, adoption, time in app).
    NoActiveUsers,
    /// No session in the period (session length).
    NoSessions,
    /// The first period has no previous one (change, derived burn).
    NoPreviousPeriod,
    /// Fewer than two complete pairs (correlation).
    NotEnoughPairs,
    /// One of the two variables is constant (correlation).
    NoVariance,
    /// No survey response (CSAT, NPS).
    NoResponses,
    /// No account in the group (results vs revenue comparison).
    NoAccountsInGroup,
    /// No role instance to measure (a customer-results share of 0).
    NoInstances,
    /// None of the health-score inputs has a value for the account.
    NoHealthInputs,
}

/// A metric value: `{ value: number, reason: null }` or
/// `{ value: null, reason: "NO_STARTING_MRR" }`.
///
/// ```
/// use clg_metrics::company::value::{Metric, Reason};
/// assert_eq!(Metric::ratio(3.0, 4.0, Reason::NoStartingMrr).value, Some(0.75));
/// let none = Metric::ratio(3.0, 0.0, Reason::NoStartingMrr);
/// assert_eq!((none.value, none.reason), (None, Some(Reason::NoStartingMrr)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metric {
    /// The value, `None` (JS `null`) when not available.
    pub value: Option<f64>,
    /// Why the value is not available; `None` (JS `null`) when it is.
    pub reason: Option<Reason>,
}

impl Metric {
    /// A value; a non-finite one (only reachable through overflow of huge
    /// inputs) becomes "not available" with `reason_if_not_finite`.
    pub fn of(value: f64, reason_if_not_finite: Reason) -> Metric {
        if value.is_finite() {
            Metric {
                // `+ 0.0`: never -0 (`Intl` prints it as "-0").
                value: Some(value + 0.0),
                reason: None,
            }
        } else {
            Metric::none(reason_if_not_finite)
        }
    }

    /// Not available, because of `reason`.
    pub const fn none(reason: Reason) -> Metric {
        Metric {
            value: None,
            reason: Some(reason),
        }
    }

    /// `numerator / denominator`, not available with `reason` when the
    /// denominator is zero.
    pub fn ratio(numerator: f64, denominator: f64, reason: Reason) -> Metric {
        if denominator == 0.0 {
            Metric::none(reason)
        } else {
            Metric::of(numerator / denominator, reason)
        }
    }

    /// `numerator / denominator x 100`, not available when the denominator
    /// is zero.
    ///
    /// ```
    /// use clg_metrics::company::value::{Metric, Reason};
    /// // CSAT: 80 satisfied answers of 100 = 80 %.
    /// assert_eq!(Metric::percent(80.0, 100.0, Reason::NoResponses).value, Some(80.0));
    /// // The whole: 100 % exactly, whatever the amount (0.007 x 100 / 0.007 is 100.00000000000001).
    /// assert_eq!(Metric::percent(0.007, 0.007, Reason::NoResponses).value, Some(100.0));
    /// assert_eq!(Metric::percent(663.6680085576776, 663.6680085576776, Reason::NoResponses).value, Some(100.0));
    /// ```
    pub fn percent(numerator: f64, denominator: f64, reason: Reason) -> Metric {
        let percent = Metric::ratio(numerator * 100.0, denominator, reason);
        // `x * 100 / x` may round to 100.00000000000001: a part of a positive whole is at most
        // 100 %, the whole exactly 100 % and more than it at least 100 %.
        match percent.value {
            Some(p)
                if denominator > 0.0
                    && (numerator == denominator || (p > 100.0) != (numerator > denominator)) =>
            {
                Metric::of(100.0, reason)
            }
            _ => percent,
        }
    }

    /// Applies `f` to an available value; keeps the reason otherwise.
    pub fn map(self, f: impl FnOnce(f64) -> f64) -> Metric {
        match self.value {
            Some(v) => Metric::of(f(v), self.reason.unwrap_or(Reason::NotGiven)),
            None => self,
        }
    }

    /// Combines two available values with `f`; the first missing reason
    /// wins otherwise.
    pub fn zip(self, other: Metric, f: impl FnOnce(f64, f64) -> Metric) -> Metric {
        match (self.value, other.value) {
            (Some(a), Some(b)) => f(a, b),
            (None, _) => self,
            (_, None) => other,
        }
    }

    /// An optional input: available when given.
    pub fn given(value: Option<f64>) -> Metric {
        value.map_or(Metric::none(Reason::NotGiven), |v| {
            Metric::of(v, Reason::NotGiven)
        })
    }
}
