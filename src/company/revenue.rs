//! Recurring-revenue metrics of one period, from the MRR snapshots at its
//! start (`S`, end of the previous period) and end (`E`) and the movements
//! in between. Rates are percentages.

use serde::Serialize;

use super::data::{CompanyData, Kind, Movements};
use super::value::{Metric, Reason};
use crate::error::{msg, Error, ErrorCode};

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
    /// New logos: accounts paying for the first time at the end of the
    /// period (no MRR above 0 at the opening or the end of an earlier
    /// period), from the MRR history whatever the movements' labels; CAC's
    /// denominator. A reactivated account is not a new logo.
    pub new_logos: usize,
    /// Sum of new MRR.
    pub new_mrr: f64,
    /// Sum of upsell MRR (higher tier).
    pub upsell_mrr: f64,
    /// Sum of cross-sell MRR (new product or module).
    pub cross_sell_mrr: f64,
    /// Sum of seat or usage expansion MRR.
    pub seats_mrr: f64,
    /// Expansion revenue = upsell + cross-sell + seats of the accounts
    /// paying at the start (an account new or reactivated in the period
    /// has its whole ending MRR counted as new or reactivation MRR).
    pub expansion_mrr: f64,
    /// Sum of contraction MRR.
    pub contraction_mrr: f64,
    /// Sum of churned MRR.
    pub churned_mrr: f64,
    /// Sum of reactivation MRR.
    pub reactivation_mrr: f64,
    /// ARPA = MRR / paying accounts at the end (`NO_ACCOUNTS`).
    pub arpa: Metric,
    /// ARPU = MRR / seats of the paying accounts at the end (`NO_SEATS`;
    /// `NOT_GIVEN` when some of them give seats and others do not).
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
    /// Expansion rate = expansion MRR / S_mrr x 100 (`NO_STARTING_MRR`).
    pub expansion_rate: Metric,
    /// Repeat-purchase rate = accounts paying at the end that bought
    /// before this period (renewed, kept paying or came back) / accounts
    /// paying at the end x 100 (`NO_ACCOUNTS`).
    pub repeat_purchase_rate: Metric,
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
        let mut sums = Sums::default();
        for a in 0..self.accounts.len() {
            self.accumulate(&mut sums, a, t);
        }
        Ok(sums.finish())
    }

    /// Revenue metrics of every period, in one pass over the accounts
    /// (each account's row is read once, which keeps large data in cache).
    pub fn revenue_all(&self) -> Vec<RevenueMetrics> {
        let p = self.periods;
        let mut sums = vec![Sums::default(); p];
        if self.first_paid.is_empty() {
            for a in 0..self.accounts.len() {
                for (t, period) in sums.iter_mut().enumerate() {
                    self.accumulate(period, a, t);
                }
            }
        } else {
            // Snapshot data (no seats, no renewals): each account's row and
            // first paying snapshot, read once; index loops (iterator
            // adapters stay calls at opt-level "z").
            let mut a = 0;
            while let (Some(row), Some(&first)) = (
                self.mrr.get(a * (p + 1)..(a + 1) * (p + 1)),
                self.first_paid.get(a),
            ) {
                let mut t = 0;
                while let (Some(&[start, end]), Some(period)) = (row.get(t..t + 2), sums.get_mut(t))
                {
                    period.add_snapshots(start, end, first as usize <= t);
                    t += 1;
                }
                a += 1;
            }
        }
        sums.into_iter().map(Sums::finish).collect()
    }

    /// Adds account `a` in period `t` to `sums`.
    #[inline(always)]
    fn accumulate(&self, sums: &mut Sums, a: usize, t: usize) {
        let p = self.periods;
        let at = a * (p + 1) + t;
        let (start, end) = match self.mrr.get(at..at + 2) {
            Some(&[start, end]) => (start, end),
            _ => (0.0, 0.0),
        };
        if let Some(&first) = self.first_paid.get(a) {
            // Snapshot data: no seats or renewals.
            sums.add_snapshots(start, end, first as usize <= t);
            return;
        }
        let (was, is) = (start > 0.0, end > 0.0);
        sums.add_accounts(start, end);
        let m = self.movements.get(a * p + t).copied().unwrap_or_default();
        if was {
            let (expanded, upsold) = sums.add_movements(&m);
            sums.expanded += usize::from(expanded);
            sums.upsold += usize::from(upsold);
            if self.renewal_due.get(a * p + t) == Some(&true) {
                sums.due += 1;
                sums.renewed += usize::from(is);
            }
        } else {
            // New or reactivated in the period: its movements are not
            // expansion (nor contraction or churn of the starting MRR).
            sums.add_entry(&m, end);
        }
        if is {
            match self.seats.get(a * p + t) {
                Some(&seats) if !seats.is_nan() => sums.seats += seats,
                _ => sums.unseated += 1,
            }
        }
    }

    /// An error unless `t` is a period index.
    pub(crate) fn check_period(&self, t: usize) -> Result<(), Error> {
        if t < self.periods {
            Ok(())
        } else {
            Err(Error::new(
                ErrorCode::ValueOutOfRange,
                "period",
                msg!(
                    "must be a period index from 0 to ",
                    self.periods.saturating_sub(1),
                    ", got ",
                    t
                ),
            ))
        }
    }
}

/// Running sums of one period's revenue.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    starting_mrr: f64,
    mrr: f64,
    starting_accounts: usize,
    accounts: usize,
    new_accounts: usize,
    lost_accounts: usize,
    /// First-time paying accounts (paying at the end, not before; movements
    /// cannot take an account that did not pay at the start back to 0).
    new_logos: usize,
    new_mrr: f64,
    upsell_mrr: f64,
    cross_sell_mrr: f64,
    seats_mrr: f64,
    contraction_mrr: f64,
    churned_mrr: f64,
    reactivation_mrr: f64,
    expanded: usize,
    upsold: usize,
    due: usize,
    renewed: usize,
    /// Seats of the paying accounts that give them.
    seats: f64,
    /// Paying accounts that give no seats.
    unseated: usize,
}

impl Sums {
    /// Adds an account's MRR at the start and end of the period.
    #[inline(always)]
    fn add_accounts(&mut self, start: f64, end: f64) {
        let (was, is) = (start > 0.0, end > 0.0);
        self.starting_mrr += start;
        self.mrr += end;
        self.starting_accounts += usize::from(was);
        self.accounts += usize::from(is);
        self.new_accounts += usize::from(!was && is);
        self.lost_accounts += usize::from(was && !is);
    }

    /// Adds an account of snapshot data from `start` to `end` MRR, whose
    /// movement is derived (`paid_before`: it paid at an earlier snapshot).
    /// One amount, by kind: every amount is positive, so leaving the other
    /// sums alone is adding their zeros.
    #[inline(always)]
    fn add_snapshots(&mut self, start: f64, end: f64, paid_before: bool) {
        if start == end {
            // Unchanged, the common case: no movement to classify.
            let paying = usize::from(start > 0.0);
            (self.starting_mrr, self.mrr) = (self.starting_mrr + start, self.mrr + end);
            (self.starting_accounts, self.accounts) =
                (self.starting_accounts + paying, self.accounts + paying);
            return;
        }
        self.add_accounts(start, end);
        let kind = Kind::classify(start, end, paid_before, false, false);
        let (expanded, upsold) = self.add_kind(kind, start, end);
        if start > 0.0 {
            self.expanded += usize::from(expanded);
            self.upsold += usize::from(upsold);
        }
    }

    /// Adds the movements of an account not paying at the start, ending at
    /// `end` MRR: all of it is new MRR of a new logo (reactivation MRR if it
    /// is a reactivation). Given movements of such an account are
    /// relabelled by its MRR history when the data is built
    /// ([`CompanyData::new`]), so `new` means first-time paying here.
    #[inline(always)]
    fn add_entry(&mut self, m: &Movements, end: f64) {
        let new = m.new > 0.0;
        self.new_logos += usize::from(new);
        if !new && m.reactivation > 0.0 {
            self.reactivation_mrr += end;
        } else {
            self.new_mrr += end;
        }
    }

    /// Adds the given movements of an account paying at the start (no new
    /// logo, whatever its labels); whether they expand and upsell.
    #[inline(always)]
    fn add_movements(&mut self, m: &Movements) -> (bool, bool) {
        self.new_mrr += m.new;
        self.upsell_mrr += m.upsell;
        self.cross_sell_mrr += m.cross_sell;
        self.seats_mrr += m.seats;
        self.contraction_mrr += m.contraction;
        self.churned_mrr += m.churn;
        self.reactivation_mrr += m.reactivation;
        (m.expansion() > 0.0, m.upsell > 0.0)
    }

    /// Adds the movement of a derived `kind` from `start` to `end` MRR (the
    /// amounts of [`Movements::of_kind`]); whether it expands and upsells.
    #[inline(always)]
    fn add_kind(&mut self, kind: Kind, start: f64, end: f64) -> (bool, bool) {
        match kind {
            Kind::None => {}
            Kind::New => {
                self.new_logos += 1;
                self.new_mrr += end;
            }
            Kind::Reactivation => self.reactivation_mrr += end,
            Kind::Churn => self.churned_mrr += start,
            Kind::Contraction => self.contraction_mrr += start - end,
            Kind::Upsell => self.upsell_mrr += end - start,
            Kind::Seats => self.seats_mrr += end - start,
            Kind::CrossSell => self.cross_sell_mrr += end - start,
        }
        let expanded = matches!(kind, Kind::Upsell | Kind::Seats | Kind::CrossSell);
        (expanded, kind == Kind::Upsell)
    }

    fn finish(self) -> RevenueMetrics {
        let expansion_mrr = self.upsell_mrr + self.cross_sell_mrr + self.seats_mrr;
        let lost_mrr = self.contraction_mrr + self.churned_mrr;
        let net_new = self.new_mrr + expansion_mrr + self.reactivation_mrr - lost_mrr;
        let (s_mrr, s) = (self.starting_mrr, self.starting_accounts as f64);
        RevenueMetrics {
            starting_mrr: s_mrr,
            mrr: self.mrr,
            arr: 12.0 * self.mrr,
            net_new_arr: 12.0 * net_new,
            starting_accounts: self.starting_accounts,
            accounts: self.accounts,
            new_accounts: self.new_accounts,
            lost_accounts: self.lost_accounts,
            new_logos: self.new_logos,
            new_mrr: self.new_mrr,
            upsell_mrr: self.upsell_mrr,
            cross_sell_mrr: self.cross_sell_mrr,
            seats_mrr: self.seats_mrr,
            expansion_mrr,
            contraction_mrr: self.contraction_mrr,
            churned_mrr: self.churned_mrr,
            reactivation_mrr: self.reactivation_mrr,
            arpa: Metric::ratio(self.mrr, self.accounts as f64, Reason::NoAccounts),
            // Seats of some paying accounts only: their sum is not all seats.
            arpu: if self.unseated > 0 && self.unseated < self.accounts {
                Metric::none(Reason::NotGiven)
            } else {
                Metric::ratio(self.mrr, self.seats, Reason::NoSeats)
            },
            nrr: Metric::percent(
                s_mrr + expansion_mrr - lost_mrr,
                s_mrr,
                Reason::NoStartingMrr,
            ),
            grr: Metric::percent(s_mrr - lost_mrr, s_mrr, Reason::NoStartingMrr),
            revenue_churn: Metric::percent(lost_mrr, s_mrr, Reason::NoStartingMrr),
            logo_churn: Metric::percent(self.lost_accounts as f64, s, Reason::NoStartingAccounts),
            crr: Metric::percent(
                self.accounts as f64 - self.new_accounts as f64,
                s,
                Reason::NoStartingAccounts,
            ),
            expansion_rate: Metric::percent(expansion_mrr, s_mrr, Reason::NoStartingMrr),
            repeat_purchase_rate: Metric::percent(
                (self.accounts - self.new_logos) as f64,
                self.accounts as f64,
                Reason::NoAccounts,
            ),
            accounts_expanded: Metric::percent(self.expanded as f64, s, Reason::NoStartingAccounts),
            upsell_rate: Metric::percent(self.upsold as f64, s, Reason::NoStartingAccounts),
            renewal_rate: Metric::percent(
                self.renewed as f64,
                self.due as f64,
                Reason::NoRenewalsDue,
            ),
        }
    }
}
