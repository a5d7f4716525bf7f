//! The WebAssembly bindings: the only module that knows about JS.
//!
//! Every export validates its JS input here and hands plain Rust values to
//! the core; core errors become JS `Error` instances in [`error`].
//!
//! Each job's bindings come with its cargo feature (Cargo.toml); a module
//! built for some jobs leaves some of the shared readers and imports unused.
#![cfg_attr(
    not(all(
        feature = "scores",
        feature = "trends",
        feature = "policy",
        feature = "results",
        feature = "company"
    )),
    allow(dead_code, unused_imports)
)]

#[cfg(all(feature = "policy", feature = "results"))]
mod campaigns;
#[cfg(feature = "company")]
mod company;
mod error;
#[cfg(feature = "policy")]
mod hygiene;
mod input;
#[cfg(feature = "results")]
mod results;
#[cfg(any(feature = "scores", feature = "trends"))]
mod survey;
#[cfg(feature = "scores")]
mod survey_aggregate;
#[cfg(feature = "trends")]
mod survey_trend;
mod tape;

#[cfg(all(feature = "policy", feature = "results"))]
pub use campaigns::{campaign_decision, campaign_triggers, check_campaigns};
#[cfg(feature = "company")]
pub use company::{
    advocate_candidates_js as advocate_candidates, customer_lifetime_value, health_scores,
    CompanyHandle,
};
#[cfg(feature = "policy")]
pub use hygiene::{
    adopt_survey_state, check_survey_policy, load_survey_state_packed, merge_survey_state_packed,
    record_survey_event_packed, sampling_hash, survey_decision,
};
#[cfg(feature = "results")]
pub use results::ResultsStore;
#[cfg(feature = "scores")]
pub use survey::{ces, compare, csat, nps, NpsOptions, ScaleOptions, Scores, SurveyKind};
#[cfg(feature = "scores")]
pub use survey_aggregate::{AggregateJson, AggregateOptions, LevelOptions, SurveyAggregate};
#[cfg(feature = "trends")]
pub use survey_trend::{
    survey_trend, survey_trend_columns, survey_trend_packed, validate_response, ColumnTrendOptions,
    SurveyColumns, SurveyResponse, SurveyResponses, TrendOptions,
};

/// Talc in place of Rust's default dlmalloc: 6.8 KB smaller raw (2.5 KB
/// gzip) in every module, and no slower (PERFORMANCE.md, size).
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The jobs this module was built for, as bits (scores 1, trends 2, policy
/// 4, results 8, company 16), in the custom section `clg-metrics-jobs`:
/// each entry's `init(url)` reads it before instantiating, so another
/// entry's `.wasm` is refused even where its imports link (a smaller
/// module's are a subset). scripts/build.mjs writes the same bits into
/// each entry's `jobs.js`.
#[used]
#[link_section = "clg-metrics-jobs"]
static JOBS: [u8; 1] = [(cfg!(feature = "scores") as u8)
    | (cfg!(feature = "trends") as u8) << 1
    | (cfg!(feature = "policy") as u8) << 2
    | (cfg!(feature = "results") as u8) << 3
    | (cfg!(feature = "company") as u8) << 4];
