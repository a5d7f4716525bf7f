//! Company KPIs and the scorecard: the `CompanyData` class (built from
//! records or from an MRR matrix) and the health, advocate and CLV
//! functions.

use js_sys::Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::object::{each, index, numbers, Obj};
use crate::company::advocates::{advocate_candidates, AdvocateSignals};
use crate::company::data::{
    self, AccountInput, AdvocacyInput, CompanyInput, FinanceInput, Movements, PeriodInput,
    SupportInput, UsageInput,
};
use crate::company::finance::{clv_margin_churn, clv_purchase, clv_simple};
use crate::company::health::{HealthInput, HealthModel};
use crate::company::link::AccountResults;
use crate::company::scorecard::{
    Benchmark, HealthBands, RoleResults, ScorecardInput, SurveyResults,
};
use crate::company::value::Metric;
use crate::error::{Error, ErrorCode};
use crate::survey::nps::NpsCounts;

#[wasm_bindgen(typescript_custom_section)]
const TS_COMPANY: &'static str = r#"
/** A metric value, or `null` with the reason it is not available. */
export interface MetricValue {
  value: number | null;
  /** e.g. `"NO_STARTING_MRR"`, `"NO_CHURN"`, `"NOT_GIVEN"`; `null` when `value` is a number. */
  reason: string | null;
}

/** MRR movements of one account in one period (all >= 0, default 0). */
export interface MrrMovements {
  new?: number; upsell?: number; crossSell?: number; seats?: number;
  contraction?: number; churn?: number; reactivation?: number;
}

export interface AccountRecord {
  id: string;
  /** Dates as `YYYY-MM-DD`. */
  signupDate?: string; trialStartDate?: string; convertedDate?: string;
  firstValueDate?: string; activationDate?: string;
  /** MRR just before the first period (default 0). */
  openingMrr?: number;
  /** MRR at the end of each period. */
  mrr: readonly number[] | Float64Array;
  /** Per period; derived from `mrr` when absent. */
  movements?: readonly MrrMovements[];
  plans?: readonly string[];
  seats?: readonly number[] | Float64Array;
  renewalDue?: readonly boolean[];
  support?: readonly { cases: number; resolvedFirstContact: number }[];
  /** Per period: how many times the account did each (default 0). */
  advocacy?: readonly { referrals?: number; reviews?: number; testimonials?: number; caseStudies?: number }[];
  usage?: readonly {
    dau?: number; wau?: number; mau?: number; activeDays?: number;
    sessions?: number; sessionMinutes?: number;
    featureUsers?: Record<string, number>;
  }[];
}

export interface PeriodFinance {
  acquisitionCost?: number; retentionCost?: number; revenue?: number;
  grossProfit?: number; netIncome?: number; fte?: number; cash?: number; netBurn?: number;
  /** Given, or derived as netIncome + interest + taxes + depreciationAmortization. */
  ebitda?: number; interest?: number; taxes?: number; depreciationAmortization?: number;
}

export interface CompanyRecords {
  /** Contiguous periods, oldest first; `end` is the first day after the period. */
  periods: readonly { start: string; end: string }[];
  accounts: readonly AccountRecord[];
  /** One entry per period, or absent. */
  finance?: readonly PeriodFinance[];
}

export interface RevenueMetrics {
  startingMrr: number; mrr: number; arr: number; netNewArr: number;
  startingAccounts: number; accounts: number; newAccounts: number; lostAccounts: number;
  /** Accounts with new MRR (first-time paying; CAC's denominator). */
  newLogos: number;
  newMrr: number; upsellMrr: number; crossSellMrr: number; seatsMrr: number;
  expansionMrr: number; contractionMrr: number; churnedMrr: number; reactivationMrr: number;
  arpa: MetricValue; arpu: MetricValue; nrr: MetricValue; grr: MetricValue;
  revenueChurn: MetricValue; logoChurn: MetricValue; crr: MetricValue;
  /** Expansion MRR / starting MRR x 100. */
  expansionRate: MetricValue;
  /** Paying accounts that bought before this period / paying accounts x 100. */
  repeatPurchaseRate: MetricValue;
  accountsExpanded: MetricValue; upsellRate: MetricValue; renewalRate: MetricValue;
}

export interface FinanceMetrics {
  cac: MetricValue;
  /** Period length in years / logo churn rate. */
  lifespanYears: MetricValue;
  /** ARR per account x lifespan in years; `clvMargin` = clv x gross margin. */
  clv: MetricValue; clvMargin: MetricValue; ltvCac: MetricValue;
  grossMargin: MetricValue; netMargin: MetricValue;
  ebitda: MetricValue; ebitdaMargin: MetricValue;
  revenuePerFte: MetricValue;
  cash: MetricValue; netBurn: MetricValue; runway: MetricValue; retentionCost: MetricValue;
}

export interface PeriodMetrics {
  period: number;
  revenue: RevenueMetrics;
  finance: FinanceMetrics;
  funnel: {
    trials: number; trialConversion: MetricValue; signups: number;
    conversion: MetricValue; activation: MetricValue;
    timeToValue: { n: number; median: MetricValue; p25: MetricValue; p75: MetricValue; p90: MetricValue;
      /** < 1 day, 1-7, 7-14, 14-30, 30-60, 60-90, >= 90 */
      buckets: number[] };
  };
  support: { ticketVolume: MetricValue; ticketsPerAccount: MetricValue; fcr: MetricValue };
  usage: {
    dau: MetricValue; wau: MetricValue; mau: MetricValue; stickiness: MetricValue;
    timeInApp: MetricValue; sessionLength: MetricValue; activeDays: MetricValue;
    /** Mean of active days / days in the period x 100. */
    loginConsistency: MetricValue;
    features: { feature: string; users: number; adoption: MetricValue }[];
  };
  advocacy: {
    referrals: MetricValue; reviews: MetricValue; testimonials: MetricValue; caseStudies: MetricValue;
    /** Paying accounts that did at least one; `advocacyRate` = advocates / paying accounts x 100. */
    advocates: MetricValue; advocacyRate: MetricValue;
  };
}

export interface CohortRetention {
  /** `signups`: accounts that signed up in the period; `accounts`: those paying at its end. */
  cohort: number; signups: number; accounts: number; startingMrr: number;
  /** Index k: after k periods. */
  nrr: MetricValue[]; grr: MetricValue[];
}

export interface RoleResults {
  role: string; averageGain?: number;
  measuresInPlace: number; measurableGain: number; goalAchieved: number;
}

export interface SurveyResults {
  nps?: { promoters: number; passives: number; detractors: number };
  csat?: { satisfied: number; responses: number };
  /** `ces()` output as it is (its `mean` and `easyShare` are read). */
  ces?: { mean: number; easyShare: number };
}

/** `healthScores()` output as it is, or the count of accounts per band. */
export type HealthBands = readonly { band: "healthy" | "atRisk" | "critical" | null }[]
  | { healthy: number; atRisk: number; critical: number };

export interface ScorecardOptions {
  /** Period index; default the last. */
  period?: number;
  /** `ResultsStore.kpis(at)` output as it is, or percentages per role. */
  results?: ResultsKpis | readonly RoleResults[]; previousResults?: ResultsKpis | readonly RoleResults[];
  surveys?: SurveyResults; previousSurveys?: SurveyResults;
  health?: HealthBands; previousHealth?: HealthBands;
  /** Targets by line key, e.g. `{ nrr: 105, logoChurn: 2 }`. */
  targets?: Record<string, number>;
  /** Benchmark overrides by line key; `null` removes a default. */
  benchmarks?: Record<string, { low?: number; high?: number } | null>;
}

export interface ScorecardLine {
  /** `role`: the role of a customer-results line; `roleName`: its name when the results came from `kpis()`. */
  key: string; role: string | null; roleName: string | null;
  unit: "currency" | "percent" | "ratio" | "count" | "days" | "minutes" | "periods" | "score";
  higherIsBetter: boolean; cadence: "operational" | "strategic";
  value: MetricValue; previous: MetricValue; change: MetricValue;
  target: number | null; status: "onTrack" | "offTrack" | "noTarget" | "notAvailable";
  benchmark: { low: number | null; high: number | null } | null; withinBenchmark: boolean | null;
}

export interface Scorecard {
  period: number; customerResults: ScorecardLine[]; company: ScorecardLine[]; caveat: string;
}

export interface AccountResults {
  /** Goal progress per goal slot, `goalsPerAccount` per account, NaN/null = no goal. */
  goalProgress: readonly (number | null)[] | Float64Array;
  goalsPerAccount: number;
  /** One score per account, NaN/null = none. */
  surveyScores?: readonly (number | null)[] | Float64Array;
  /** % of its goals an account must achieve to count as achieving (0..100, default 50). */
  achievingPercent?: number;
  /** Window of periods, default all. */
  from?: number; to?: number;
}

export interface GroupOutcome { accounts: number; retention: MetricValue; expansion: MetricValue; nrr: MetricValue }

export interface ResultsRevenueLink {
  from: number; to: number; achieving: GroupOutcome; notAchieving: GroupOutcome; withoutGoals: number;
  correlations: { x: "goalAchievement" | "surveyScore"; y: "accountNrr" | "retained"; n: number; pearson: MetricValue; spearman: MetricValue }[];
  leadingIndicators: true; caveat: string;
}

export interface HealthScoreInput {
  inputs: readonly { key: string; weight: number; min: number; max: number; higherIsBetter?: boolean }[];
  /** Band thresholds on 0..100; default `{ healthy: 70, atRisk: 40 }`. */
  bands?: { healthy?: number; atRisk?: number };
  accounts: readonly { id: string; values: Record<string, number> }[];
}

export interface HealthScore {
  id: string; score: MetricValue; band: "healthy" | "atRisk" | "critical" | null;
  contributions: { key: string; value: number | null; normalized: number | null; points: number }[];
}

export interface AdvocateSignals {
  id: string; usageDepth?: number; engagement?: number; nps?: number; csat?: number; events?: number; community?: number;
}

export interface AdvocateCandidate {
  id: string; rank: number; score: number;
  signals: { usageDepth: number | null; engagement: number | null; nps: number | null; csat: number | null; events: number | null; community: number | null };
}

export type ClvInput =
  | { form: "simple"; averageArr: number; lifespanYears: number }
  | { form: "purchase"; averagePurchaseValue: number; purchaseFrequency: number; lifespanYears: number }
  /** `grossMargin` and `churnRate` in percent (80 = 80 %), churn over ARPA's time unit. */
  | { form: "marginChurn"; arpa: number; grossMargin: number; churnRate: number };
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "CompanyRecords")]
    pub type CompanyRecords;
    #[wasm_bindgen(typescript_type = "readonly number[] | Float64Array")]
    pub type MrrMatrix;
    #[wasm_bindgen(typescript_type = "ScorecardOptions")]
    pub type ScorecardOptions;
    #[wasm_bindgen(typescript_type = "AccountResults")]
    pub type AccountResultsInput;
    #[wasm_bindgen(typescript_type = "HealthScoreInput")]
    pub type HealthScoreInput;
    #[wasm_bindgen(typescript_type = "readonly AdvocateSignals[]")]
    pub type AdvocateSignalsList;
    #[wasm_bindgen(typescript_type = "{ limit?: number }")]
    pub type AdvocateOptions;
    #[wasm_bindgen(typescript_type = "ClvInput")]
    pub type ClvInput;
}

/// Validated company data: accounts, periods, MRR and its movements,
/// support, usage and finance. Build it once with `fromRecords` or
/// `fromSnapshots`, then read any metric; call `free()` when done.
///
/// @example
/// ```ts
/// import { init, CompanyData } from 'clg-metrics';
/// await init();
/// // 2 accounts: opening MRR, then 2 months (account-major).
/// const data = CompanyData.fromSnapshots(new Float64Array([100, 120, 120, 50, 50, 0]), 3);
/// data.metrics()[1].revenue.logoChurn; // { value: 50, reason: null }
/// data.scorecard({ targets: { nrr: 100 } }).company.find((l) => l.key === 'nrr');
/// data.free();
/// ```
#[wasm_bindgen(js_name = CompanyData)]
pub struct CompanyHandle {
    inner: data::CompanyData,
}

#[wasm_bindgen(js_class = CompanyData)]
impl CompanyHandle {
    /// Company data from records: periods, accounts with MRR per period
    /// (movements given or derived), dates, support, usage, and finance.
    /// Throws a `ClgMetricsError` naming the first bad field
    /// (e.g. `accounts[3].movements[1]`, code `MOVEMENTS_DO_NOT_ADD_UP`).
    #[wasm_bindgen(js_name = fromRecords)]
    pub fn from_records(records: CompanyRecords) -> Result<CompanyHandle, JsValue> {
        let input = company_input(&records.into())?;
        Ok(CompanyHandle {
            inner: data::CompanyData::new(&input)?,
        })
    }

    /// Company data from an MRR matrix: `snapshots` values per account,
    /// account-major; snapshot 0 is the opening MRR, so there are
    /// `snapshots - 1` periods. A `Float64Array` is the fast path.
    #[wasm_bindgen(js_name = fromSnapshots)]
    pub fn from_snapshots(mrr: MrrMatrix, snapshots: f64) -> Result<CompanyHandle, JsValue> {
        let snapshots = index(snapshots, "snapshots".into())?;
        let mrr = numbers(&mrr.into(), "mrr", false)?;
        Ok(CompanyHandle {
            inner: data::CompanyData::from_snapshots(mrr, snapshots)?,
        })
    }

    /// Number of periods.
    #[wasm_bindgen(getter)]
    pub fn periods(&self) -> usize {
        self.inner.periods()
    }

    /// Number of accounts.
    #[wasm_bindgen(getter)]
    pub fn accounts(&self) -> usize {
        self.inner.accounts()
    }

    /// Every metric of every period, oldest first.
    #[wasm_bindgen(unchecked_return_type = "PeriodMetrics[]")]
    pub fn metrics(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.metrics())
    }

    /// NRR and GRR by signup cohort.
    #[wasm_bindgen(unchecked_return_type = "CohortRetention[]")]
    pub fn cohorts(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.cohorts())
    }

    /// The scorecard of a period: customer results (per role) beside
    /// company KPIs, each with target, status, change and benchmark.
    #[wasm_bindgen(unchecked_return_type = "Scorecard")]
    pub fn scorecard(&self, options: Option<ScorecardOptions>) -> Result<JsValue, JsValue> {
        let input = scorecard_input(&options.into())?;
        to_js(&self.inner.scorecard(&input)?)
    }

    /// Accounts whose roles achieve their goals versus those that do not:
    /// retention, expansion and NRR, and Pearson/Spearman correlations
    /// with `n`. Arrays follow the order of the accounts.
    #[wasm_bindgen(js_name = resultsLink, unchecked_return_type = "ResultsRevenueLink")]
    pub fn results_link(&self, results: AccountResultsInput) -> Result<JsValue, JsValue> {
        let value: JsValue = results.into();
        let o = Obj::new(
            &value,
            "results",
            &[
                "goalProgress",
                "goalsPerAccount",
                "surveyScores",
                "achievingPercent",
                "from",
                "to",
            ],
        )?;
        let input = AccountResults {
            goal_progress: o.numbers("goalProgress", true)?,
            goals_per_account: index(o.number("goalsPerAccount")?, o.field("goalsPerAccount"))?,
            survey_scores: o.opt_numbers("surveyScores", true)?,
            achieving_percent: o.number_or("achievingPercent", 50.0)?,
            from: o.opt_index("from")?.unwrap_or(0),
            to: o.opt_index("to")?.unwrap_or(self.inner.periods() - 1),
        };
        to_js(&self.inner.results_link(&input)?)
    }
}

/// Customer health scores: a weighted composite of the inputs the supplier
/// configures, each normalised linearly between its `min` and `max`
/// (reversed when lower is better), with a band and each input's points.
///
/// @example
/// ```ts
/// healthScores({
///   inputs: [{ key: 'activeDays', weight: 2, min: 0, max: 20 },
///            { key: 'openCases', weight: 1, min: 0, max: 10, higherIsBetter: false }],
///   accounts: [{ id: 'acme', values: { activeDays: 15, openCases: 2 } }],
/// })[0].band; // "healthy" (score 76.7)
/// ```
#[wasm_bindgen(js_name = healthScores, unchecked_return_type = "HealthScore[]")]
pub fn health_scores(input: HealthScoreInput) -> Result<JsValue, JsValue> {
    let value: JsValue = input.into();
    let o = Obj::new(&value, "input", &["inputs", "bands", "accounts"])?;
    let inputs = each(&o.array("inputs")?, "inputs", |item, path| {
        let i = Obj::new(
            item,
            path,
            &["key", "weight", "min", "max", "higherIsBetter"],
        )?;
        Ok(HealthInput {
            key: i.string("key")?,
            weight: i.number("weight")?,
            min: i.number("min")?,
            max: i.number("max")?,
            higher_is_better: i.opt_bool("higherIsBetter")?.unwrap_or(true),
        })
    })?;
    let (healthy, at_risk) = match Obj::optional(&o.get("bands"), "bands", &["healthy", "atRisk"])?
    {
        Some(b) => (b.number_or("healthy", 70.0)?, b.number_or("atRisk", 40.0)?),
        None => (70.0, 40.0),
    };
    let model = HealthModel::new(inputs, healthy, at_risk)?;
    let accounts = each(&o.array("accounts")?, "accounts", |item, path| {
        let a = Obj::new(item, path, &["id", "values"])?;
        Ok((
            a.string("id")?,
            a.opt_number_map("values")?.unwrap_or_default(),
        ))
    })?;
    to_js(&model.scores(&accounts)?)
}

/// Advocate candidates: accounts ranked by the mean percentile of their
/// usage depth, engagement, NPS, CSAT, events and community signals.
///
/// @example
/// ```ts
/// advocateCandidates([{ id: 'a', nps: 10, usageDepth: 0.9 }, { id: 'b', nps: 6, usageDepth: 0.2 }], { limit: 1 });
/// // [{ id: 'a', rank: 1, score: 100, signals: { nps: 100, usageDepth: 100, ... } }]
/// ```
#[wasm_bindgen(js_name = advocateCandidates, unchecked_return_type = "AdvocateCandidate[]")]
pub fn advocate_candidates_js(
    accounts: AdvocateSignalsList,
    options: Option<AdvocateOptions>,
) -> Result<JsValue, JsValue> {
    let value: JsValue = accounts.into();
    let list = value
        .dyn_into::<Array>()
        .map_err(|v| super::input::wrong_type("accounts", "an array", &v))?;
    let signals = each(&list, "accounts", |item, path| {
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
            id: a.string("id")?,
            usage_depth: a.opt_number("usageDepth")?,
            engagement: a.opt_number("engagement")?,
            nps: a.opt_number("nps")?,
            csat: a.opt_number("csat")?,
            events: a.opt_number("events")?,
            community: a.opt_number("community")?,
        })
    })?;
    let limit = match Obj::optional(&options.into(), "options", &["limit"])? {
        Some(o) => o.opt_index("limit")?.unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    to_js(&advocate_candidates(&signals, limit)?)
}

/// Customer lifetime value in one of three forms: `simple` (average ARR x
/// lifespan in years), `purchase` (average purchase value x purchases per
/// year x lifespan) or `marginChurn` (ARPA x gross margin / churn rate).
///
/// @example
/// ```ts
/// customerLifetimeValue({ form: 'purchase', averagePurchaseValue: 50, purchaseFrequency: 4, lifespanYears: 5 });
/// // { value: 1000, reason: null }
/// ```
#[wasm_bindgen(js_name = customerLifetimeValue, unchecked_return_type = "MetricValue")]
pub fn customer_lifetime_value(input: ClvInput) -> Result<JsValue, JsValue> {
    let value: JsValue = input.into();
    let form = Obj::loose(&value, "input".into())?.string("form")?;
    let metric = match form.as_str() {
        "simple" => {
            let o = Obj::new(&value, "", &["form", "averageArr", "lifespanYears"])?;
            Metric::of(
                clv_simple(o.number("averageArr")?, o.number("lifespanYears")?)?,
                crate::company::value::Reason::NotGiven,
            )
        }
        "purchase" => {
            let o = Obj::new(
                &value,
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
            Metric::of(clv, crate::company::value::Reason::NotGiven)
        }
        "marginChurn" => {
            let o = Obj::new(&value, "", &["form", "arpa", "grossMargin", "churnRate"])?;
            clv_margin_churn(
                o.number("arpa")?,
                o.number("grossMargin")?,
                o.number("churnRate")?,
            )?
        }
        _ => {
            return Err(Error::new(
                ErrorCode::UnknownOption,
                "form",
                "must be \"simple\", \"purchase\" or \"marginChurn\"",
            )
            .into());
        }
    };
    to_js(&metric)
}

/// Serialises a result as plain JS: `null` for missing values, objects
/// (not `Map`s) for maps.
fn to_js(value: &impl Serialize) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    Ok(value.serialize(&serializer)?)
}

fn company_input(value: &JsValue) -> Result<CompanyInput, Error> {
    let o = Obj::new(value, "", &["periods", "accounts", "finance"])?;
    let periods = each(&o.array("periods")?, "periods", |item, path| {
        let p = Obj::new(item, path, &["start", "end"])?;
        Ok(PeriodInput {
            start: p.string("start")?,
            end: p.string("end")?,
        })
    })?;
    let accounts = each(&o.array("accounts")?, "accounts", account)?;
    let finance = match o.opt_array("finance")? {
        Some(list) => each(&list, "finance", |item, path| {
            let f = Obj::new(
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
            )?;
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

fn account(item: &JsValue, path: String) -> Result<AccountInput, Error> {
    let a = Obj::new(item, path, &ACCOUNT_KEYS)?;
    let list = |key: &str| {
        a.opt_array(key)
            .map(|array| array.map(|array| (array, a.field(key))))
    };
    let movements = match list("movements")? {
        Some((array, path)) => Some(each(&array, &path, |item, path| {
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
        Some((array, path)) => Some(each(&array, &path, |item, path| {
            item.as_string()
                .ok_or_else(|| super::input::wrong_type(path, "a string", item))
        })?),
        None => None,
    };
    let renewal_due = match list("renewalDue")? {
        Some((array, path)) => Some(each(&array, &path, |item, path| {
            item.as_bool()
                .ok_or_else(|| super::input::wrong_type(path, "a boolean", item))
        })?),
        None => None,
    };
    let support = match list("support")? {
        Some((array, path)) => Some(each(&array, &path, |item, path| {
            let s = Obj::new(item, path, &["cases", "resolvedFirstContact"])?;
            Ok(SupportInput {
                cases: s.number("cases")?,
                resolved_first_contact: s.number("resolvedFirstContact")?,
            })
        })?),
        None => None,
    };
    let usage = match list("usage")? {
        Some((array, path)) => Some(each(&array, &path, |item, path| {
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
            Ok(UsageInput {
                dau: u.number_or("dau", 0.0)?,
                wau: u.number_or("wau", 0.0)?,
                mau: u.number_or("mau", 0.0)?,
                active_days: u.number_or("activeDays", 0.0)?,
                sessions: u.number_or("sessions", 0.0)?,
                session_minutes: u.number_or("sessionMinutes", 0.0)?,
                feature_users: u.opt_number_map("featureUsers")?.unwrap_or_default(),
            })
        })?),
        None => None,
    };
    let advocacy = match list("advocacy")? {
        Some((array, path)) => Some(each(&array, &path, |item, path| {
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

fn scorecard_input(value: &JsValue) -> Result<ScorecardInput, Error> {
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
        match o.present(key) {
            None => Ok(Vec::new()),
            Some(list) if Array::is_array(&list) => {
                each(list.unchecked_ref(), &o.field(key), role_results)
            }
            Some(kpis) => {
                let roles = Obj::loose(&kpis, o.field(key))?.array("roles")?;
                each(&roles, &format!("{}.roles", o.field(key)), kpis_role)
            }
        }
    };
    let health = |key: &str| {
        o.present(key)
            .map(|h| health_bands(&h, o.field(key)))
            .transpose()
    };
    let surveys = |key: &str| -> Result<SurveyResults, Error> {
        let Some(s) = Obj::optional(&o.get(key), o.field(key), &["nps", "csat", "ces"])? else {
            return Ok(SurveyResults::default());
        };
        let nps = match Obj::optional(
            &s.get("nps"),
            s.field("nps"),
            &["promoters", "passives", "detractors"],
        )? {
            Some(n) => {
                let count =
                    |k: &str| -> Result<u64, Error> { Ok(index(n.number(k)?, n.field(k))? as u64) };
                Some(NpsCounts {
                    promoters: count("promoters")?,
                    passives: count("passives")?,
                    detractors: count("detractors")?,
                })
            }
            None => None,
        };
        let csat =
            match Obj::optional(&s.get("csat"), s.field("csat"), &["satisfied", "responses"])? {
                Some(c) => Some((c.number("satisfied")?, c.number("responses")?)),
                None => None,
            };
        let ces = match s.present("ces") {
            Some(value) => {
                let c = Obj::loose(&value, s.field("ces"))?;
                Some((c.number("mean")?, c.number("easyShare")?))
            }
            None => None,
        };
        Ok(SurveyResults { nps, csat, ces })
    };
    let targets = match o.present("targets") {
        Some(value) => {
            let t = Obj::loose(&value, o.field("targets"))?;
            t.keys()
                .into_iter()
                .map(|k| Ok((k.clone(), t.number(&k)?)))
                .collect::<Result<Vec<_>, Error>>()?
        }
        None => Vec::new(),
    };
    let benchmarks = match o.present("benchmarks") {
        Some(value) => {
            let b = Obj::loose(&value, o.field("benchmarks"))?;
            b.keys()
                .into_iter()
                .map(|k| {
                    let range = Obj::optional(&b.get(&k), b.field(&k), &["low", "high"])?;
                    let range = range
                        .map(|r| {
                            Ok::<_, Error>(Benchmark {
                                low: r.opt_number("low")?,
                                high: r.opt_number("high")?,
                            })
                        })
                        .transpose()?;
                    Ok((k, range))
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
fn role_results(item: &JsValue, path: String) -> Result<RoleResults, Error> {
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
    Ok(RoleResults {
        role: r.string("role")?,
        name: None,
        average_gain: r.opt_number("averageGain")?,
        measures_in_place: Some(r.number("measuresInPlace")?),
        measurable_gain: Some(r.number("measurableGain")?),
        goal_achieved: Some(r.number("goalAchieved")?),
    })
}

/// One role of `ResultsStore.kpis()` output, as it is: its id, its
/// `averageGainPercent` and the `percent` of its three shares (`null`
/// when there was nothing to measure). Other keys are not read.
fn kpis_role(item: &JsValue, path: String) -> Result<RoleResults, Error> {
    let r = Obj::loose(item, path)?;
    let percent = |key: &str| -> Result<Option<f64>, Error> {
        Obj::loose(&r.get(key), r.field(key))?.opt_number("percent")
    };
    Ok(RoleResults {
        role: r.string("role")?,
        name: r.opt_string("name")?,
        average_gain: r.opt_number("averageGainPercent")?,
        measures_in_place: percent("measuresInPlace")?,
        measurable_gain: percent("measurableGain")?,
        goal_achieved: percent("goalAchieved")?,
    })
}

/// Health bands from `healthScores()` output (accounts without a band are
/// not counted) or from `{ healthy, atRisk, critical }` counts.
fn health_bands(value: &JsValue, path: String) -> Result<HealthBands, Error> {
    if !Array::is_array(value) {
        let o = Obj::new(value, path, &["healthy", "atRisk", "critical"])?;
        let count = |k: &str| index(o.number(k)?, o.field(k));
        return Ok(HealthBands {
            healthy: count("healthy")?,
            at_risk: count("atRisk")?,
            critical: count("critical")?,
        });
    }
    let mut bands = HealthBands::default();
    each(value.unchecked_ref(), &path, |item, path| {
        let o = Obj::loose(item, path)?;
        let band = o.opt_string("band")?;
        match band.as_deref() {
            Some("healthy") => bands.healthy += 1,
            Some("atRisk") => bands.at_risk += 1,
            Some("critical") => bands.critical += 1,
            None => {}
            Some(other) => {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    o.field("band"),
                    format_args!(
                        "must be \"healthy\", \"atRisk\", \"critical\" or null, got \"{other}\""
                    ),
                ))
            }
        }
        Ok(())
    })?;
    Ok(bands)
}
