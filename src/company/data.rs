//! The validated company data: periods, accounts with their MRR snapshots
//! and movements, support, usage and finance. Built once from
//! [`CompanyInput`] (records, movements given or derived) or from an MRR
//! matrix ([`CompanyData::from_snapshots`]); every metric is read from it.

use std::collections::BTreeMap;

use super::check::{amount, at_most, length, non_empty, signed_amount, Ids, MAX_AMOUNT};
use super::date::{parse_day, Day};
use crate::error::{element, msg, Error, ErrorCode, Num};

/// One reporting period, `start` inclusive to `end` exclusive, both
/// `YYYY-MM-DD`. Periods are contiguous: each starts where the previous ends.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodInput {
    /// First day of the period.
    pub start: String,
    /// First day after the period.
    pub end: String,
}

/// How an account's MRR changed during one period. All amounts are `>= 0`;
/// `previous + new + upsell + cross_sell + seats + reactivation -
/// contraction - churn` must equal the period's ending MRR.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Movements {
    /// MRR of a first-time paying account.
    pub new: f64,
    /// Expansion from moving to a higher tier.
    pub upsell: f64,
    /// Expansion from a new product or module.
    pub cross_sell: f64,
    /// Expansion from more seats or usage.
    pub seats: f64,
    /// MRR lost by an account that still pays.
    pub contraction: f64,
    /// MRR lost by an account that stopped paying.
    pub churn: f64,
    /// MRR of an account that paid before, stopped, and pays again.
    pub reactivation: f64,
}

impl Movements {
    /// Upsell + cross-sell + seats.
    pub fn expansion(&self) -> f64 {
        self.upsell + self.cross_sell + self.seats
    }

    /// The movements of one account from `previous` to `current` MRR
    /// snapshots: from zero is new (or reactivation if the account paid
    /// before), to zero is churn, down is contraction, and up is expansion
    /// classified as upsell if the plan changed, else seats if the seat
    /// count grew, else cross-sell.
    ///
    /// ```
    /// use clg_metrics::company::data::Movements;
    /// let m = Movements::derive(100.0, 130.0, false, true, false);
    /// assert_eq!((m.upsell, m.expansion()), (30.0, 30.0));
    /// assert_eq!(Movements::derive(100.0, 0.0, false, false, false).churn, 100.0);
    /// assert_eq!(Movements::derive(0.0, 50.0, true, false, false).reactivation, 50.0);
    /// ```
    pub fn derive(
        previous: f64,
        current: f64,
        paid_before: bool,
        plan_changed: bool,
        seats_grew: bool,
    ) -> Movements {
        Movements::of_kind(
            Kind::classify(previous, current, paid_before, plan_changed, seats_grew),
            previous,
            current,
        )
    }

    /// The movements of a classified change from `previous` to `current`.
    #[inline]
    pub(crate) fn of_kind(kind: Kind, previous: f64, current: f64) -> Movements {
        let mut m = Movements::default();
        match kind {
            Kind::None => {}
            Kind::New => m.new = current,
            Kind::Reactivation => m.reactivation = current,
            Kind::Churn => m.churn = previous,
            Kind::Contraction => m.contraction = previous - current,
            Kind::Upsell => m.upsell = current - previous,
            Kind::Seats => m.seats = current - previous,
            Kind::CrossSell => m.cross_sell = current - previous,
        }
        m
    }
}

/// What a derived movement is; with the two snapshots it gives the
/// amounts, so snapshot data keeps one byte per account and period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Kind {
    #[default]
    None,
    New,
    Reactivation,
    Churn,
    Contraction,
    Upsell,
    Seats,
    CrossSell,
}

impl Kind {
    #[inline(always)]
    pub(crate) fn classify(
        previous: f64,
        current: f64,
        paid_before: bool,
        plan_changed: bool,
        seats_grew: bool,
    ) -> Kind {
        if previous == 0.0 {
            match (current > 0.0, paid_before) {
                (false, _) => Kind::None,
                (true, true) => Kind::Reactivation,
                (true, false) => Kind::New,
            }
        } else if current == 0.0 {
            Kind::Churn
        } else if current < previous {
            Kind::Contraction
        } else if current == previous {
            Kind::None
        } else if plan_changed {
            Kind::Upsell
        } else if seats_grew {
            Kind::Seats
        } else {
            Kind::CrossSell
        }
    }
}

/// Support cases of one account in one period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SupportInput {
    /// Cases opened.
    pub cases: f64,
    /// Cases resolved on the first contact (`<= cases`).
    pub resolved_first_contact: f64,
}

/// Product usage of one account in one period. A number that is NaN is
/// not given (left out of the input): the metrics that need it are
/// `NOT_GIVEN` for the period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageInput {
    /// Average daily active users.
    pub dau: f64,
    /// Average weekly active users (`dau <= wau <= mau`).
    pub wau: f64,
    /// Users active at least once in the period.
    pub mau: f64,
    /// Days on which at least one user was active.
    pub active_days: f64,
    /// Sessions.
    pub sessions: f64,
    /// Total minutes of all sessions.
    pub session_minutes: f64,
    /// Active users who used each feature (`<= mau`).
    pub feature_users: Vec<(String, f64)>,
}

/// Advocacy of one account in one period: how many times it did each.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AdvocacyInput {
    /// Referrals made.
    pub referrals: f64,
    /// Reviews written (G2, Capterra, ...).
    pub reviews: f64,
    /// Testimonials given.
    pub testimonials: f64,
    /// Case studies taken part in.
    pub case_studies: f64,
}

impl AdvocacyInput {
    /// Whether the account did any of them.
    pub fn any(&self) -> bool {
        self.referrals + self.reviews + self.testimonials + self.case_studies > 0.0
    }
}

/// Company figures of one period; each is optional.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FinanceInput {
    /// Sales and marketing spent to win new accounts (for CAC).
    pub acquisition_cost: Option<f64>,
    /// Spent to keep existing accounts (CS, support, loyalty).
    pub retention_cost: Option<f64>,
    /// Recognised revenue of the period.
    pub revenue: Option<f64>,
    /// Revenue minus cost of goods sold.
    pub gross_profit: Option<f64>,
    /// Net income; may be negative.
    pub net_income: Option<f64>,
    /// EBITDA as reported; derived when absent (see `interest`).
    pub ebitda: Option<f64>,
    /// Interest expense, taxes, depreciation and amortisation: with
    /// `net_income` they derive EBITDA = net income + interest + taxes +
    /// depreciation and amortisation.
    pub interest: Option<f64>,
    /// Income taxes.
    pub taxes: Option<f64>,
    /// Depreciation and amortisation.
    pub depreciation_amortization: Option<f64>,
    /// Full-time equivalents at the end of the period.
    pub fte: Option<f64>,
    /// Cash at the end of the period.
    pub cash: Option<f64>,
    /// Net cash burned in the period (negative when cash grew). Derived
    /// from consecutive `cash` values when not given.
    pub net_burn: Option<f64>,
}

/// One account: dates and one entry per period in each series.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountInput {
    /// Unique id.
    pub id: String,
    /// Signup date (`YYYY-MM-DD`); sets the cohort.
    pub signup_date: Option<String>,
    /// Start of the free trial.
    pub trial_start_date: Option<String>,
    /// Conversion to a paid plan.
    pub converted_date: Option<String>,
    /// First value reached (time to value counts from signup).
    pub first_value_date: Option<String>,
    /// Activation (the supplier's activation event).
    pub activation_date: Option<String>,
    /// MRR just before the first period (0 if not yet a customer).
    pub opening_mrr: f64,
    /// MRR at the end of each period.
    pub mrr: Vec<f64>,
    /// MRR movements per period; derived from `mrr` when absent (the
    /// whole list, or a period's `None`).
    pub movements: Option<Vec<Option<Movements>>>,
    /// Plan per period (used to classify derived expansion as upsell).
    pub plans: Option<Vec<String>>,
    /// Seats per period (ARPU; classifies derived expansion as seats).
    pub seats: Option<Vec<f64>>,
    /// Whether a renewal fell due in each period.
    pub renewal_due: Option<Vec<bool>>,
    /// Support cases per period (`None`: not given for that period).
    pub support: Option<Vec<Option<SupportInput>>>,
    /// Usage per period (`None`: not given for that period).
    pub usage: Option<Vec<Option<UsageInput>>>,
    /// Advocacy per period (`None`: not given for that period).
    pub advocacy: Option<Vec<Option<AdvocacyInput>>>,
}

/// Everything the host supplies for the company metrics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompanyInput {
    /// Contiguous periods, oldest first.
    pub periods: Vec<PeriodInput>,
    /// The accounts.
    pub accounts: Vec<AccountInput>,
    /// One entry per period, or empty.
    pub finance: Vec<FinanceInput>,
}

/// The dates of one account as day numbers, and its signup cohort.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct AccountDates {
    pub id: String,
    pub signup: Option<Day>,
    pub trial_start: Option<Day>,
    pub converted: Option<Day>,
    pub first_value: Option<Day>,
    pub activated: Option<Day>,
    /// Index of the period the account signed up in (or first paid in).
    pub cohort: Option<usize>,
}

/// Support totals of one period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct SupportTotals {
    pub accounts: usize,
    pub cases: f64,
    pub resolved_first_contact: f64,
}

/// Usage totals of one period.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct UsageTotals {
    pub accounts: usize,
    pub dau: f64,
    pub wau: f64,
    pub mau: f64,
    pub active_days: f64,
    pub sessions: f64,
    pub session_minutes: f64,
    /// Per feature: its users.
    pub feature_users: BTreeMap<String, f64>,
    /// Per feature: the MAU of the accounts that give its users (an account
    /// that does not give a feature is not in its adoption). The same map
    /// type as `feature_users`: one copy of its code.
    pub feature_mau: BTreeMap<String, f64>,
}

/// Advocacy totals of one period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct AdvocacyTotals {
    /// Accounts reporting advocacy.
    pub accounts: usize,
    /// Accounts paying at the end with at least one act of advocacy.
    pub advocates: usize,
    pub acts: AdvocacyInput,
}

/// Validated company data. Build it with [`CompanyData::new`] or
/// [`CompanyData::from_snapshots`]; nothing in it changes afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyData {
    pub(crate) periods: usize,
    /// `(start, end)` day of each period; empty for snapshot data.
    pub(crate) bounds: Vec<(Day, Day)>,
    pub(crate) accounts: Vec<AccountDates>,
    /// MRR snapshots, account-major: `mrr[a * (periods + 1) + t]`, where
    /// `t = 0` is the opening MRR and `t + 1` the end of period `t`.
    pub(crate) mrr: Vec<f64>,
    /// Movements, account-major: `movements[a * periods + t]` (records).
    pub(crate) movements: Vec<Movements>,
    /// Snapshot data: per account, the first snapshot with MRR (`u32::MAX`:
    /// none). Its movements are derived from the snapshots when read (a
    /// period's kind needs only the two snapshots and whether the account
    /// paid before); empty for records.
    pub(crate) first_paid: Vec<u32>,
    /// Seats at the end of each period, account-major (0 when not given;
    /// empty for snapshot data).
    pub(crate) seats: Vec<f64>,
    /// Renewal due per account and period, account-major (empty for
    /// snapshot data).
    pub(crate) renewal_due: Vec<bool>,
    pub(crate) support: Vec<SupportTotals>,
    pub(crate) usage: Vec<UsageTotals>,
    pub(crate) advocacy: Vec<AdvocacyTotals>,
    pub(crate) finance: Vec<FinanceInput>,
    /// Every feature an account gives users of, in any period: each
    /// period reports them all (`NOT_GIVEN` where no account gives one).
    pub(crate) features: Vec<String>,
}

impl CompanyData {
    /// Validates `input`; the error names the first offending field
    /// (e.g. `accounts[3].mrr[2]`).
    ///
    /// ```
    /// use clg_metrics::company::data::{AccountInput, CompanyData, CompanyInput, PeriodInput};
    /// let input = CompanyInput {
    ///     periods: vec![PeriodInput { start: "2026-01-01".into(), end: "2026-02-01".into() }],
    ///     accounts: vec![AccountInput { id: "acme".into(), opening_mrr: 100.0, mrr: vec![120.0], ..Default::default() }],
    ///     finance: vec![],
    /// };
    /// let data = CompanyData::new(&input).unwrap();
    /// assert_eq!(data.revenue(0).unwrap().nrr.value, Some(120.0));
    /// ```
    pub fn new(input: &CompanyInput) -> Result<CompanyData, Error> {
        let bounds = periods(&input.periods)?;
        let p = bounds.len();
        let n = input.accounts.len();
        if !input.finance.is_empty() {
            length(input.finance.len(), p, "period", &|| "finance".into())?;
        }
        let finance = input
            .finance
            .iter()
            .enumerate()
            .map(|(t, f)| finance(f, t))
            .collect::<Result<Vec<_>, _>>()?;
        let mut data = CompanyData {
            periods: p,
            bounds,
            accounts: Vec::with_capacity(n),
            mrr: Vec::with_capacity(n * (p + 1)),
            movements: Vec::with_capacity(n * p),
            first_paid: Vec::new(),
            // Not given (NaN) until an account gives its seats.
            seats: vec![f64::NAN; n * p],
            renewal_due: vec![false; n * p],
            support: vec![SupportTotals::default(); p],
            usage: vec![UsageTotals::default(); p],
            advocacy: vec![AdvocacyTotals::default(); p],
            features: Vec::new(),
            finance: if finance.is_empty() {
                vec![FinanceInput::default(); p]
            } else {
                finance
            },
        };
        let mut ids = Ids::default();
        for (a, account) in input.accounts.iter().enumerate() {
            let field = |name: &str| msg!(element("accounts", a), ".", name);
            non_empty(&account.id, &|| field("id"))?;
            ids.insert(&account.id, &|| field("id"))?;
            data.add_account(account, a, &field)?;
        }
        // In order, once each, through the totals' map type (a sort of
        // strings would link code of its own).
        let mut features = BTreeMap::new();
        for feature in data.usage.iter().flat_map(|u| u.feature_users.keys()) {
            features.insert(feature.clone(), 0.0);
        }
        data.features = features.into_keys().collect();
        Ok(data)
    }

    /// Data from MRR snapshots only: `mrr` holds `snapshots` values per
    /// account, account-major (`mrr[a * snapshots + s]`); snapshot 0 is the
    /// opening MRR, so there are `snapshots - 1` periods. Movements are
    /// derived (expansion counts as cross-sell without plan or seat data);
    /// an account's cohort is the period it first pays in.
    ///
    /// ```
    /// use clg_metrics::company::data::CompanyData;
    /// // Two accounts, opening + 2 months.
    /// let data = CompanyData::from_snapshots(vec![100.0, 110.0, 0.0, 50.0, 50.0, 60.0], 3).unwrap();
    /// assert_eq!(data.periods(), 2);
    /// assert_eq!(data.revenue(1).unwrap().logo_churn.value, Some(50.0));
    /// ```
    pub fn from_snapshots(mrr: Vec<f64>, snapshots: usize) -> Result<CompanyData, Error> {
        if snapshots < 2 {
            return Err(Error::new(
                ErrorCode::InvalidPeriods,
                "snapshots",
                msg!(
                    "needs the opening snapshot and at least one period end (2 or more), got ",
                    snapshots
                ),
            ));
        }
        if mrr.len() % snapshots != 0 {
            return Err(Error::new(
                ErrorCode::LengthMismatch,
                "mrr",
                msg!(
                    "must hold ",
                    snapshots,
                    " snapshots per account (a multiple of ",
                    snapshots,
                    " values), got ",
                    mrr.len()
                ),
            ));
        }
        let p = snapshots - 1;
        // Every value from 0 to MAX_AMOUNT: one branch-free pass (`&`, not
        // `contains`, whose `&&` branches: the compiler vectorises it); the
        // first bad value is looked for only when there is one, so it is
        // the one named.
        #[allow(clippy::manual_range_contains)]
        let all_valid = mrr
            .iter()
            .fold(true, |ok, &x| ok & (x >= 0.0) & (x <= MAX_AMOUNT));
        if !all_valid {
            for (i, &x) in mrr.iter().enumerate() {
                amount(x, &|| element("mrr", i))?;
            }
        }
        // Each account's first paying snapshot (u32::MAX: never pays); most
        // pay at the opening, so the scan stops at once. Index loops: at
        // opt-level "z" iterator adapters stay function calls.
        let n = mrr.len() / snapshots;
        let mut first_paid = vec![u32::MAX; n];
        let mut accounts = Vec::with_capacity(n);
        let mut a = 0;
        while let (Some(row), Some(first)) = (
            mrr.get(a * snapshots..(a + 1) * snapshots),
            first_paid.get_mut(a),
        ) {
            let mut s = 0;
            while row.get(s).is_some_and(|&x| x <= 0.0) {
                s += 1;
            }
            if s < snapshots {
                *first = s as u32;
            }
            accounts.push(AccountDates {
                // The period it first pays in, unless it paid at the opening.
                cohort: s.checked_sub(1).filter(|&t| t < p),
                ..AccountDates::default()
            });
            a += 1;
        }
        Ok(CompanyData {
            periods: p,
            bounds: Vec::new(),
            accounts,
            mrr,
            movements: Vec::new(),
            first_paid,
            // No seats or renewals in snapshot data.
            seats: Vec::new(),
            renewal_due: Vec::new(),
            support: vec![SupportTotals::default(); p],
            usage: vec![UsageTotals::default(); p],
            advocacy: vec![AdvocacyTotals::default(); p],
            finance: vec![FinanceInput::default(); p],
            features: Vec::new(),
        })
    }

    /// Number of periods.
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// Number of accounts.
    pub fn accounts(&self) -> usize {
        self.accounts.len()
    }

    /// MRR of account `a` at snapshot `s` (0 = opening, `t + 1` = end of period `t`).
    #[inline]
    pub(crate) fn snapshot(&self, a: usize, s: usize) -> f64 {
        self.mrr
            .get(a * (self.periods + 1) + s)
            .copied()
            .unwrap_or(0.0)
    }

    /// Length of period `t` in years (see [`super::date::years_between`]);
    /// snapshot data has no dates and counts a period as a month.
    pub fn period_years(&self, t: usize) -> f64 {
        self.bounds.get(t).map_or(1.0 / 12.0, |&(start, end)| {
            super::date::years_between(start, end)
        })
    }

    /// The index of the period containing `day`, if any.
    pub(crate) fn period_of(&self, day: Day) -> Option<usize> {
        self.bounds
            .iter()
            .position(|&(start, end)| start <= day && day < end)
    }

    fn add_account(
        &mut self,
        account: &AccountInput,
        a: usize,
        field: &dyn Fn(&str) -> String,
    ) -> Result<(), Error> {
        let p = self.periods;
        let day = |value: &Option<String>, name: &str| {
            value
                .as_deref()
                .map(|text| parse_day(text, &field(name)))
                .transpose()
        };
        let signup = day(&account.signup_date, "signupDate")?;
        let trial_start = day(&account.trial_start_date, "trialStartDate")?;
        let converted = day(&account.converted_date, "convertedDate")?;
        let first_value = day(&account.first_value_date, "firstValueDate")?;
        let activated = day(&account.activation_date, "activationDate")?;
        for (later, name) in [
            (converted, "convertedDate"),
            (first_value, "firstValueDate"),
            (activated, "activationDate"),
        ] {
            if let (Some(start), Some(later)) = (signup, later) {
                if later < start {
                    return Err(Error::new(
                        ErrorCode::InvalidDate,
                        field(name),
                        "must not be before signupDate",
                    ));
                }
            }
        }
        if let (Some(start), Some(end)) = (trial_start, converted) {
            if end < start {
                return Err(Error::new(
                    ErrorCode::InvalidDate,
                    field("convertedDate"),
                    "must not be before trialStartDate",
                ));
            }
        }
        let opening = amount(account.opening_mrr, &|| field("openingMrr"))?;
        length(account.mrr.len(), p, "period", &|| field("mrr"))?;
        for (t, &x) in account.mrr.iter().enumerate() {
            amount(x, &|| element(&field("mrr"), t))?;
        }
        if let Some(plans) = &account.plans {
            length(plans.len(), p, "period", &|| field("plans"))?;
        }
        if let Some(seats) = &account.seats {
            length(seats.len(), p, "period", &|| field("seats"))?;
            for (t, &x) in seats.iter().enumerate() {
                self.seats[a * p + t] = amount(x, &|| element(&field("seats"), t))?;
            }
        }
        if let Some(due) = &account.renewal_due {
            length(due.len(), p, "period", &|| field("renewalDue"))?;
            self.renewal_due[a * p..a * p + p].copy_from_slice(due);
        }
        // Derived, then each period given replaces its own.
        let mut movements = derive_account(
            opening,
            &account.mrr,
            account.plans.as_deref(),
            account.seats.as_deref(),
        );
        if let Some(given) = &account.movements {
            length(given.len(), p, "period", &|| field("movements"))?;
            let (mut previous, mut paid_before) = (opening, opening > 0.0);
            for (t, (m, &current)) in given.iter().zip(&account.mrr).enumerate() {
                if let Some(m) = m {
                    let mut m = *m;
                    check_movements(&m, previous, current, || element(&field("movements"), t))?;
                    if previous == 0.0 {
                        // Not paying at the start: new or reactivation by
                        // the MRR history (it paid before), whatever the
                        // labels; the revenue counts its ending MRR.
                        m = Movements::derive(0.0, current, paid_before, false, false);
                    } else {
                        // Paying at the start: in the period's cohort, so
                        // neither new nor reactivated; what came in is
                        // expansion (cross-sell, as when derived).
                        m.cross_sell += m.new + m.reactivation;
                        (m.new, m.reactivation) = (0.0, 0.0);
                    }
                    movements[t] = m;
                }
                paid_before |= current > 0.0;
                previous = current;
            }
        }
        if let Some(support) = &account.support {
            length(support.len(), p, "period", &|| field("support"))?;
            for (t, s) in periods_given(support) {
                let at = |name: &str| msg!(element(&field("support"), t), ".", name);
                let cases = amount(s.cases, &|| at("cases"))?;
                amount(s.resolved_first_contact, &|| at("resolvedFirstContact"))?;
                at_most(s.resolved_first_contact, cases, "cases", &|| {
                    at("resolvedFirstContact")
                })?;
            }
        }
        if let Some(usage) = &account.usage {
            length(usage.len(), p, "period", &|| field("usage"))?;
            for (t, u) in periods_given(usage) {
                let days = self.bounds.get(t).map_or(0, |&(start, end)| end - start);
                check_usage(u, f64::from(days), &element(&field("usage"), t))?;
            }
        }
        if let Some(advocacy) = &account.advocacy {
            length(advocacy.len(), p, "period", &|| field("advocacy"))?;
            for (t, a) in periods_given(advocacy) {
                let at = |name: &str| msg!(element(&field("advocacy"), t), ".", name);
                for (x, name) in [
                    (a.referrals, "referrals"),
                    (a.reviews, "reviews"),
                    (a.testimonials, "testimonials"),
                    (a.case_studies, "caseStudies"),
                ] {
                    amount(x, &|| at(name))?;
                }
            }
        }
        // Everything about this account is valid: record it.
        let cohort = match signup {
            Some(d) => self.period_of(d),
            None if opening == 0.0 => account.mrr.iter().position(|&x| x > 0.0),
            None => None,
        };
        self.accounts.push(AccountDates {
            id: account.id.clone(),
            signup,
            trial_start,
            converted,
            first_value,
            activated,
            cohort,
        });
        self.mrr.push(opening);
        self.mrr.extend_from_slice(&account.mrr);
        self.movements.extend_from_slice(&movements);
        for (t, s) in periods_given(account.support.iter().flatten()) {
            let totals = &mut self.support[t];
            totals.accounts += 1;
            totals.cases += s.cases;
            totals.resolved_first_contact += s.resolved_first_contact;
        }
        for (t, a) in periods_given(account.advocacy.iter().flatten()) {
            let totals = &mut self.advocacy[t];
            totals.accounts += 1;
            totals.advocates += usize::from(a.any() && account.mrr[t] > 0.0);
            totals.acts.referrals += a.referrals;
            totals.acts.reviews += a.reviews;
            totals.acts.testimonials += a.testimonials;
            totals.acts.case_studies += a.case_studies;
        }
        for (t, u) in periods_given(account.usage.iter().flatten()) {
            let totals = &mut self.usage[t];
            totals.accounts += 1;
            totals.dau += u.dau;
            totals.wau += u.wau;
            totals.mau += u.mau;
            totals.active_days += u.active_days;
            totals.sessions += u.sessions;
            totals.session_minutes += u.session_minutes;
            for (feature, users) in &u.feature_users {
                *totals.feature_users.entry(feature.clone()).or_insert(0.0) += users;
                *totals.feature_mau.entry(feature.clone()).or_insert(0.0) += u.mau;
            }
        }
        Ok(())
    }
}

/// The periods given of a per-period list, with their index: a `None`
/// period is not given.
fn periods_given<'a, T: 'a>(
    list: impl IntoIterator<Item = &'a Option<T>>,
) -> impl Iterator<Item = (usize, &'a T)> {
    list.into_iter()
        .enumerate()
        .filter_map(|(t, x)| x.as_ref().map(|x| (t, x)))
}

/// Parses and checks the periods: at least one, each ending after it
/// starts, each starting where the previous ended.
fn periods(periods: &[PeriodInput]) -> Result<Vec<(Day, Day)>, Error> {
    if periods.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidPeriods,
            "periods",
            "needs at least one period, got none",
        ));
    }
    let mut bounds: Vec<(Day, Day)> = Vec::with_capacity(periods.len());
    for (t, period) in periods.iter().enumerate() {
        let at = |name: &str| msg!(element("periods", t), ".", name);
        let start = parse_day(&period.start, &at("start"))?;
        let end = parse_day(&period.end, &at("end"))?;
        if end <= start {
            return Err(Error::new(
                ErrorCode::InvalidPeriods,
                at("end"),
                msg!("must be after start (", period.start, ")"),
            ));
        }
        if let Some(&(_, previous_end)) = bounds.last() {
            if start != previous_end {
                return Err(Error::new(
                    ErrorCode::InvalidPeriods,
                    at("start"),
                    "must equal the previous period's end (periods are contiguous)",
                ));
            }
        }
        bounds.push((start, end));
    }
    Ok(bounds)
}

fn finance(f: &FinanceInput, t: usize) -> Result<FinanceInput, Error> {
    let at = |name: &str| msg!(element("finance", t), ".", name);
    let checks: [(Option<f64>, &str, bool); 12] = [
        (f.acquisition_cost, "acquisitionCost", true),
        (f.retention_cost, "retentionCost", true),
        (f.revenue, "revenue", true),
        (f.gross_profit, "grossProfit", false),
        (f.net_income, "netIncome", false),
        (f.ebitda, "ebitda", false),
        (f.interest, "interest", false),
        (f.taxes, "taxes", false),
        (
            f.depreciation_amortization,
            "depreciationAmortization",
            false,
        ),
        (f.fte, "fte", true),
        // Cash on hand is a money amount: an overdraft is not cash.
        (f.cash, "cash", true),
        (f.net_burn, "netBurn", false),
    ];
    for (value, name, non_neg) in checks {
        if let Some(x) = value {
            if non_neg {
                amount(x, &|| at(name))?;
            } else {
                signed_amount(x, &|| at(name))?;
            }
        }
    }
    if let (Some(profit), Some(revenue)) = (f.gross_profit, f.revenue) {
        at_most(profit, revenue, "revenue", &|| at("grossProfit"))?;
    }
    Ok(*f)
}

/// Checks one period's given movements against the MRR before and after.
fn check_movements(
    m: &Movements,
    previous: f64,
    current: f64,
    field: impl Fn() -> String,
) -> Result<(), Error> {
    let parts = [
        (m.new, "new"),
        (m.upsell, "upsell"),
        (m.cross_sell, "crossSell"),
        (m.seats, "seats"),
        (m.contraction, "contraction"),
        (m.churn, "churn"),
        (m.reactivation, "reactivation"),
    ];
    for (x, name) in parts {
        amount(x, &|| msg!(field(), ".", name))?;
    }
    // A rule about a sum (README: contraction + churn cannot exceed the
    // previous MRR): it names the key given, or the movement when both are.
    let key = match (m.contraction > 0.0, m.churn > 0.0) {
        (true, false) => ".contraction",
        (false, true) => ".churn",
        _ => "",
    };
    at_most(
        m.contraction + m.churn,
        previous,
        "the previous MRR",
        &|| msg!(field(), key),
    )?;
    let end = previous + m.new + m.expansion() + m.reactivation - m.contraction - m.churn;
    let tolerance = 1e-9 * previous.max(current).max(1.0);
    if (end - current).abs() > tolerance {
        return Err(Error::new(
            ErrorCode::MovementsDoNotAddUp,
            field(),
            msg!(
                "previous MRR ",
                Num(previous),
                " plus movements gives ",
                Num(end),
                ", but the period's MRR is ",
                Num(current)
            ),
        ));
    }
    Ok(())
}

/// Checks one period's usage; `days` is the period's length (active days
/// cannot exceed it).
fn check_usage(u: &UsageInput, days: f64, at: &str) -> Result<(), Error> {
    let field = |name: &str| msg!(at, ".", name);
    // NaN: not given, nothing to check.
    let given = |x: f64| !x.is_nan();
    for (x, name) in [
        (u.dau, "dau"),
        (u.wau, "wau"),
        (u.mau, "mau"),
        (u.active_days, "activeDays"),
        (u.sessions, "sessions"),
        (u.session_minutes, "sessionMinutes"),
    ] {
        if given(x) {
            amount(x, &|| field(name))?;
        }
    }
    if given(u.active_days) {
        at_most(u.active_days, days, "the days in the period", &|| {
            field("activeDays")
        })?;
    }
    // dau <= wau <= mau, among those given.
    let users = [(u.dau, "dau"), (u.wau, "wau"), (u.mau, "mau")];
    for (i, &(fewer, name)) in users.iter().enumerate() {
        for &(more, bound) in users[i + 1..].iter().filter(|(x, _)| given(*x)) {
            if given(fewer) {
                at_most(fewer, more, bound, &|| field(name))?;
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for (feature, users) in &u.feature_users {
        let name = msg!("featureUsers.", feature);
        if !seen.insert(feature.as_str()) {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                field(&name),
                "must appear once",
            ));
        }
        amount(*users, &|| field(&name))?;
        if given(u.mau) {
            at_most(*users, u.mau, "mau", &|| field(&name))?;
        }
    }
    Ok(())
}

/// Derives one account's movements from its MRR snapshots.
pub(crate) fn derive_account(
    opening: f64,
    mrr: &[f64],
    plans: Option<&[String]>,
    seats: Option<&[f64]>,
) -> Vec<Movements> {
    let mut paid_before = opening > 0.0;
    let mut previous = opening;
    let mut out = Vec::with_capacity(mrr.len());
    for (t, &current) in mrr.iter().enumerate() {
        let changed = |t: usize| t > 0;
        let plan_changed =
            plans.is_some_and(|p| changed(t) && p.get(t) != p.get(t.wrapping_sub(1)));
        let seats_grew = seats.is_some_and(|s| changed(t) && s.get(t) > s.get(t.wrapping_sub(1)));
        out.push(Movements::derive(
            previous,
            current,
            paid_before,
            plan_changed,
            seats_grew,
        ));
        paid_before |= current > 0.0;
        previous = current;
    }
    out
}
