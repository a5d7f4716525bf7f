//! The customer-led-growth scorecard of a period: customer results beside
//! company results, each line with its value, target, status, change
//! versus the previous period, benchmark and review cadence.

use serde::Serialize;

use super::check::{finite, within};
use super::data::CompanyData;
use super::link::CAVEAT;
use super::value::{Metric, Reason};
use super::PeriodMetrics;
use crate::error::{element, msg, Error, ErrorCode, Num, Quoted};
use crate::survey::nps::NpsCounts;

/// Unit of a line's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Unit {
    /// Money in the supplier's currency.
    Currency,
    /// A percentage (change in percentage points).
    Percent,
    /// A plain ratio, e.g. LTV:CAC of 3.
    Ratio,
    /// A count.
    Count,
    /// Days.
    Days,
    /// Minutes.
    Minutes,
    /// Periods (runway).
    Periods,
    /// A score such as NPS (-100..100) or a CES mean (1..7).
    Score,
}

/// How often a line is reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Cadence {
    /// Weekly or monthly: usage, onboarding, support, churn, surveys.
    Operational,
    /// Quarterly: NRR, CLV, expansion, margins, cash.
    Strategic,
}

/// A line's status against the supplier's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// At or beyond the target in the line's good direction.
    OnTrack,
    /// Short of the target.
    OffTrack,
    /// No target set.
    NoTarget,
    /// The value is not available.
    NotAvailable,
}

/// A benchmark range; either bound may be open.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Benchmark {
    /// Lowest good value.
    pub low: Option<f64>,
    /// Highest good value.
    pub high: Option<f64>,
}

/// The seeds' default benchmarks: NPS 50-80 (Bain), CSAT 75-85 % (B2B),
/// monthly logo churn below 3 %, LTV:CAC of 3 or more.
pub const DEFAULT_BENCHMARKS: [(&str, Benchmark); 4] = [
    (
        "nps",
        Benchmark {
            low: Some(50.0),
            high: Some(80.0),
        },
    ),
    (
        "csat",
        Benchmark {
            low: Some(75.0),
            high: Some(85.0),
        },
    ),
    (
        "logoChurn",
        Benchmark {
            low: None,
            high: Some(3.0),
        },
    ),
    (
        "ltvCac",
        Benchmark {
            low: Some(3.0),
            high: None,
        },
    ),
];

/// The customer-results achievement KPIs of one role, in percent, as
/// `ResultsStore.kpis()` computes them (`None`: no instance to measure).
#[derive(Debug, Clone, PartialEq)]
pub struct RoleResults {
    /// The role, e.g. `"sdr"`.
    pub role: String,
    /// Its display name, e.g. `"SDR"` (from `kpis()`).
    pub name: Option<String>,
    /// Average gain per metric as % of baseline (any sign), if known.
    pub average_gain: Option<f64>,
    /// % of accounts with measures in place for the role (0..100).
    pub measures_in_place: Option<f64>,
    /// % of role instances with a measurable gain (0..100).
    pub measurable_gain: Option<f64>,
    /// % of role instances achieving their goal (0..100).
    pub goal_achieved: Option<f64>,
}

/// Survey results of a period: NPS counts, CSAT (satisfied answers of
/// 4-5, all answers) and CES.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SurveyResults {
    /// Promoter, passive and detractor counts.
    pub nps: Option<NpsCounts>,
    /// `(satisfied, responses)`.
    pub csat: Option<(f64, f64)>,
    /// `(mean answer, % of "easy" answers)`, as `ces()` reports them.
    pub ces: Option<(f64, f64)>,
    /// The CES scale (its points), when given: two periods' must agree.
    pub ces_scale: Option<f64>,
}

/// How many accounts are in each health band (accounts without a band
/// are not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HealthBands {
    /// Accounts in the healthy band.
    pub healthy: usize,
    /// Accounts at risk.
    pub at_risk: usize,
    /// Accounts in the critical band.
    pub critical: usize,
}

/// What the scorecard needs besides the company data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScorecardInput {
    /// The period to report; the last one when `None`.
    pub period: Option<usize>,
    /// Customer-results KPIs per role in the period.
    pub results: Vec<RoleResults>,
    /// The same for the previous period (for the change).
    pub previous_results: Vec<RoleResults>,
    /// Surveys of the period.
    pub surveys: SurveyResults,
    /// Surveys of the previous period.
    pub previous_surveys: SurveyResults,
    /// Health bands of the period.
    pub health: Option<HealthBands>,
    /// Health bands of the previous period.
    pub previous_health: Option<HealthBands>,
    /// Targets by line key (`"nrr"`, `"results.SDR.goalAchieved"`, ...).
    pub targets: Vec<(String, f64)>,
    /// Benchmark overrides by line key; `None` removes a default.
    pub benchmarks: Vec<(String, Option<Benchmark>)>,
}

/// One line of the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    /// Stable key, e.g. `"nrr"` or `"results.SDR.goalAchieved"`.
    pub key: String,
    /// The role of a customer-results line (its id with `kpis()` input).
    pub role: Option<String>,
    /// The role's display name, when the results came from `kpis()`.
    pub role_name: Option<String>,
    /// Unit of the value.
    pub unit: Unit,
    /// Whether higher is better.
    pub higher_is_better: bool,
    /// Review cadence.
    pub cadence: Cadence,
    /// Value in the period.
    pub value: Metric,
    /// Value in the previous period (`NO_PREVIOUS_PERIOD` for the first).
    pub previous: Metric,
    /// value - previous (percentage points for percentages).
    pub change: Metric,
    /// The supplier's target.
    pub target: Option<f64>,
    /// Status against the target.
    pub status: Status,
    /// Benchmark range (defaults from the seeds, overridable).
    pub benchmark: Option<Benchmark>,
    /// Whether the value lies within the benchmark range.
    pub within_benchmark: Option<bool>,
}

/// The scorecard of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scorecard {
    /// The period reported.
    pub period: usize,
    /// Customer-results achievement KPIs, four lines per role.
    pub customer_results: Vec<Line>,
    /// Company performance and customer-success KPIs.
    pub company: Vec<Line>,
    /// The caveat to show beside survey-based lines.
    pub caveat: &'static str,
}

type Getter = fn(&PeriodMetrics) -> Metric;

/// Company lines: key, unit, higher is better, cadence, value.
const COMPANY_LINES: [(&str, Unit, bool, Cadence, Getter); 40] = {
    use Cadence::{Operational as O, Strategic as S};
    use Unit::*;
    [
        ("mrr", Currency, true, O, |m| {
            Metric::of(m.revenue.mrr, Reason::NotGiven)
        }),
        ("arr", Currency, true, S, |m| {
            Metric::of(m.revenue.arr, Reason::NotGiven)
        }),
        ("netNewArr", Currency, true, S, |m| {
            Metric::of(m.revenue.net_new_arr, Reason::NotGiven)
        }),
        ("arpa", Currency, true, S, |m| m.revenue.arpa),
        ("arpu", Currency, true, S, |m| m.revenue.arpu),
        ("nrr", Percent, true, S, |m| m.revenue.nrr),
        ("grr", Percent, true, S, |m| m.revenue.grr),
        ("logoChurn", Percent, false, O, |m| m.revenue.logo_churn),
        ("revenueChurn", Percent, false, O, |m| {
            m.revenue.revenue_churn
        }),
        ("crr", Percent, true, O, |m| m.revenue.crr),
        ("expansionRevenue", Currency, true, S, |m| {
            Metric::of(m.revenue.expansion_mrr, Reason::NotGiven)
        }),
        ("accountsExpanded", Percent, true, S, |m| {
            m.revenue.accounts_expanded
        }),
        ("upsellRate", Percent, true, S, |m| m.revenue.upsell_rate),
        ("expansionRate", Percent, true, S, |m| {
            m.revenue.expansion_rate
        }),
        ("repeatPurchaseRate", Percent, true, S, |m| {
            m.revenue.repeat_purchase_rate
        }),
        ("renewalRate", Percent, true, S, |m| m.revenue.renewal_rate),
        ("cac", Currency, false, S, |m| m.finance.cac),
        ("clv", Currency, true, S, |m| m.finance.clv),
        ("ltvCac", Ratio, true, S, |m| m.finance.ltv_cac),
        ("grossMargin", Percent, true, S, |m| m.finance.gross_margin),
        ("netMargin", Percent, true, S, |m| m.finance.net_margin),
        ("ebitda", Currency, true, S, |m| m.finance.ebitda),
        ("ebitdaMargin", Percent, true, S, |m| {
            m.finance.ebitda_margin
        }),
        ("revenuePerFte", Currency, true, S, |m| {
            m.finance.revenue_per_fte
        }),
        ("cash", Currency, true, S, |m| m.finance.cash),
        ("netBurn", Currency, false, S, |m| m.finance.net_burn),
        ("runway", Periods, true, S, |m| m.finance.runway),
        ("retentionCost", Currency, false, S, |m| {
            m.finance.retention_cost
        }),
        ("trialConversion", Percent, true, O, |m| {
            m.funnel.trial_conversion
        }),
        ("conversion", Percent, true, O, |m| m.funnel.conversion),
        ("activation", Percent, true, O, |m| m.funnel.activation),
        ("timeToValue", Days, false, O, |m| {
            m.funnel.time_to_value.median
        }),
        ("fcr", Percent, true, O, |m| m.support.fcr),
        ("ticketVolume", Count, false, O, |m| m.support.ticket_volume),
        ("dau", Count, true, O, |m| m.usage.dau),
        ("mau", Count, true, O, |m| m.usage.mau),
        ("stickiness", Percent, true, O, |m| m.usage.stickiness),
        ("timeInApp", Minutes, true, O, |m| m.usage.time_in_app),
        ("loginConsistency", Percent, true, O, |m| {
            m.usage.login_consistency
        }),
        ("advocacyRate", Percent, true, S, |m| {
            m.advocacy.advocacy_rate
        }),
    ]
};

/// The customer-results KPIs of a role: key suffix, value.
type RoleGetter = fn(&RoleResults) -> Metric;

const RESULT_LINES: [(&str, RoleGetter); 4] = [
    ("averageGain", |r| Metric::given(r.average_gain)),
    ("measuresInPlace", |r| share(r.measures_in_place)),
    ("measurableGain", |r| share(r.measurable_gain)),
    ("goalAchieved", |r| share(r.goal_achieved)),
];

/// A customer-results share: `NO_INSTANCES` when there was none to measure.
fn share(percent: Option<f64>) -> Metric {
    percent.map_or(Metric::none(Reason::NoInstances), |p| {
        Metric::of(p, Reason::NoInstances)
    })
}

/// The accounts of one health band.
type BandGetter = fn(&HealthBands) -> usize;

/// Health lines: key, higher is better, accounts of the band.
const HEALTH_LINES: [(&str, bool, BandGetter); 3] = [
    ("health.healthy", true, |h| h.healthy),
    ("health.atRisk", false, |h| h.at_risk),
    ("health.critical", false, |h| h.critical),
];

/// The key of a feature's adoption line.
fn feature_key(feature: &str) -> String {
    msg!("featureAdoption.", feature)
}

impl CompanyData {
    /// The scorecard of `input.period` (default: the last period).
    ///
    /// ```
    /// use clg_metrics::company::{data::CompanyData, scorecard::{ScorecardInput, Status}};
    /// let data = CompanyData::from_snapshots(vec![100.0, 100.0, 110.0, 100.0, 100.0, 0.0], 3).unwrap();
    /// let input = ScorecardInput { targets: vec![("nrr".into(), 100.0), ("logoChurn".into(), 3.0)], ..Default::default() };
    /// let card = data.scorecard(&input).unwrap();
    /// let line = |key: &str| card.company.iter().find(|l| l.key == key).unwrap();
    /// assert_eq!(line("nrr").value.value, Some(55.0));
    /// assert_eq!(line("nrr").status, Status::OffTrack);
    /// assert_eq!(line("logoChurn").within_benchmark, Some(false)); // 50 % > 3 %
    /// ```
    pub fn scorecard(&self, input: &ScorecardInput) -> Result<Scorecard, Error> {
        let t = input.period.unwrap_or(self.periods - 1);
        self.check_period(t)?;
        for (list, name) in [
            (&input.results, "results"),
            (&input.previous_results, "previousResults"),
        ] {
            check_results(list, name)?;
        }
        for (surveys, name) in [
            (&input.surveys, "surveys"),
            (&input.previous_surveys, "previousSurveys"),
        ] {
            if let Some((mean, easy)) = surveys.ces {
                finite(mean, &|| msg!(name, ".ces.mean"))?;
                within(easy, 0.0, 100.0, &|| msg!(name, ".ces.easyShare"))?;
            }
            if let Some(scale) = surveys.ces_scale {
                finite(scale, &|| msg!(name, ".ces.scale"))?;
            }
            if let Some((satisfied, responses)) = surveys.csat {
                within(responses, 0.0, f64::MAX, &|| msg!(name, ".csat.responses"))?;
                within(satisfied, 0.0, responses, &|| msg!(name, ".csat.satisfied"))?;
            }
        }
        // Means of two scales are never compared (as `compare` refuses them).
        if let (Some(now), Some(before)) =
            (input.surveys.ces_scale, input.previous_surveys.ces_scale)
        {
            if now != before {
                return Err(Error::new(
                    ErrorCode::ScaleMismatch,
                    "previousSurveys.ces.scale",
                    msg!(
                        "must be the scale of surveys.ces (",
                        Num(now),
                        "), got ",
                        Num(before)
                    ),
                ));
            }
        }
        let now = self.period_metrics(t)?;
        let before = t
            .checked_sub(1)
            .map(|s| self.period_metrics(s))
            .transpose()?;
        let is_line = |key: &str| {
            COMPANY_LINES.iter().any(|l| l.0 == key)
                || ["nps", "csat", "ces", "cesEasy"].contains(&key)
                || HEALTH_LINES.iter().any(|l| l.0 == key)
                || now
                    .usage
                    .features
                    .iter()
                    .any(|f| feature_key(&f.feature) == key)
                || input.results.iter().any(|r| {
                    RESULT_LINES
                        .iter()
                        .any(|(suffix, _)| key == result_key(&r.role, suffix))
                })
        };
        for (key, target) in &input.targets {
            if !is_line(key) {
                return Err(unknown_line("targets", key));
            }
            finite(*target, &|| msg!("targets.", key))?;
        }
        for (key, benchmark) in &input.benchmarks {
            if !is_line(key) {
                return Err(unknown_line("benchmarks", key));
            }
            if let Some(b) = benchmark {
                for (bound, name) in [(b.low, "low"), (b.high, "high")] {
                    if let Some(x) = bound {
                        finite(x, &|| msg!("benchmarks.", key, ".", name))?;
                    }
                }
                if let (Some(low), Some(high)) = (b.low, b.high) {
                    within(high, low, f64::MAX, &|| msg!("benchmarks.", key, ".high"))?;
                }
            }
        }

        let line = |key: String,
                    role: Option<String>,
                    unit,
                    higher_is_better,
                    cadence,
                    value: Metric,
                    previous: Option<Metric>| {
            let target = input
                .targets
                .iter()
                .find(|(k, _)| *k == key)
                .map(|&(_, v)| v);
            let benchmark = match input.benchmarks.iter().find(|(k, _)| *k == key) {
                Some((_, b)) => *b,
                None => DEFAULT_BENCHMARKS
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|&(_, b)| b),
            };
            let previous = previous.unwrap_or(Metric::none(Reason::NoPreviousPeriod));
            let status = match (value.value, target) {
                (None, _) => Status::NotAvailable,
                (_, None) => Status::NoTarget,
                (Some(v), Some(goal))
                    if (higher_is_better && v >= goal) || (!higher_is_better && v <= goal) =>
                {
                    Status::OnTrack
                }
                _ => Status::OffTrack,
            };
            let within_benchmark = benchmark.zip(value.value).map(|(b, v)| {
                b.low.map_or(true, |low| v >= low) && b.high.map_or(true, |high| v <= high)
            });
            Line {
                key,
                role,
                role_name: None,
                unit,
                higher_is_better,
                cadence,
                value,
                change: value.zip(previous, |v, p| Metric::of(v - p, Reason::NotGiven)),
                previous,
                target,
                status,
                benchmark,
                within_benchmark,
            }
        };

        let mut company: Vec<Line> = COMPANY_LINES
            .iter()
            .map(|&(key, unit, higher, cadence, get)| {
                line(
                    key.into(),
                    None,
                    unit,
                    higher,
                    cadence,
                    get(&now),
                    before.as_ref().map(get),
                )
            })
            .collect();
        let nps = |s: &SurveyResults| {
            s.nps.map_or(Metric::none(Reason::NotGiven), |c| {
                c.score().map_or(Metric::none(Reason::NoResponses), |v| {
                    Metric::of(v, Reason::NoResponses)
                })
            })
        };
        let csat = |s: &SurveyResults| {
            s.csat.map_or(Metric::none(Reason::NotGiven), |(sat, n)| {
                Metric::percent(sat, n, Reason::NoResponses)
            })
        };
        // A previous period's values: those the data has, or those given for it (also for period 0).
        let had_before = before.is_some();
        let previous = |given: bool| had_before || given;
        company.push(line(
            "nps".into(),
            None,
            Unit::Score,
            true,
            Cadence::Operational,
            nps(&input.surveys),
            previous(input.previous_surveys.nps.is_some()).then(|| nps(&input.previous_surveys)),
        ));
        company.push(line(
            "csat".into(),
            None,
            Unit::Percent,
            true,
            Cadence::Operational,
            csat(&input.surveys),
            previous(input.previous_surveys.csat.is_some()).then(|| csat(&input.previous_surveys)),
        ));

        let ces = |s: &SurveyResults, easy: bool| {
            s.ces
                .map_or(Metric::none(Reason::NotGiven), |(mean, share)| {
                    Metric::of(if easy { share } else { mean }, Reason::NoResponses)
                })
        };
        for (key, unit, easy) in [
            ("ces", Unit::Score, false),
            ("cesEasy", Unit::Percent, true),
        ] {
            company.push(line(
                key.into(),
                None,
                unit,
                true,
                Cadence::Operational,
                ces(&input.surveys, easy),
                previous(input.previous_surveys.ces.is_some())
                    .then(|| ces(&input.previous_surveys, easy)),
            ));
        }
        for (key, higher, count) in HEALTH_LINES {
            let percent = |h: &Option<HealthBands>| {
                h.map_or(Metric::none(Reason::NotGiven), |h| {
                    let all = h.healthy + h.at_risk + h.critical;
                    Metric::percent(count(&h) as f64, all as f64, Reason::NoAccounts)
                })
            };
            company.push(line(
                key.into(),
                None,
                Unit::Percent,
                higher,
                Cadence::Operational,
                percent(&input.health),
                previous(input.previous_health.is_some()).then(|| percent(&input.previous_health)),
            ));
        }
        for feature in &now.usage.features {
            let previous = before.as_ref().map(|b| {
                b.usage
                    .features
                    .iter()
                    .find(|f| f.feature == feature.feature)
                    .map_or(Metric::none(Reason::NotGiven), |f| f.adoption)
            });
            company.push(line(
                feature_key(&feature.feature),
                None,
                Unit::Percent,
                true,
                Cadence::Operational,
                feature.adoption,
                previous,
            ));
        }

        let mut customer_results = Vec::with_capacity(input.results.len() * RESULT_LINES.len());
        for role in &input.results {
            let given = input.previous_results.iter().find(|r| r.role == role.role);
            for (suffix, get) in RESULT_LINES {
                // As the surveys' lines: without a previous period, nor results given for one.
                let previous = match given {
                    Some(p) => Some(get(p)),
                    None => had_before.then_some(Metric::none(Reason::NotGiven)),
                };
                let mut l = line(
                    result_key(&role.role, suffix),
                    Some(role.role.clone()),
                    Unit::Percent,
                    true,
                    Cadence::Operational,
                    get(role),
                    previous,
                );
                l.role_name.clone_from(&role.name);
                customer_results.push(l);
            }
        }
        Ok(Scorecard {
            period: t,
            customer_results,
            company,
            caveat: CAVEAT,
        })
    }
}

fn result_key(role: &str, suffix: &str) -> String {
    msg!("results.", role, ".", suffix)
}

fn unknown_line(list: &str, key: &str) -> Error {
    Error::new(
        ErrorCode::UnknownOption,
        msg!(list, ".", key),
        "is not a scorecard line (see the line keys in the docs)",
    )
}

fn check_results(list: &[RoleResults], name: &str) -> Result<(), Error> {
    for (i, r) in list.iter().enumerate() {
        let at = |field: &str| msg!(element(name, i), ".", field);
        if list[..i].iter().any(|other| other.role == r.role) {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                at("role"),
                msg!("must be unique, ", Quoted(&r.role), " is used twice"),
            ));
        }
        if let Some(gain) = r.average_gain {
            finite(gain, &|| at("averageGain"))?;
        }
        for (value, field) in [
            (r.measures_in_place, "measuresInPlace"),
            (r.measurable_gain, "measurableGain"),
            (r.goal_achieved, "goalAchieved"),
        ] {
            if let Some(x) = value {
                within(x, 0.0, 100.0, &|| at(field))?;
            }
        }
    }
    Ok(())
}
