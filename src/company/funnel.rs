//! Onboarding and conversion metrics of a period, by the cohort of accounts
//! that signed up (or started a trial) in it: free-trial conversion,
//! overall conversion, activation and time to first value.

use serde::Serialize;

use super::data::CompanyData;
use super::value::{Metric, Reason};
use crate::error::Error;

/// Upper bounds (days, exclusive) of the time-to-value buckets; the last
/// bucket is open-ended.
pub const TIME_TO_VALUE_BUCKETS: [f64; 6] = [1.0, 7.0, 14.0, 30.0, 60.0, 90.0];

/// Time to first value of a signup cohort, in days.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeToValue {
    /// Signups that reached first value.
    pub n: usize,
    /// Median days from signup to first value (`NO_FIRST_VALUE`).
    pub median: Metric,
    /// 25th percentile (linear interpolation between order statistics).
    pub p25: Metric,
    /// 75th percentile.
    pub p75: Metric,
    /// 90th percentile.
    pub p90: Metric,
    /// Counts per bucket: < 1 day, 1-7, 7-14, 14-30, 30-60, 60-90, >= 90.
    pub buckets: [usize; 7],
}

/// Funnel metrics of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunnelMetrics {
    /// Accounts whose trial started in the period.
    pub trials: usize,
    /// Free-trial conversion = those trials converted to paid / trials x 100
    /// (`NO_TRIALS`; else `NOT_GIVEN` when no account of the data has a
    /// `convertedDate`).
    pub trial_conversion: Metric,
    /// Accounts that signed up in the period.
    pub signups: usize,
    /// Conversion = signups of the period that converted to paid (have a
    /// `convertedDate`) / signups x 100 (`NO_SIGNUPS`; else `NOT_GIVEN`
    /// when no account of the data has a `convertedDate`).
    pub conversion: Metric,
    /// Activation rate = signups of the period activated / signups x 100
    /// (`NO_SIGNUPS`; else `NOT_GIVEN` when no account of the data has an
    /// `activationDate`).
    pub activation: Metric,
    /// Time to first value of the period's signups.
    pub time_to_value: TimeToValue,
}

impl CompanyData {
    /// Funnel metrics of period `t`. Conversions count up to the data's
    /// last day: a cohort's rate can still rise while its trials run. A
    /// period with trials (signups) whose date no account of the data
    /// gives has the rate `NOT_GIVEN`, never 0: data without
    /// `activationDate`s does not track activation.
    ///
    /// ```
    /// use clg_metrics::company::data::{AccountInput, CompanyData, CompanyInput, PeriodInput};
    /// // The seed's example: 30 of 100 trial users convert = 30 %.
    /// let accounts = (0..100).map(|i| AccountInput {
    ///     id: i.to_string(),
    ///     trial_start_date: Some("2026-01-05".into()),
    ///     converted_date: (i < 30).then(|| "2026-01-20".into()),
    ///     mrr: vec![0.0],
    ///     ..Default::default()
    /// }).collect();
    /// let period = PeriodInput { start: "2026-01-01".into(), end: "2026-02-01".into() };
    /// let data = CompanyData::new(&CompanyInput { periods: vec![period], accounts, finance: vec![] }).unwrap();
    /// assert_eq!(data.funnel(0).unwrap().trial_conversion.value, Some(30.0));
    /// ```
    pub fn funnel(&self, t: usize) -> Result<FunnelMetrics, Error> {
        self.check_period(t)?;
        let (mut trials, mut trials_converted, mut signups, mut converted, mut activated) =
            (0usize, 0usize, 0usize, 0usize, 0usize);
        let mut days = Vec::new();
        let converted_given = self.accounts.iter().any(|a| a.converted.is_some());
        let activated_given = self.accounts.iter().any(|a| a.activated.is_some());
        let given = |rate: Metric, given: bool| {
            if given || rate.value.is_none() {
                rate
            } else {
                Metric::none(Reason::NotGiven)
            }
        };
        // Snapshot data has no dates: no account can fall in a period.
        let dated = if self.bounds.is_empty() {
            &[][..]
        } else {
            &self.accounts[..]
        };
        for account in dated {
            if account.trial_start.and_then(|d| self.period_of(d)) == Some(t) {
                trials += 1;
                trials_converted += usize::from(account.converted.is_some());
            }
            let Some(signup) = account.signup.filter(|&d| self.period_of(d) == Some(t)) else {
                continue;
            };
            signups += 1;
            converted += usize::from(account.converted.is_some());
            activated += usize::from(account.activated.is_some());
            if let Some(value) = account.first_value {
                days.push(f64::from(value - signup));
            }
        }
        days.sort_unstable_by(f64::total_cmp);
        let mut buckets = [0usize; 7];
        for &d in &days {
            let bucket = TIME_TO_VALUE_BUCKETS
                .iter()
                .position(|&upper| d < upper)
                .unwrap_or(TIME_TO_VALUE_BUCKETS.len());
            buckets[bucket] += 1;
        }
        let q = |p: f64| {
            quantile(&days, p).map_or(Metric::none(Reason::NoFirstValue), |v| {
                Metric::of(v, Reason::NoFirstValue)
            })
        };
        Ok(FunnelMetrics {
            trials,
            trial_conversion: given(
                Metric::percent(trials_converted as f64, trials as f64, Reason::NoTrials),
                converted_given,
            ),
            signups,
            conversion: given(
                Metric::percent(converted as f64, signups as f64, Reason::NoSignups),
                converted_given,
            ),
            activation: given(
                Metric::percent(activated as f64, signups as f64, Reason::NoSignups),
                activated_given,
            ),
            time_to_value: TimeToValue {
                n: days.len(),
                median: q(0.5),
                p25: q(0.25),
                p75: q(0.75),
                p90: q(0.9),
                buckets,
            },
        })
    }
}

/// The `p` quantile of sorted values with linear interpolation between
/// order statistics (Hyndman & Fan type 7, numpy's default); `None` when
/// empty.
pub(crate) fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = p * last as f64;
    let below = h.floor() as usize;
    let low = *sorted.get(below)?;
    let high = sorted.get(below + 1).copied().unwrap_or(low);
    Some(low + (h - below as f64) * (high - low))
}
