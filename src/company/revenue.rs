//! Recurring-revenue metrics of one period, from the MRR snapshots at its
//! start (`S`, end of the previous period) and end (`E`) and the movements
//! in between. Rates are percentages.

use serde::Serialize;

use super::data::{CompanyData, Movements};
use super::value::{Metric, Reason};
use crate::error::{Error, ErrorCode};

/// Revenue metrics of one period. Money is in the supplier's currency per
/// month (MRR) or per year (ARR).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevenueMetrics {
    /// MRR at the start: sum of every account's MRR at the previous period's end.
    pub starting_mrr: f64,
    /// MRR = sum of the paying accounts' MRR at the end (= ARPA x paying accounts).
    pub mrr: f64,
    /// ARR = 12 x MRR.
    pub arr: f64,
    /// Net new ARR = 12 x (new + expansion + reactivation - contraction - churn).
    pub net_new_arr: f64,
    /// Accounts paying at the start (`S`).
    pub starting_accounts: usize,
    /// Accounts paying at the end (`E`).
    pub accounts: usize,
    /// Accounts paying at the end that did not at the start (`N`: new and reactivated).
    pub new_accounts: usize,
    /// Accounts paying at the start that do not at the end.
    pub lost_accounts: usize,
    /// Sum of new MRR.
    pub new_mrr: f64,
    /// Sum of upsell MRR (higher tier).
    pub upsell_mrr: f64,
    /// Sum of cross-sell MRR (new product or module).
    pub cross_sell_mrr: f64,
    /// Sum of seat or usage expansion MRR.
    pub seats_mrr: f64,
    /// Expansion revenue = upsell + cross-sell + seats.
    pub expansion_mrr: f64,
    /// Sum of contraction MRR.
    pub contraction_mrr: f64,
    /// Sum of churned MRR.
    pub churned_mrr: f64,
    /// Sum of reactivation MRR.
    pub reactivation_mrr: f64,
    /// ARPA = MRR / paying accounts at the end (`NO_ACCOUNTS`).
    pub arpa: Metric,
    /// ARPU = MRR / seats of the paying accounts at the end (`NO_SEATS`).
    pub arpu: Metric,
    /// NRR = (S_mrr + expansion - contraction - churn) / S_mrr x 100 (`NO_STARTING_MRR`).
    pub nrr: Metric,
    /// GRR = (S_mrr - contraction - churn) / S_mrr x 100, never above 100 (`NO_STARTING_MRR`).
    pub grr: Metric,
    /// Revenue churn = (contraction + churn) / S_mrr x 100 = 100 - GRR.
    pub revenue_churn: Metric,
    /// Logo churn = accounts lost / accounts at the start x 100 (`NO_STARTING_ACCOUNTS`).
    pub logo_churn: Metric,
    /// Customer retention rate CRR = (E - N) / S x 100 = 100 - logo churn.
    pub crr: Metric,
    /// % of accounts expanded = starting accounts with expansion / S x 100.
    pub accounts_expanded: Metric,
    /// Upsell rate = starting accounts with upsell / S x 100.
    pub upsell_rate: Metric,
    /// Renewal rate = accounts due for renewal still paying at the end /
    /// accounts due (paying at the start) x 100 (`NO_RENEWALS_DUE`).
    pub renewal_rate: Metric,
}

impl CompanyData {
    /// Revenue metrics of period `t` (0-based).
    ///
    /// ```
    /// use clg_metrics::company::data::CompanyData;
    /// // Opening MRR 100 and 200; month 1: 120 (expansion) and 0 (churn).
    /// let data = CompanyData::from_snapshots(vec![100.0, 120.0, 200.0, 0.0], 2).unwrap();
    /// let r = data.revenue(0).unwrap();
    /// assert_eq!(r.nrr.value, Some(40.0));  // (300 + 20 - 200) / 300
    /// assert_eq!(r.grr.value, Some(100.0 / 3.0));
    /// assert_eq!(r.logo_churn.value, Some(50.0));
    /// ```
    pub fn revenue(&self, t: usize) -> Result<RevenueMetrics, Error> {
        self.check_period(t)?;
        let p = self.periods;
        let mut r = RevenueMetrics {
            starting_mrr: 0.0,
            mrr: 0.0,
            arr: 0.0,
            net_new_arr: 0.0,
            starting_accounts: 0,
            accounts: 0,
            new_accounts: 0,
            lost_accounts: 0,
            new_mrr: 0.0,
            upsell_mrr: 0.0,
            cross_sell_mrr: 0.0,
            seats_mrr: 0.0,
            expansion_mrr: 0.0,
            contraction_mrr: 0.0,
            churned_mrr: 0.0,
            reactivation_mrr: 0.0,
            arpa: Metric::none(Reason::NoAccounts),
            arpu: Metric::none(Reason::NoSeats),
            nrr: Metric::none(Reason::NoStartingMrr),
            grr: Metric::none(Reason::NoStartingMrr),
            revenue_churn: Metric::none(Reason::NoStartingMrr),
            logo_churn: Metric::none(Reason::NoStartingAccounts),
            crr: Metric::none(Reason::NoStartingAccounts),
            accounts_expanded: Metric::none(Reason::NoStartingAccounts),
            upsell_rate: Metric::none(Reason::NoStartingAccounts),
            renewal_rate: Metric::none(Reason::NoRenewalsDue),
        };
        let (mut expanded, mut upsold, mut due, mut renewed, mut seats) = (0usize, 0usize, 0usize, 0usize, 0.0);
        let stride = p + 1;
        let no_move = Movements::default();
        for a in 0..self.accounts.len() {
            let start = self.mrr.get(a * stride + t).copied().unwrap_or(0.0);
            let end = self.mrr.get(a * stride + t + 1).copied().unwrap_or(0.0);
            let movement = self.movements.get(a * p + t).unwrap_or(&no_move);
            r.starting_mrr += start;
            r.mrr += end;
            let (was, is) = (start > 0.0, end > 0.0);
            r.starting_accounts += usize::from(was);
            r.accounts += usize::from(is);
            r.new_accounts += usize::from(!was && is);
            r.lost_accounts += usize::from(was && !is);
            r.new_mrr += movement.new;
            r.upsell_mrr += movement.upsell;
            r.cross_sell_mrr += movement.cross_sell;
            r.seats_mrr += movement.seats;
            r.contraction_mrr += movement.contraction;
            r.churned_mrr += movement.churn;
            r.reactivation_mrr += movement.reactivation;
            if was {
                expanded += usize::from(movement.expansion() > 0.0);
                upsold += usize::from(movement.upsell > 0.0);
                if self.renewal_due.get(a * p + t) == Some(&true) {
                    due += 1;
                    renewed += usize::from(is);
                }
            }
            if is {
                seats += self.seats.get(a * p + t).copied().unwrap_or(0.0);
            }
        }
        r.expansion_mrr = r.upsell_mrr + r.cross_sell_mrr + r.seats_mrr;
        r.arr = 12.0 * r.mrr;
        let net_new = r.new_mrr + r.expansion_mrr + r.reactivation_mrr - r.contraction_mrr - r.churned_mrr;
        r.net_new_arr = 12.0 * net_new;
        let (s_mrr, s) = (r.starting_mrr, r.starting_accounts as f64);
        let lost_mrr = r.contraction_mrr + r.churned_mrr;
        r.arpa = Metric::ratio(r.mrr, r.accounts as f64, Reason::NoAccounts);
        r.arpu = Metric::ratio(r.mrr, seats, Reason::NoSeats);
        r.nrr = Metric::percent(s_mrr + r.expansion_mrr - lost_mrr, s_mrr, Reason::NoStartingMrr);
        r.grr = Metric::percent(s_mrr - lost_mrr, s_mrr, Reason::NoStartingMrr);
        r.revenue_churn = Metric::percent(lost_mrr, s_mrr, Reason::NoStartingMrr);
        r.logo_churn = Metric::percent(r.lost_accounts as f64, s, Reason::NoStartingAccounts);
        r.crr = Metric::percent(r.accounts as f64 - r.new_accounts as f64, s, Reason::NoStartingAccounts);
        r.accounts_expanded = Metric::percent(expanded as f64, s, Reason::NoStartingAccounts);
        r.upsell_rate = Metric::percent(upsold as f64, s, Reason::NoStartingAccounts);
        r.renewal_rate = Metric::percent(renewed as f64, due as f64, Reason::NoRenewalsDue);
        Ok(r)
    }

    /// An error unless `t` is a period index.
    pub(crate) fn check_period(&self, t: usize) -> Result<(), Error> {
        if t < self.periods {
            Ok(())
        } else {
            Err(Error::new(
                ErrorCode::ValueOutOfRange,
                "period",
                format_args!("must be a period index from 0 to {}, got {t}", self.periods.saturating_sub(1)),
            ))
        }
    }
}
