//! Support, usage and advocacy metrics of a period: first-contact
//! resolution, ticket volume, DAU/WAU/MAU, stickiness, feature adoption,
//! login consistency, time in app, and the advocacy rate with its counts.

use serde::Serialize;

use super::data::{CompanyData, UsageTotals};
use super::revenue::RevenueMetrics;
use super::value::{Metric, Reason};
use crate::error::Error;

/// Support metrics of one period (`NOT_GIVEN` without support data).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SupportMetrics {
    /// Ticket volume = cases opened.
    pub ticket_volume: Metric,
    /// Cases per account reporting support data.
    pub tickets_per_account: Metric,
    /// First-contact resolution = cases resolved on first contact / cases x 100 (`NO_CASES`).
    pub fcr: Metric,
}

/// Adoption of one feature.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeatureAdoption {
    /// The feature's name as given.
    pub feature: String,
    /// Active users who used it (`None` when no account gives it).
    pub users: Option<f64>,
    /// Feature adoption = users of the feature / MAU x 100, over the
    /// accounts that give the feature's users.
    pub adoption: Metric,
}

/// Advocacy of one period, from the accounts reporting it (`NOT_GIVEN`
/// without advocacy data).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdvocacyMetrics {
    /// Referrals made.
    pub referrals: Metric,
    /// Reviews written.
    pub reviews: Metric,
    /// Testimonials given.
    pub testimonials: Metric,
    /// Case studies taken part in.
    pub case_studies: Metric,
    /// Accounts paying at the end that did at least one of them.
    pub advocates: Metric,
    /// Advocacy rate = advocates / accounts paying at the end x 100
    /// (`NO_ACCOUNTS`).
    pub advocacy_rate: Metric,
}

/// Usage metrics of one period, summed over the accounts reporting usage
/// (`NOT_GIVEN` without usage data).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageMetrics {
    /// Average daily active users.
    pub dau: Metric,
    /// Average weekly active users.
    pub wau: Metric,
    /// Users active in the period.
    pub mau: Metric,
    /// Stickiness = DAU / MAU x 100 (`NO_ACTIVE_USERS`).
    pub stickiness: Metric,
    /// Time in app = session minutes / MAU (minutes per active user in the period).
    pub time_in_app: Metric,
    /// Session length = session minutes / sessions (`NO_SESSIONS`).
    pub session_length: Metric,
    /// Active days per account reporting usage.
    pub active_days: Metric,
    /// Login consistency = mean over the accounts reporting usage of their
    /// active days / days in the period x 100 (`NOT_GIVEN` for snapshot
    /// data, which has no dates).
    pub login_consistency: Metric,
    /// Adoption of each feature, by name.
    pub features: Vec<FeatureAdoption>,
}

impl CompanyData {
    /// Support metrics of period `t`.
    pub fn support(&self, t: usize) -> Result<SupportMetrics, Error> {
        self.check_period(t)?;
        let s = self.support.get(t).copied().unwrap_or_default();
        if s.accounts == 0 {
            let none = Metric::none(Reason::NotGiven);
            return Ok(SupportMetrics {
                ticket_volume: none,
                tickets_per_account: none,
                fcr: none,
            });
        }
        Ok(SupportMetrics {
            ticket_volume: Metric::of(s.cases, Reason::NotGiven),
            tickets_per_account: Metric::ratio(s.cases, s.accounts as f64, Reason::NotGiven),
            fcr: Metric::percent(s.resolved_first_contact, s.cases, Reason::NoCases),
        })
    }

    /// Usage metrics of period `t`.
    ///
    /// ```
    /// use clg_metrics::company::data::{AccountInput, CompanyData, CompanyInput, PeriodInput, UsageInput};
    /// let usage = UsageInput { dau: 5.0, wau: 12.0, mau: 20.0, sessions: 40.0, session_minutes: 600.0, ..Default::default() };
    /// let account = AccountInput { id: "a".into(), mrr: vec![10.0], usage: Some(vec![Some(usage)]), ..Default::default() };
    /// let period = PeriodInput { start: "2026-01-01".into(), end: "2026-02-01".into() };
    /// let data = CompanyData::new(&CompanyInput { periods: vec![period], accounts: vec![account], finance: vec![] }).unwrap();
    /// let u = data.usage(0).unwrap();
    /// assert_eq!(u.stickiness.value, Some(25.0));
    /// assert_eq!(u.time_in_app.value, Some(30.0));
    /// assert_eq!(u.session_length.value, Some(15.0));
    /// ```
    pub fn usage(&self, t: usize) -> Result<UsageMetrics, Error> {
        self.check_period(t)?;
        // Every feature of the data: the period's adoption, or NOT_GIVEN.
        let features = |u: Option<&UsageTotals>, adoption: &dyn Fn(f64, f64) -> Metric| {
            let none = Metric::none(Reason::NotGiven);
            self.features
                .iter()
                .map(|feature| {
                    let given = u.and_then(|u| {
                        Some((*u.feature_users.get(feature)?, *u.feature_mau.get(feature)?))
                    });
                    FeatureAdoption {
                        feature: feature.clone(),
                        users: given.map(|(users, _)| users),
                        adoption: given.map_or(none, |(users, mau)| adoption(users, mau)),
                    }
                })
                .collect()
        };
        let Some(u) = self.usage.get(t).filter(|u| u.accounts > 0) else {
            let none = Metric::none(Reason::NotGiven);
            return Ok(UsageMetrics {
                dau: none,
                wau: none,
                mau: none,
                stickiness: none,
                time_in_app: none,
                session_length: none,
                active_days: none,
                login_consistency: none,
                features: features(None, &|_, _| none),
            });
        };
        // A total is NaN when an account left its number out: NOT_GIVEN.
        let share = |part: f64, whole: f64, reason: Reason, of: fn(f64, f64, Reason) -> Metric| {
            if part.is_nan() || whole.is_nan() {
                Metric::none(Reason::NotGiven)
            } else {
                of(part, whole, reason)
            }
        };
        let features = features(Some(u), &|users, mau| {
            share(users, mau, Reason::NoActiveUsers, Metric::percent)
        });
        Ok(UsageMetrics {
            dau: Metric::of(u.dau, Reason::NotGiven),
            wau: Metric::of(u.wau, Reason::NotGiven),
            mau: Metric::of(u.mau, Reason::NotGiven),
            stickiness: share(u.dau, u.mau, Reason::NoActiveUsers, Metric::percent),
            time_in_app: share(
                u.session_minutes,
                u.mau,
                Reason::NoActiveUsers,
                Metric::ratio,
            ),
            session_length: share(
                u.session_minutes,
                u.sessions,
                Reason::NoSessions,
                Metric::ratio,
            ),
            active_days: Metric::ratio(u.active_days, u.accounts as f64, Reason::NotGiven),
            login_consistency: match self.bounds.get(t) {
                Some(&(start, end)) => Metric::percent(
                    u.active_days,
                    u.accounts as f64 * f64::from(end - start),
                    Reason::NotGiven,
                ),
                None => Metric::none(Reason::NotGiven),
            },
            features,
        })
    }

    /// Advocacy metrics of period `t`, given its revenue metrics (`NOT_GIVEN`
    /// without advocacy data).
    pub fn advocacy(&self, t: usize, revenue: &RevenueMetrics) -> Result<AdvocacyMetrics, Error> {
        self.check_period(t)?;
        let a = self.advocacy.get(t).copied().unwrap_or_default();
        if a.accounts == 0 {
            let none = Metric::none(Reason::NotGiven);
            return Ok(AdvocacyMetrics {
                referrals: none,
                reviews: none,
                testimonials: none,
                case_studies: none,
                advocates: none,
                advocacy_rate: none,
            });
        }
        let given = |x: f64| Metric::of(x, Reason::NotGiven);
        Ok(AdvocacyMetrics {
            referrals: given(a.acts.referrals),
            reviews: given(a.acts.reviews),
            testimonials: given(a.acts.testimonials),
            case_studies: given(a.acts.case_studies),
            advocates: given(a.advocates as f64),
            advocacy_rate: Metric::percent(
                a.advocates as f64,
                revenue.accounts as f64,
                Reason::NoAccounts,
            ),
        })
    }
}
