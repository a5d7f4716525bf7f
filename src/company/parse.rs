//! Company input read from a [`Value`] (the one input layer,
//! [`crate::input`]): records, scorecard options, health, advocates,
//! lifetime value and the results-revenue link. Paths in errors are the
//! ones JS callers see, e.g. `accounts[3].movements[1].churn`.

use super::advocates::AdvocateSignals;
use super::check::{finite, non_empty, non_negative, within, Ids};
use super::data::{
    AccountInput, AdvocacyInput, CompanyInput, FinanceInput, Movements, PeriodInput, SupportInput,
    UsageInput,
};
use super::finance::{clv_margin_churn, clv_purchase, clv_simple};
use super::health::{HealthInput, HealthModel};
use super::link::{goals_per_account, AccountResults};
use super::scorecard::{Benchmark, HealthBands, RoleResults, ScorecardInput, SurveyResults};
use super::value::{Metric, Reason};
use crate::error::{element, msg, Error, ErrorCode, Num, Quoted};
use crate::input::{boolean, choice, each, index, into_numbers, string, Obj, Value};
use crate::survey::nps::NpsCounts;

impl CompanyInput {
    /// Reads `{ periods, accounts, finance? }` (see `CompanyRecords` in
    /// the TypeScript declarations).
    pub fn from_value(value: &Value) -> Result<CompanyInput, Error> {
        company_input(value)
    }
}

impl ScorecardInput {
    /// Reads the scorecard options (`null`: all defaults).
    pub fn from_value(value: &Value) -> Result<ScorecardInput, Error> {
        scorecard_input(value)
    }
}

fn company_input(value: &Value) -> Result<CompanyInput, Error> {
    // The argument is `records`; its fields are named from its root.
    Obj::loose(value, "records")?;
    let o = Obj::new(value, "", &["periods", "accounts", "finance"])?;
    let periods = each(o.array("periods")?, "periods", |item, path| {
        let p = Obj::new(item, path, &["start", "end"])?;
        Ok(PeriodInput {
            start: p.string("start")?,
            end: p.string("end")?,
        })
    })?;
    let accounts = each(o.array("accounts")?, "accounts", account)?;
    let finance = match o.opt_array("finance")? {
        // A period holding `null` (or a hole) gives no figures, as `{}` does.
        Some(list) => each(list, "finance", |item, path| {
            let Some(f) = Obj::optional(
                item,
                path,
                &[
                    "acquisitionCost",
                    "retentionCost",
                    "revenue",
                    "grossProfit",
                    "netIncome",
                    "fte",
                    "cash",
                    "netBurn",
                    "ebitda",
                    "interest",
                    "taxes",
                    "depreciationAmortization",
                ],
            )?
            else {
                return Ok(FinanceInput::default());
            };
            Ok(FinanceInput {
                acquisition_cost: f.opt_number("acquisitionCost")?,
                retention_cost: f.opt_number("retentionCost")?,
                revenue: f.opt_number("revenue")?,
                gross_profit: f.opt_number("grossProfit")?,
                net_income: f.opt_number("netIncome")?,
                fte: f.opt_number("fte")?,
                cash: f.opt_number("cash")?,
                net_burn: f.opt_number("netBurn")?,
                ebitda: f.opt_number("ebitda")?,
                interest: f.opt_number("interest")?,
                taxes: f.opt_number("taxes")?,
                depreciation_amortization: f.opt_number("depreciationAmortization")?,
            })
        })?,
        None => Vec::new(),
    };
    Ok(CompanyInput {
        periods,
        accounts,
        finance,
    })
}

const ACCOUNT_KEYS: [&str; 15] = [
    "id",
    "signupDate",
    "trialStartDate",
    "convertedDate",
    "firstValueDate",
    "activationDate",
    "openingMrr",
    "mrr",
    "movements",
    "plans",
    "seats",
    "renewalDue",
    "support",
    "usage",
    "advocacy",
];

/// A per-period list of objects: a period holding `null` (or `undefined`,
/// a hole) is not given, `None`, as an optional field is absent.
fn per_period<'a, T>(
    items: &'a [Value],
    path: &str,
    mut read: impl FnMut(&'a Value, String) -> Result<T, Error>,
) -> Result<Vec<Option<T>>, Error> {
    each(items, path, |item, path| match item {
        Value::Null => Ok(None),
        _ => read(item, path).map(Some),
    })
}

fn account(item: &Value, path: String) -> Result<AccountInput, Error> {
    let a = Obj::new(item, path, &ACCOUNT_KEYS)?;
    let list = |key: &str| {
        a.opt_array(key)
            .map(|array| array.map(|array| (array, a.field(key))))
    };
    let movements = match list("movements")? {
        Some((array, path)) => Some(per_period(array, &path, |item, path| {
            let m = Obj::new(
                item,
                path,
                &[
                    "new",
                    "upsell",
                    "crossSell",
                    "seats",
                    "contraction",
                    "churn",
                    "reactivation",
                ],
            )?;
            Ok(Movements {
                new: m.number_or("new", 0.0)?,
                upsell: m.number_or("upsell", 0.0)?,
                cross_sell: m.number_or("crossSell", 0.0)?,
                seats: m.number_or("seats", 0.0)?,
                contraction: m.number_or("contraction", 0.0)?,
                churn: m.number_or("churn", 0.0)?,
                reactivation: m.number_or("reactivation", 0.0)?,
            })
        })?),
        None => None,
    };
    let plans = match list("plans")? {
        Some((array, path)) => Some(each(array, &path, |item, path| string(Some(item), &path))?),
        None => None,
    };
    let renewal_due = match list("renewalDue")? {
        Some((array, path)) => Some(each(array, &path, |item, path| boolean(Some(item), &path))?),
        None => None,
    };
    let support = match list("support")? {
        Some((array, path)) => Some(per_period(array, &path, |item, path| {
            let s = Obj::new(item, path, &["cases", "resolvedFirstContact"])?;
            Ok(SupportInput {
                cases: s.number("cases")?,
                resolved_first_contact: s.number("resolvedFirstContact")?,
            })
        })?),
        None => None,
    };
    let usage = match list("usage")? {
        Some((array, path)) => Some(per_period(array, &path, |item, path| {
            let u = Obj::new(
                item,
                path,
                &[
                    "dau",
                    "wau",
                    "mau",
                    "activeDays",
                    "sessions",
                    "sessionMinutes",
                    "featureUsers",
                ],
            )?;
            // Left out (or null): not given, NaN (see UsageInput); a given
            // NaN or infinity is NOT_FINITE.
            let given = |key: &str| match u.opt_number(key)? {
                Some(x) => finite(x, &|| u.field(key)),
                None => Ok(f64::NAN),
            };
            Ok(UsageInput {
                dau: given("dau")?,
                wau: given("wau")?,
                mau: given("mau")?,
                active_days: given("activeDays")?,
                sessions: given("sessions")?,
                session_minutes: given("sessionMinutes")?,
                feature_users: u.opt_number_map("featureUsers")?.unwrap_or_default(),
            })
        })?),
        None => None,
    };
    let advocacy = match list("advocacy")? {
        Some((array, path)) => Some(per_period(array, &path, |item, path| {
            let v = Obj::new(
                item,
                path,
                &["referrals", "reviews", "testimonials", "caseStudies"],
            )?;
            Ok(AdvocacyInput {
                referrals: v.number_or("referrals", 0.0)?,
                reviews: v.number_or("reviews", 0.0)?,
                testimonials: v.number_or("testimonials", 0.0)?,
                case_studies: v.number_or("caseStudies", 0.0)?,
            })
        })?),
        None => None,
    };
    Ok(AccountInput {
        id: a.string("id")?,
        signup_date: a.opt_string("signupDate")?,
        trial_start_date: a.opt_string("trialStartDate")?,
        converted_date: a.opt_string("convertedDate")?,
        first_value_date: a.opt_string("firstValueDate")?,
        activation_date: a.opt_string("activationDate")?,
        opening_mrr: a.number_or("openingMrr", 0.0)?,
        mrr: a.numbers("mrr", false)?,
        movements,
        plans,
        seats: a.opt_numbers("seats", false)?,
        renewal_due,
        support,
        usage,
        advocacy,
    })
}

fn scorecard_input(value: &Value) -> Result<ScorecardInput, Error> {
    let Some(o) = Obj::optional(
        value,
        "options",
        &[
            "period",
            "results",
            "previousResults",
            "surveys",
            "previousSurveys",
            "health",
            "previousHealth",
            "targets",
            "benchmarks",
        ],
    )?
    else {
        return Ok(ScorecardInput::default());
    };
    let roles = |key: &str| -> Result<Vec<RoleResults>, Error> {
        match o.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(list)) => each(list, &o.field(key), role_results),
            Some(kpis) => {
                let roles = Obj::loose(kpis, o.field(key))?.array("roles")?;
                each(roles, &msg!(o.field(key), ".roles"), kpis_role)
            }
        }
    };
    let health = |key: &str| {
        o.get(key)
            .map(|h| health_bands(h, o.field(key)))
            .transpose()
    };
    let surveys = |key: &str| -> Result<SurveyResults, Error> {
        let Some(s) = Obj::optional(o.value(key), o.field(key), &["nps", "csat", "ces"])? else {
            return Ok(SurveyResults::default());
        };
        // Its counts: `{ promoters, passives, detractors }`, or the `nps()` result as it is.
        let nps = match s
            .get("nps")
            .map(|v| survey_line(v, s.field("nps"), &NPS_RESULT, "nps"))
            .transpose()?
        {
            Some(n) => {
                // A count below 0 is NEGATIVE_VALUE, a fraction VALUE_OUT_OF_RANGE.
                let count = |k: &str| -> Result<u64, Error> {
                    let x = non_negative(n.number(k)?, &|| n.field(k))?;
                    Ok(index(x, n.field(k))? as u64)
                };
                Some(NpsCounts {
                    promoters: count("promoters")?,
                    passives: count("passives")?,
                    detractors: count("detractors")?,
                })
            }
            None => None,
        };
        let csat = match s.get("csat") {
            Some(v) => {
                let c = survey_line(v, s.field("csat"), &CSAT_COUNTS, "csat")?;
                Some((c.number("satisfied")?, c.number("responses")?))
            }
            None => None,
        };
        let (ces, ces_scale) = match s.get("ces") {
            Some(v) => {
                let c = survey_line(v, s.field("ces"), &CES_RESULT, "ces")?;
                let scale = c.opt_number("scale")?;
                (Some((c.number("mean")?, c.number("easyShare")?)), scale)
            }
            None => (None, None),
        };
        Ok(SurveyResults {
            nps,
            csat,
            ces,
            ces_scale,
        })
    };
    let targets = o.opt_number_map("targets")?.unwrap_or_default();
    let benchmarks = match o.get("benchmarks") {
        Some(value) => {
            let b = Obj::loose(value, o.field("benchmarks"))?;
            b.entries()
                .iter()
                .map(|(k, range)| {
                    let range = Obj::optional(range, b.field(k), &["low", "high"])?;
                    let range = range
                        .map(|r| {
                            Ok::<_, Error>(Benchmark {
                                low: r.opt_number("low")?,
                                high: r.opt_number("high")?,
                            })
                        })
                        .transpose()?;
                    Ok((k.clone(), range))
                })
                .collect::<Result<Vec<_>, Error>>()?
        }
        None => Vec::new(),
    };
    Ok(ScorecardInput {
        period: o.opt_index("period")?,
        results: roles("results")?,
        previous_results: roles("previousResults")?,
        surveys: surveys("surveys")?,
        previous_surveys: surveys("previousSurveys")?,
        health: health("health")?,
        previous_health: health("previousHealth")?,
        targets,
        benchmarks,
    })
}

/// One role of the scorecard's results in percentages:
/// `{ role, averageGain?, measuresInPlace, measurableGain, goalAchieved }`.
fn role_results(item: &Value, path: String) -> Result<RoleResults, Error> {
    let r = Obj::new(
        item,
        path,
        &[
            "role",
            "averageGain",
            "measuresInPlace",
            "measurableGain",
            "goalAchieved",
        ],
    )?;
    let role = r.string("role")?;
    non_empty(&role, &|| r.field("role"))?; // it names the lines: results.<role>.goalAchieved
    Ok(RoleResults {
        role,
        name: None,
        average_gain: r.opt_number("averageGain")?,
        measures_in_place: Some(r.number("measuresInPlace")?),
        measurable_gain: Some(r.number("measurableGain")?),
        goal_achieved: Some(r.number("goalAchieved")?),
    })
}

/// One role of `ResultsStore.kpis()` output, as it is: its id, its
/// `averageGainPercent` and the `percent` of its three shares (`null`
/// when there was nothing to measure). Other keys are not read. Values
/// are checked here, where their paths in this form are known.
fn kpis_role(item: &Value, path: String) -> Result<RoleResults, Error> {
    let r = Obj::loose(item, path)?;
    let percent = |key: &str| -> Result<Option<f64>, Error> {
        let share = Obj::loose(r.raw(key), r.field(key))?;
        let field = || share.field("percent");
        share
            .opt_number("percent")?
            .map(|x| within(x, 0.0, 100.0, &field))
            .transpose()
    };
    let role = r.string("role")?;
    non_empty(&role, &|| r.field("role"))?;
    Ok(RoleResults {
        role,
        name: r.opt_string("name")?,
        average_gain: (r.opt_number("averageGainPercent")?)
            .map(|x| finite(x, &|| r.field("averageGainPercent")))
            .transpose()?,
        measures_in_place: percent("measuresInPlace")?,
        measurable_gain: percent("measurableGain")?,
        goal_achieved: percent("goalAchieved")?,
    })
}

/// Health bands from `healthScores()` output (accounts without a band are
/// not counted) or from `{ healthy, atRisk, critical }` counts.
/// A survey line's object, its keys among `known`. Its `kind`, when given,
/// is checked first: a CES `SurveyAggregate` summary passed as
/// `surveys.nps` is `KIND_MISMATCH` naming its `kind`, not refused by its
/// first key the line does not know.
fn survey_line<'a>(
    value: &'a Value,
    path: String,
    known: &[&str],
    kind: &str,
) -> Result<Obj<'a>, Error> {
    let result = Obj::loose(value, path.clone())?;
    match result.opt_string("kind")? {
        Some(got) if got != kind => Err(Error::new(
            ErrorCode::KindMismatch,
            result.field("kind"),
            msg!("must be ", Quoted(kind), ", got ", Quoted(&got)),
        )),
        _ => Obj::new(value, path, known),
    }
}

/// The keys of an `nps()` result and of a `ces()` one (`SurveyAggregate`'s
/// `summary` adds `kind`): the scorecard takes either as it is, and a key
/// neither has is a typo (`UNKNOWN_OPTION`).
const NPS_RESULT: [&str; 8] = [
    "kind",
    "score",
    "n",
    "promoters",
    "passives",
    "detractors",
    "lowSample",
    "interval",
];
/// The keys of the CSAT line: its counts (and a `kind`, as the others take).
const CSAT_COUNTS: [&str; 3] = ["kind", "satisfied", "responses"];
const CES_RESULT: [&str; 10] = [
    "kind",
    "mean",
    "n",
    "sd",
    "easy",
    "easyShare",
    "lowSample",
    "scale",
    "counts",
    "interval",
];

fn health_bands(value: &Value, path: String) -> Result<HealthBands, Error> {
    let Value::Array(items) = value else {
        let o = Obj::new(value, path, &["healthy", "atRisk", "critical"])?;
        let count = |k: &str| index(o.number(k)?, o.field(k));
        return Ok(HealthBands {
            healthy: count("healthy")?,
            at_risk: count("atRisk")?,
            critical: count("critical")?,
        });
    };
    let mut bands = HealthBands::default();
    each(items, &path, |item, path| {
        let o = Obj::new(item, path, &["id", "score", "band", "contributions"])?;
        if let Some(band) = o.get("band") {
            match choice(
                Some(band),
                &o.field("band"),
                &["healthy", "atRisk", "critical"],
                "must be \"healthy\", \"atRisk\", \"critical\" or null",
            )? {
                0 => bands.healthy += 1,
                1 => bands.at_risk += 1,
                _ => bands.critical += 1,
            }
        }
        Ok(())
    })?;
    Ok(bands)
}

/// The input of `healthScores`: the model and each account's values.
#[derive(Debug, Clone)]
pub struct HealthScoreInput {
    /// The weighted inputs and the band thresholds.
    pub model: HealthModel,
    /// Each account's id and values by input key.
    pub accounts: Vec<(String, Vec<(String, f64)>)>,
}

impl HealthScoreInput {
    /// Reads `{ inputs, bands?, accounts }`.
    pub fn from_value(value: &Value) -> Result<HealthScoreInput, Error> {
        // The argument is `input`; its fields are named from its root.
        Obj::loose(value, "input")?;
        let o = Obj::new(value, "", &["inputs", "bands", "accounts"])?;
        let inputs = each(o.array("inputs")?, "inputs", |item, path| {
            let i = Obj::new(
                item,
                path,
                &["key", "weight", "min", "max", "higherIsBetter"],
            )?;
            let key = i.string("key")?;
            non_empty(&key, &|| i.field("key"))?;
            Ok(HealthInput {
                key,
                weight: i.number("weight")?,
                min: i.number("min")?,
                max: i.number("max")?,
                higher_is_better: i.opt_bool("higherIsBetter")?.unwrap_or(true),
            })
        })?;
        let (healthy, at_risk) = match Obj::optional(
            o.value("bands"),
            "bands",
            &["healthy", "atRisk"],
        )? {
            Some(b) => {
                let healthy = b.number_or("healthy", 70.0)?;
                // Below atRisk's default, `healthy` is the one given: named, not the default.
                if b.get("atRisk").is_none() && healthy < 40.0 {
                    return Err(Error::new(
                            ErrorCode::ValueOutOfRange,
                            b.field("healthy"),
                            msg!(
                                "must be from 40 (atRisk's default) to 100 when atRisk is not given, got ",
                                Num(healthy)
                            ),
                        ));
                }
                (healthy, b.number_or("atRisk", 40.0)?)
            }
            None => (70.0, 40.0),
        };
        let model = HealthModel::new(inputs, healthy, at_risk)?;
        let accounts = each(o.array("accounts")?, "accounts", |item, path| {
            let a = Obj::new(item, path, &["id", "values"])?;
            let id = account_id(&a)?;
            // Required: a missing `values` is a mistake, not an account without inputs.
            let values = a.opt_number_map("values")?.ok_or_else(|| {
                crate::input::wrong_type(
                    a.field("values"),
                    "an object of numbers by input key",
                    None,
                )
            })?;
            Ok((id, values))
        })?;
        unique_accounts(accounts.iter().map(|(id, _)| id.as_str()))?;
        Ok(HealthScoreInput { model, accounts })
    }
}

/// Account ids each used once: the second use is `DUPLICATE_ID` on `accounts[i].id`.
fn unique_accounts<'a>(ids: impl Iterator<Item = &'a str>) -> Result<(), Error> {
    let mut seen = Ids::default();
    for (i, id) in ids.enumerate() {
        seen.insert(id, &|| msg!(element("accounts", i), ".id"))?;
    }
    Ok(())
}

/// An account's `id`: a string that says something (`EMPTY_TEXT`).
fn account_id(a: &Obj) -> Result<String, Error> {
    let id = a.string("id")?;
    non_empty(&id, &|| a.field("id"))?;
    Ok(id)
}

/// The input of `advocateCandidates`: each account's signals, and the
/// `limit` option (`usize::MAX` when absent).
pub fn advocates_input(
    accounts: &Value,
    options: &Value,
) -> Result<(Vec<AdvocateSignals>, usize), Error> {
    let Value::Array(list) = accounts else {
        return Err(crate::input::wrong_type(
            "accounts",
            "an array",
            Some(accounts),
        ));
    };
    let signals = each(list, "accounts", |item, path| {
        let a = Obj::new(
            item,
            path,
            &[
                "id",
                "usageDepth",
                "engagement",
                "nps",
                "csat",
                "events",
                "community",
            ],
        )?;
        Ok(AdvocateSignals {
            id: account_id(&a)?,
            usage_depth: a.opt_number("usageDepth")?,
            engagement: a.opt_number("engagement")?,
            nps: a.opt_number("nps")?,
            csat: a.opt_number("csat")?,
            events: a.opt_number("events")?,
            community: a.opt_number("community")?,
        })
    })?;
    unique_accounts(signals.iter().map(|s| s.id.as_str()))?;
    let limit = match Obj::optional(options, "options", &["limit"])? {
        Some(o) => o.opt_index("limit")?.unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    Ok((signals, limit))
}

/// Customer lifetime value in the form `input.form` names (see
/// `customerLifetimeValue`). Fields are named from the argument's root
/// (`form`, `averageArr`...), as the checks of each form name them.
pub fn lifetime_value(value: &Value) -> Result<Metric, Error> {
    let form = choice(
        Obj::loose(value, "input")?.raw("form"),
        "form",
        &["simple", "purchase", "marginChurn"],
        "must be \"simple\", \"purchase\" or \"marginChurn\"",
    )?;
    Ok(match form {
        0 => {
            let o = Obj::new(value, "", &["form", "averageArr", "lifespanYears"])?;
            Metric::of(
                clv_simple(o.number("averageArr")?, o.number("lifespanYears")?)?,
                Reason::NotGiven,
            )
        }
        1 => {
            let o = Obj::new(
                value,
                "",
                &[
                    "form",
                    "averagePurchaseValue",
                    "purchaseFrequency",
                    "lifespanYears",
                ],
            )?;
            let clv = clv_purchase(
                o.number("averagePurchaseValue")?,
                o.number("purchaseFrequency")?,
                o.number("lifespanYears")?,
            )?;
            Metric::of(clv, Reason::NotGiven)
        }
        _ => {
            let o = Obj::new(value, "", &["form", "arpa", "grossMargin", "churnRate"])?;
            clv_margin_churn(
                o.number("arpa")?,
                o.number("grossMargin")?,
                o.number("churnRate")?,
            )?
        }
    })
}

impl AccountResults {
    /// Reads the `resultsLink` argument for company data of `periods`
    /// periods (`to` defaults to the last); its arrays are moved out.
    pub fn from_value(mut value: Value, periods: usize) -> Result<AccountResults, Error> {
        const KEYS: [&str; 6] = [
            "goalProgress",
            "goalsPerAccount",
            "surveyScores",
            "achievingPercent",
            "from",
            "to",
        ];
        Obj::new(&value, "results", &KEYS)?;
        let goal_progress = value.take("goalProgress");
        let survey_scores = value.take("surveyScores");
        let o = Obj::new(&value, "results", &KEYS)?;
        let numbers = |v: Value, key: &str| into_numbers(v, &o.field(key), true);
        Ok(AccountResults {
            goal_progress: numbers(goal_progress, "goalProgress")?,
            goals_per_account: goals_per_account(o.number("goalsPerAccount")?)?,
            survey_scores: match survey_scores {
                Value::Null => None,
                v => Some(numbers(v, "surveyScores")?),
            },
            achieving_percent: o.number_or("achievingPercent", 50.0)?,
            from: o.opt_index("from")?.unwrap_or(0),
            to: o.opt_index("to")?.unwrap_or(periods.saturating_sub(1)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn json(text: &str) -> Value {
        Value::json(text)
    }

    fn refused<T: std::fmt::Debug>(r: Result<T, Error>) -> (ErrorCode, String) {
        let e = r.unwrap_err();
        (e.code(), e.field().to_owned())
    }

    const RECORDS: &str = r#"{
        "periods": [{ "start": "2026-01-01", "end": "2026-01-31" }],
        "accounts": [
            { "id": "a", "openingMrr": 100, "mrr": [120], "plans": ["pro"], "renewalDue": [true],
              "movements": [{ "upsell": 20 }], "support": [{ "cases": 2, "resolvedFirstContact": 1 }],
              "usage": [{ "mau": 3, "featureUsers": { "export": 2 } }], "advocacy": [{ "referrals": 1 }],
              "signupDate": null },
            { "id": "b", "mrr": [50] }
        ],
        "finance": [{ "revenue": 170, "fte": null }]
    }"#;

    #[test]
    fn company_records() {
        let input = CompanyInput::from_value(&json(RECORDS)).unwrap();
        let a = &input.accounts[0];
        assert_eq!(
            (a.opening_mrr, a.mrr.clone(), a.signup_date.clone()),
            (100.0, vec![120.0], None)
        );
        assert_eq!(a.movements.as_ref().unwrap()[0].unwrap().upsell, 20.0);
        assert_eq!(
            a.usage.as_ref().unwrap()[0].as_ref().unwrap().feature_users,
            [("export".to_string(), 2.0)]
        );
        assert_eq!(
            (input.finance[0].revenue, input.finance[0].fte),
            (Some(170.0), None)
        );
        // A `null` period of finance gives no figures, as in every other per-period list.
        let blank = RECORDS.replace(r#"[{ "revenue": 170, "fte": null }]"#, "[null]");
        assert_eq!(
            CompanyInput::from_value(&json(&blank)).unwrap().finance,
            [FinanceInput::default()]
        );
        let bad =
            |from: &str, to: &str| CompanyInput::from_value(&json(&RECORDS.replace(from, to)));
        assert_eq!(
            refused(bad(r#""mrr": [50]"#, r#""mrr": [50, "x"]"#)),
            (ErrorCode::WrongType, "accounts[1].mrr[1]".into())
        );
        assert_eq!(
            refused(bad(r#""upsell": 20"#, r#""upsel": 20"#)),
            (
                ErrorCode::UnknownOption,
                "accounts[0].movements[0].upsel".into()
            )
        );
        assert_eq!(
            refused(bad(r#""plans": ["pro"]"#, r#""plans": [1]"#)),
            (ErrorCode::WrongType, "accounts[0].plans[0]".into())
        );
        assert_eq!(
            refused(bad(r#""start": "2026-01-01", "#, "")),
            (ErrorCode::WrongType, "periods[0].start".into())
        );
    }

    #[test]
    fn scorecard_options() {
        assert_eq!(
            ScorecardInput::from_value(&Value::Null).unwrap(),
            ScorecardInput::default()
        );
        let o = ScorecardInput::from_value(&json(
            r#"{ "period": null, "targets": { "nrr": 102 }, "benchmarks": { "nps": null, "csat": { "low": 70 } },
                 "results": [{ "role": "SDR", "measuresInPlace": 80, "measurableGain": 50, "goalAchieved": 40 }],
                 "previousResults": { "roles": [{ "role": "sdr", "name": "SDR", "measuresInPlace": { "percent": 90 },
                 "measurableGain": { "percent": 60 }, "goalAchieved": { "percent": null } }] },
                 "surveys": { "nps": { "promoters": 5, "passives": 3, "detractors": 2 }, "csat": null },
                 "health": [{ "band": "healthy" }, { "band": null }, { "band": "critical" }] }"#,
        ))
        .unwrap();
        assert_eq!(
            (o.period, o.targets.clone()),
            (None, vec![("nrr".to_string(), 102.0)])
        );
        // (serde_json sorts keys: "csat" before "nps")
        assert_eq!(o.benchmarks[1], ("nps".to_string(), None));
        assert_eq!(o.results[0].goal_achieved, Some(40.0));
        assert_eq!(o.previous_results[0].name.as_deref(), Some("SDR"));
        assert_eq!(o.surveys.nps.unwrap().promoters, 5);
        // The nps() result as it is.
        let whole = json(
            r#"{ "surveys": { "nps": { "kind": "nps", "score": 30, "n": 10, "promoters": 5, "passives": 3,
                 "detractors": 2, "interval": { "low": -10, "high": 70, "level": 0.95 }, "lowSample": true } } }"#,
        );
        assert_eq!(
            ScorecardInput::from_value(&whole)
                .unwrap()
                .surveys
                .nps
                .unwrap()
                .detractors,
            2
        );
        let h = o.health.unwrap();
        assert_eq!((h.healthy, h.at_risk, h.critical), (1, 0, 1));
        let cases = [
            (
                r#"{ "perod": 1 }"#,
                ErrorCode::UnknownOption,
                "options.perod",
            ),
            (
                r#"{ "period": -1 }"#,
                ErrorCode::ValueOutOfRange,
                "options.period",
            ),
            (
                r#"{ "targets": { "nrr": "high" } }"#,
                ErrorCode::WrongType,
                "options.targets.nrr",
            ),
            (
                r#"{ "health": [{ "band": "sick" }] }"#,
                ErrorCode::InvalidChoice,
                "options.health[0].band",
            ),
            (
                r#"{ "surveys": { "nps": { "promoters": 1.5, "passives": 0, "detractors": 0 } } }"#,
                ErrorCode::ValueOutOfRange,
                "options.surveys.nps.promoters",
            ),
            // A key that neither the counts nor the function's result has is a typo.
            (
                r#"{ "surveys": { "nps": { "promoters": 1, "passives": 0, "detractors": 0, "detracters": 9 } } }"#,
                ErrorCode::UnknownOption,
                "options.surveys.nps.detracters",
            ),
            // A result of another kind is not this line's.
            (
                r#"{ "surveys": { "nps": { "kind": "ces", "promoters": 2, "passives": 0, "detractors": 0 } } }"#,
                ErrorCode::KindMismatch,
                "options.surveys.nps.kind",
            ),
            (
                r#"{ "previousSurveys": { "ces": { "kind": "csat", "mean": 5, "easyShare": 50 } } }"#,
                ErrorCode::KindMismatch,
                "options.previousSurveys.ces.kind",
            ),
            // A whole summary of another kind: its kind is named, not its first key the line lacks.
            (
                r#"{ "surveys": { "nps": { "kind": "ces", "mean": 5, "n": 2, "sd": 1, "easy": 1, "easyShare": 50 } } }"#,
                ErrorCode::KindMismatch,
                "options.surveys.nps.kind",
            ),
            (
                r#"{ "surveys": { "ces": { "kind": "nps", "score": 20, "n": 5, "promoters": 2, "passives": 2, "detractors": 1 } } }"#,
                ErrorCode::KindMismatch,
                "options.surveys.ces.kind",
            ),
            (
                r#"{ "surveys": { "csat": { "kind": "ces", "mean": 5, "n": 2 } } }"#,
                ErrorCode::KindMismatch,
                "options.surveys.csat.kind",
            ),
            (
                r#"{ "surveys": { "csat": { "kind": "csat", "satisfied": 1, "responses": 2, "score": 50 } } }"#,
                ErrorCode::UnknownOption,
                "options.surveys.csat.score",
            ),
            (
                r#"{ "surveys": { "nps": { "kind": 1, "promoters": 2, "passives": 0, "detractors": 0 } } }"#,
                ErrorCode::WrongType,
                "options.surveys.nps.kind",
            ),
            (
                r#"{ "surveys": { "ces": { "mean": 5, "easyShare": 50, "easyshare": 60 } } }"#,
                ErrorCode::UnknownOption,
                "options.surveys.ces.easyshare",
            ),
            (
                r#"{ "health": [{ "band": "healthy", "bnd": "critical" }] }"#,
                ErrorCode::UnknownOption,
                "options.health[0].bnd",
            ),
            (
                r#"{ "results": [{ "role": "", "measuresInPlace": 1, "measurableGain": 1, "goalAchieved": 1 }] }"#,
                ErrorCode::EmptyText,
                "options.results[0].role",
            ),
            // ResultsStore.kpis() as it is: its own paths.
            (
                r#"{ "results": { "roles": [{ "role": "sdr", "measuresInPlace": { "percent": 200 },
                     "measurableGain": { "percent": 1 }, "goalAchieved": { "percent": null } }] } }"#,
                ErrorCode::ValueOutOfRange,
                "options.results.roles[0].measuresInPlace.percent",
            ),
        ];
        for (text, code, field) in cases {
            assert_eq!(
                refused(ScorecardInput::from_value(&json(text))),
                (code, field.into()),
                "{text}"
            );
        }
    }

    /// A whole-number option that is `NaN` or infinite is `NOT_FINITE`, as
    /// every number that is not finite: no range is the rule it breaks.
    #[test]
    fn whole_numbers_not_finite() {
        let with = |key: &str, x: f64| Value::object([(key, Value::Number(x))]);
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(
                refused(ScorecardInput::from_value(&with("period", x))),
                (ErrorCode::NotFinite, "options.period".into())
            );
            assert_eq!(
                refused(advocates_input(&json("[]"), &with("limit", x))),
                (ErrorCode::NotFinite, "options.limit".into())
            );
            for key in ["goalsPerAccount", "from", "to"] {
                let mut link = json(r#"{ "goalProgress": [], "goalsPerAccount": 1 }"#);
                if let Value::Object(fields) = &mut link {
                    fields.retain(|(k, _)| k != key);
                    fields.push((key.into(), Value::Number(x)));
                }
                assert_eq!(
                    refused(AccountResults::from_value(link, 2)),
                    (ErrorCode::NotFinite, format!("results.{key}"))
                );
            }
        }
    }

    #[test]
    fn health_advocates_lifetime_value_and_link() {
        let h = HealthScoreInput::from_value(&json(
            r#"{ "inputs": [{ "key": "days", "weight": 1, "min": 0, "max": 20 }], "bands": null,
                 "accounts": [{ "id": "a", "values": { "days": 10 } }] }"#,
        ))
        .unwrap();
        assert_eq!(h.accounts[0].1, [("days".to_string(), 10.0)]);
        assert_eq!(
            refused(HealthScoreInput::from_value(&json(
                r#"{ "inputs": [{ "key": "d" }], "accounts": [] }"#
            ))),
            (ErrorCode::WrongType, "inputs[0].weight".into())
        );
        // A `healthy` band below atRisk's default names `healthy`, the one given; with an
        // `atRisk` at most it, it is a model.
        let bands = |bands: &str| {
            HealthScoreInput::from_value(&json(&format!(
                r#"{{ "inputs": [{{ "key": "d", "weight": 1, "min": 0, "max": 1 }}], "bands": {bands}, "accounts": [] }}"#
            )))
        };
        assert_eq!(
            refused(bands(r#"{ "healthy": 10 }"#)),
            (ErrorCode::ValueOutOfRange, "bands.healthy".into())
        );
        assert!(bands(r#"{ "healthy": 10, "atRisk": 5 }"#).is_ok());
        assert_eq!(
            refused(bands(r#"{ "healthy": 10, "atRisk": 50 }"#)),
            (ErrorCode::ValueOutOfRange, "bands.atRisk".into())
        );
        // `values` is required (WRONG_TYPE), null as missing.
        for account in [r#"{ "id": "a" }"#, r#"{ "id": "a", "values": null }"#] {
            let text = format!(
                r#"{{ "inputs": [{{ "key": "d", "weight": 1, "min": 0, "max": 1 }}], "accounts": [{account}] }}"#
            );
            assert_eq!(
                refused(HealthScoreInput::from_value(&json(&text))),
                (ErrorCode::WrongType, "accounts[0].values".into())
            );
        }
        // An account's NPS is -100..100, as nps() gives it: below 0 is fine, above 100 is not.
        let ranked = |accounts: &str| {
            let (signals, _) = advocates_input(&json(accounts), &Value::Null)?;
            super::super::advocates::advocate_candidates(&signals, usize::MAX)
        };
        let ids = |accounts: &str| -> Vec<String> {
            ranked(accounts)
                .unwrap()
                .into_iter()
                .map(|c| c.id)
                .collect()
        };
        assert_eq!(
            ids(r#"[{ "id": "a", "nps": -50 }, { "id": "b", "nps": 100 }]"#),
            ["b", "a"]
        );
        for (nps, code) in [
            ("100.5", ErrorCode::ValueOutOfRange),
            ("-101", ErrorCode::ValueOutOfRange),
        ] {
            let text = format!(r#"[{{ "id": "a", "nps": 20 }}, {{ "id": "b", "nps": {nps} }}]"#);
            assert_eq!(refused(ranked(&text)), (code, "accounts[1].nps".into()));
        }
        // No signal: nothing ranks the account, so it is left out.
        assert_eq!(ids(r#"[{ "id": "a", "nps": 20 }, { "id": "b" }]"#), ["a"]);
        let (signals, limit) =
            advocates_input(&json(r#"[{ "id": "a", "nps": null }]"#), &Value::Null).unwrap();
        assert_eq!((signals[0].nps, limit), (None, usize::MAX));
        assert_eq!(
            refused(advocates_input(&json("[]"), &json(r#"{ "limit": 1.5 }"#))),
            (ErrorCode::ValueOutOfRange, "options.limit".into())
        );
        // An account id says something, as in CompanyData.
        assert_eq!(
            refused(advocates_input(&json(r#"[{ "id": "" }]"#), &Value::Null)),
            (ErrorCode::EmptyText, "accounts[0].id".into())
        );
        assert_eq!(
            refused(HealthScoreInput::from_value(&json(
                r#"{ "inputs": [{ "key": "d", "weight": 1, "min": 0, "max": 1 }], "accounts": [{ "id": "a", "values": {} }, { "id": "" }] }"#
            ))),
            (ErrorCode::EmptyText, "accounts[1].id".into())
        );
        // Blank is empty, as ResultsStore's ids: ids and input keys alike.
        assert_eq!(
            refused(HealthScoreInput::from_value(&json(
                r#"{ "inputs": [{ "key": "d", "weight": 1, "min": 0, "max": 1 }], "accounts": [{ "id": " \t", "values": {} }] }"#
            ))),
            (ErrorCode::EmptyText, "accounts[0].id".into())
        );
        assert_eq!(
            refused(advocates_input(&json(r#"[{ "id": "   " }]"#), &Value::Null)),
            (ErrorCode::EmptyText, "accounts[0].id".into())
        );
        assert_eq!(
            refused(HealthScoreInput::from_value(&json(
                r#"{ "inputs": [{ "key": "", "weight": 1, "min": 0, "max": 1 }], "accounts": [] }"#
            ))),
            (ErrorCode::EmptyText, "inputs[0].key".into())
        );
        assert_eq!(
            refused(
                CompanyInput::from_value(&json(&RECORDS.replace(r#""id": "b""#, r#""id": "  ""#)))
                    .and_then(|input| super::super::data::CompanyData::new(&input))
            ),
            (ErrorCode::EmptyText, "accounts[1].id".into())
        );
        let clv = lifetime_value(&json(
            r#"{ "form": "simple", "averageArr": 10, "lifespanYears": 3 }"#,
        ))
        .unwrap();
        assert_eq!(clv.value, Some(30.0));
        assert_eq!(
            refused(lifetime_value(&json(
                r#"{ "form": "simple", "averageArr": 10, "churn": 3 }"#
            ))),
            (ErrorCode::UnknownOption, "churn".into())
        );
        // A form that is not one of the three is a choice, named as its
        // wrong type is: `form`.
        assert_eq!(
            refused(lifetime_value(&json(r#"{ "form": "x" }"#))),
            (ErrorCode::InvalidChoice, "form".into())
        );
        assert_eq!(
            refused(lifetime_value(&json(r#"{ "form": 3 }"#))),
            (ErrorCode::WrongType, "form".into())
        );
        let e = lifetime_value(&json(r#"{ "form": "Simple" }"#)).unwrap_err();
        assert_eq!(
            e.message(),
            r#"form: must be "simple", "purchase" or "marginChurn", got the string "Simple""#
        );
        // `to` defaults to the last period; no periods at all is not a panic.
        let link = json(r#"{ "goalProgress": [0.5, null], "goalsPerAccount": 2 }"#);
        assert_eq!(AccountResults::from_value(link.clone(), 12).unwrap().to, 11);
        assert_eq!(AccountResults::from_value(link.clone(), 0).unwrap().to, 0);
        assert!(AccountResults::from_value(link.clone(), 1)
            .unwrap()
            .goal_progress[1]
            .is_nan());
        // 0 and 0.5 are refused with one rule.
        for bad in ["0", "0.5", "1.5"] {
            let text = format!(r#"{{ "goalProgress": [], "goalsPerAccount": {bad} }}"#);
            let e = AccountResults::from_value(json(&text), 1).unwrap_err();
            assert_eq!(
                e.message(),
                format!("results.goalsPerAccount: must be a whole number from 1 to 4294967295, got {bad}")
            );
        }
    }
}
