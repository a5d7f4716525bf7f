//! Company KPIs and the scorecard: the `CompanyData` class (built from
//! records or from an MRR matrix) and the health, advocate and CLV
//! functions.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::input::{from_js, from_js_bare};
use crate::company::advocates::advocate_candidates;
use crate::company::data::{self, CompanyInput};
use crate::company::link::AccountResults;
use crate::company::parse::{self, advocates_input, lifetime_value};
use crate::company::scorecard::ScorecardInput;
use crate::input::{index, into_numbers};

#[wasm_bindgen(typescript_custom_section)]
const TS_COMPANY: &'static str = r#"
/** A metric value, or `null` with the reason it is not available. */
export interface MetricValue {
  value: number | null;
  /** e.g. `"NO_STARTING_MRR"`, `"NO_CHURN"`, `"NOT_GIVEN"`; `null` when `value` is a number. */
  reason: string | null;
}

/**
 * MRR movements of one account in one period (all >= 0, default 0). They must take the
 * previous MRR to this period's (`MOVEMENTS_DO_NOT_ADD_UP`), and `contraction + churn` must
 * not exceed the previous MRR (`VALUE_OUT_OF_RANGE` on the key given, or on the movement
 * when both are). Whether an account not paying at the start is new or reactivated comes
 * from its MRR history, not from these labels.
 */
export interface MrrMovements {
  new?: number | null | undefined; upsell?: number | null | undefined; crossSell?: number | null | undefined; seats?: number | null | undefined;
  contraction?: number | null | undefined; churn?: number | null | undefined; reactivation?: number | null | undefined;
}

export interface AccountRecord {
  id: string;
  /** Dates as `YYYY-MM-DD`. */
  signupDate?: string | null | undefined; trialStartDate?: string | null | undefined; convertedDate?: string | null | undefined;
  firstValueDate?: string | null | undefined; activationDate?: string | null | undefined;
  /** MRR just before the first period (default 0). */
  openingMrr?: number | null | undefined;
  /** MRR at the end of each period. */
  mrr: readonly number[] | Float64Array;
  /** Per period; derived from `mrr` when absent (the list, or a period's `null`). */
  movements?: readonly (MrrMovements | null | undefined)[] | null | undefined;
  plans?: readonly string[] | null | undefined;
  seats?: readonly number[] | Float64Array | null | undefined;
  renewalDue?: readonly boolean[] | null | undefined;
  /** Per period; a period's `null` is not given (in `advocacy` and `usage` too). */
  support?: readonly ({ cases: number; resolvedFirstContact: number } | null | undefined)[] | null | undefined;
  /** Per period: how many times the account did each (default 0). */
  advocacy?: readonly ({ referrals?: number | null | undefined; reviews?: number | null | undefined; testimonials?: number | null | undefined; caseStudies?: number | null | undefined } | null | undefined)[] | null | undefined;
  usage?: readonly ({
    dau?: number | null | undefined; wau?: number | null | undefined; mau?: number | null | undefined; activeDays?: number | null | undefined;
    sessions?: number | null | undefined; sessionMinutes?: number | null | undefined;
    /** Users per feature; a feature's `null` is not given by this account. */
    featureUsers?: Record<string, number | null> | null | undefined;
  } | null | undefined)[] | null;
}

export interface PeriodFinance {
  acquisitionCost?: number | null | undefined; retentionCost?: number | null | undefined; revenue?: number | null | undefined;
  grossProfit?: number | null | undefined; netIncome?: number | null | undefined; fte?: number | null | undefined; cash?: number | null | undefined; netBurn?: number | null | undefined;
  /** Given, or derived as netIncome + interest + taxes + depreciationAmortization. */
  ebitda?: number | null | undefined; interest?: number | null | undefined; taxes?: number | null | undefined; depreciationAmortization?: number | null | undefined;
}

export interface CompanyRecords {
  /** Contiguous periods, oldest first; `end` is the first day after the period. */
  periods: readonly { start: string; end: string }[];
  accounts: readonly AccountRecord[];
  /** One entry per period, or absent. */
  finance?: readonly (PeriodFinance | null | undefined)[] | null | undefined;
}

export interface RevenueMetrics {
  startingMrr: number; mrr: number; arr: number; netNewArr: number;
  startingAccounts: number; accounts: number; newAccounts: number; lostAccounts: number;
  /**
   * New logos: accounts paying at the end for the first time (no MRR above 0 at the opening
   * or at an earlier period's end, whatever the movements' labels); CAC's denominator.
   */
  newLogos: number;
  newMrr: number; upsellMrr: number; crossSellMrr: number; seatsMrr: number;
  expansionMrr: number; contractionMrr: number; churnedMrr: number; reactivationMrr: number;
  arpa: MetricValue; arpu: MetricValue; nrr: MetricValue; grr: MetricValue;
  revenueChurn: MetricValue; logoChurn: MetricValue; crr: MetricValue;
  /** Expansion MRR / starting MRR x 100. */
  expansionRate: MetricValue;
  /** Paying accounts that bought before this period (MRR above 0 at the opening or an earlier period's end) / paying accounts x 100. */
  repeatPurchaseRate: MetricValue;
  accountsExpanded: MetricValue; upsellRate: MetricValue; renewalRate: MetricValue;
}

export interface FinanceMetrics {
  /** Acquisition cost / `newLogos`. */
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
    features: { feature: string; users: number | null; adoption: MetricValue }[];
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
  role: string; averageGain?: number | null | undefined;
  measuresInPlace: number; measurableGain: number; goalAchieved: number;
}

export interface SurveyResults {
  /** `nps()` output as it is, or its counts (its `promoters`, `passives` and `detractors` are read). */
  nps?: { kind?: "nps"; promoters: number; passives: number; detractors: number } | null | undefined;
  csat?: { kind?: "csat"; satisfied: number; responses: number } | null | undefined;
  /** `ces()` output as it is (its `mean`, `easyShare` and `scale` are read; this period's and the previous period's `scale` must agree). */
  ces?: { kind?: "ces"; mean: number; easyShare: number; scale?: number } | null | undefined;
}

/** `healthScores()` output as it is, or the count of accounts per band. */
export type HealthBands = readonly { band: "healthy" | "atRisk" | "critical" | null }[]
  | { healthy: number; atRisk: number; critical: number };

export interface ScorecardOptions {
  /** Period index; default the last. */
  period?: number | null | undefined;
  /** `ResultsStore.kpis(at)` output as it is, or percentages per role. */
  results?: ResultsKpis | readonly RoleResults[] | null | undefined; previousResults?: ResultsKpis | readonly RoleResults[] | null | undefined;
  surveys?: SurveyResults | null | undefined; previousSurveys?: SurveyResults | null | undefined;
  health?: HealthBands | null | undefined; previousHealth?: HealthBands | null | undefined;
  /** Targets by line key, e.g. `{ nrr: 105, logoChurn: 2 }`. */
  targets?: Record<string, number | null> | null | undefined;
  /** Benchmark overrides by line key; `null` removes a default (`undefined` keeps it). */
  benchmarks?: Record<string, { low?: number | null | undefined; high?: number | null | undefined } | null | undefined> | null | undefined;
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
  surveyScores?: readonly (number | null)[] | Float64Array | null | undefined;
  /** % of its goals an account must achieve to count as achieving (0..100, default 50). */
  achievingPercent?: number | null | undefined;
  /** Window of periods, default all. */
  from?: number | null | undefined; to?: number | null | undefined;
}

export interface GroupOutcome { accounts: number; retention: MetricValue; expansion: MetricValue; nrr: MetricValue }

export interface ResultsRevenueLink {
  from: number; to: number; achieving: GroupOutcome; notAchieving: GroupOutcome; withoutGoals: number;
  correlations: { x: "goalAchievement" | "surveyScore"; y: "accountNrr" | "retained"; n: number; pearson: MetricValue; spearman: MetricValue; pearsonP: MetricValue; spearmanP: MetricValue }[];
  leadingIndicators: true; caveat: string;
}

export interface HealthScoreInput {
  inputs: readonly { key: string; weight: number; min: number; max: number; higherIsBetter?: boolean | null | undefined }[];
  /** Band thresholds on 0..100; default `{ healthy: 70, atRisk: 40 }`. */
  bands?: { healthy?: number | null | undefined; atRisk?: number | null | undefined } | null | undefined;
  /** `values` by input key; a key holding `null` is left out. */
  accounts: readonly { id: string; values: Record<string, number | null> }[];
}

export interface HealthScore {
  /** `score`: 100 x sum(weight x normalised) / sum of the weights present, rounded to 1e-9, then banded. */
  id: string; score: MetricValue; band: "healthy" | "atRisk" | "critical" | null;
  contributions: { key: string; value: number | null; normalized: number | null; points: number }[];
}

/** Each signal >= 0, but `nps`: the account's NPS, -100..100 (`nps()`'s `score`). An account with none is left out. */
export interface AdvocateSignals {
  id: string; usageDepth?: number | null | undefined; engagement?: number | null | undefined; nps?: number | null | undefined; csat?: number | null | undefined; events?: number | null | undefined; community?: number | null | undefined;
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
    #[wasm_bindgen(typescript_type = "{ limit?: number | null | undefined }")]
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
        let input = CompanyInput::from_value(&from_js_bare(&records.into(), "records")?)?;
        Ok(CompanyHandle {
            inner: data::CompanyData::new(&input)?,
        })
    }

    /// Company data from an MRR matrix: `snapshots` values per account,
    /// account-major; snapshot 0 is the opening MRR, so there are
    /// `snapshots - 1` periods. A `Float64Array` is the fast path.
    #[wasm_bindgen(js_name = fromSnapshots)]
    pub fn from_snapshots(mrr: MrrMatrix, snapshots: f64) -> Result<CompanyHandle, JsValue> {
        let snapshots = index(snapshots, "snapshots")?;
        let mrr = into_numbers(from_js(&mrr.into(), "mrr")?, "mrr", false)?;
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
    ///
    /// @example
    /// ```ts
    /// const data = CompanyData.fromSnapshots([100, 120, 120, 50, 50, 0], 3);
    /// data.metrics()[0].revenue.mrr;       // 170
    /// data.metrics()[1].revenue.logoChurn; // { value: 50, reason: null }
    /// ```
    #[wasm_bindgen(unchecked_return_type = "PeriodMetrics[]")]
    pub fn metrics(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.metrics())
    }

    /// NRR and GRR by signup cohort.
    ///
    /// @example
    /// ```ts
    /// // Two accounts paying from the first period, one of them gone in the second.
    /// const data = CompanyData.fromSnapshots([0, 100, 100, 0, 50, 0], 3);
    /// const [first] = data.cohorts();
    /// first.accounts;  // 2
    /// first.nrr[1];    // { value: 66.66666666666667, reason: null }
    /// ```
    #[wasm_bindgen(unchecked_return_type = "CohortRetention[]")]
    pub fn cohorts(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.cohorts()?)
    }

    /// The scorecard of a period: customer results (per role) beside
    /// company KPIs, each with target, status, change and benchmark.
    ///
    /// @example
    /// ```ts
    /// const card = data.scorecard({ targets: { nrr: 100 }, surveys: { nps: nps([10, 9, 6]) } });
    /// card.company.find((l) => l.key === 'nrr')?.status; // "onTrack" or "offTrack"
    /// card.company.find((l) => l.key === 'nps')?.benchmark; // { low: 50, high: 80 }
    /// ```
    #[wasm_bindgen(unchecked_return_type = "Scorecard")]
    pub fn scorecard(&self, options: Option<ScorecardOptions>) -> Result<JsValue, JsValue> {
        let input = ScorecardInput::from_value(&from_js(&options.into(), "options")?)?;
        // The core names the options from their root (`period`, `targets.nrr`).
        to_js(
            &self
                .inner
                .scorecard(&input)
                .map_err(|e| e.under("options"))?,
        )
    }

    /// Accounts whose roles achieve their goals versus those that do not:
    /// retention, expansion and NRR, and Pearson/Spearman correlations
    /// with `n`. Arrays follow the order of the accounts.
    ///
    /// @example
    /// ```ts
    /// // One goal slot per account: the first achieves its goal, the second does not.
    /// const data = CompanyData.fromSnapshots([100, 120, 100, 90], 2);
    /// const link = data.resultsLink({ goalProgress: [1, 0.2], goalsPerAccount: 1 });
    /// link.achieving.nrr;    // { value: 120, reason: null }
    /// link.notAchieving.nrr; // { value: 90, reason: null }
    /// ```
    #[wasm_bindgen(js_name = resultsLink, unchecked_return_type = "ResultsRevenueLink")]
    pub fn results_link(&self, results: AccountResultsInput) -> Result<JsValue, JsValue> {
        let results = from_js(&results.into(), "results")?;
        let input = AccountResults::from_value(results, self.inner.periods())?;
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
    let input = parse::HealthScoreInput::from_value(&from_js_bare(&input.into(), "input")?)?;
    to_js(&input.model.scores(&input.accounts)?)
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
    let (signals, limit) = advocates_input(
        &from_js(&accounts.into(), "accounts")?,
        &from_js(&options.into(), "options")?,
    )?;
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
    to_js(&lifetime_value(&from_js_bare(&input.into(), "input")?)?)
}

/// Serialises a result as plain JS: `null` for missing values, objects
/// (not `Map`s) for maps.
fn to_js(value: &impl Serialize) -> Result<JsValue, JsValue> {
    Ok(super::tape::serialized(value)?)
}
