//! Company KPIs and the customer-led-growth scorecard.
//!
//! The host app supplies per-account, per-period revenue (MRR with its
//! movements, given or derived from snapshots), dates, support, usage and
//! finance ([`data`]). From it come the revenue ([`revenue`]), financial
//! ([`finance`]), funnel ([`funnel`]) and engagement ([`engagement`])
//! metrics of each period, retention by signup cohort ([`cohort`]), the
//! customer health score ([`health`]), advocate candidates
//! ([`advocates`]), the link between customer results and revenue
//! ([`link`]) and the scorecard ([`scorecard`]). A metric that cannot be
//! computed (a division by zero, an empty period) is a
//! [`value::Metric`] without a value and with a reason, never NaN.
//!
//! ```
//! use clg_metrics::company::data::CompanyData;
//! // Opening MRR then two months, for three accounts (account-major).
//! let data = CompanyData::from_snapshots(vec![
//!     100.0, 100.0, 120.0,
//!     200.0, 150.0, 150.0,
//!     50.0, 0.0, 0.0,
//! ], 3).unwrap();
//! let month1 = data.revenue(0).unwrap();
//! assert_eq!(month1.nrr.value, Some(250.0 / 350.0 * 100.0));
//! assert_eq!(month1.logo_churn.value, Some(100.0 / 3.0));
//! ```

pub mod advocates;
mod check;
pub mod cohort;
pub mod correlation;
pub mod data;
pub mod date;
pub mod engagement;
pub mod finance;
pub mod funnel;
pub mod health;
mod lanes;
pub mod link;
pub mod parse;
pub mod revenue;
pub mod scorecard;
pub mod value;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::error::Error;
use data::CompanyData;

/// Every metric of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodMetrics {
    /// The period's index, 0 for the first.
    pub period: usize,
    /// Revenue metrics.
    pub revenue: revenue::RevenueMetrics,
    /// Financial KPIs.
    pub finance: finance::FinanceMetrics,
    /// Onboarding and conversion.
    pub funnel: funnel::FunnelMetrics,
    /// Support.
    pub support: engagement::SupportMetrics,
    /// Usage.
    pub usage: engagement::UsageMetrics,
    /// Advocacy.
    pub advocacy: engagement::AdvocacyMetrics,
}

impl CompanyData {
    /// Every metric of period `t`.
    pub fn period_metrics(&self, t: usize) -> Result<PeriodMetrics, Error> {
        self.period_metrics_with(t, self.revenue(t)?)
    }

    fn period_metrics_with(
        &self,
        t: usize,
        revenue: revenue::RevenueMetrics,
    ) -> Result<PeriodMetrics, Error> {
        Ok(PeriodMetrics {
            period: t,
            finance: self.finance(t, &revenue)?,
            advocacy: self.advocacy(t, &revenue)?,
            revenue,
            funnel: self.funnel(t)?,
            support: self.support(t)?,
            usage: self.usage(t)?,
        })
    }

    /// Every metric of every period, oldest first.
    pub fn metrics(&self) -> Vec<PeriodMetrics> {
        let revenue = self.revenue_all();
        revenue
            .into_iter()
            .enumerate()
            .filter_map(|(t, r)| self.period_metrics_with(t, r).ok())
            .collect()
    }
}
