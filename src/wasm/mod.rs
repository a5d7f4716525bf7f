//! The WebAssembly bindings: the only module that knows about JS.
//!
//! Every export validates its JS input here and hands plain Rust values to
//! the core; core errors become JS `Error` instances in [`error`].

mod campaigns;
mod company;
mod error;
mod hygiene;
mod input;
mod results;
mod survey;
mod survey_aggregate;
mod survey_input;
mod survey_trend;

pub use campaigns::{campaign_decision, campaign_triggers, check_campaigns};
pub use company::{
    advocate_candidates_js as advocate_candidates, customer_lifetime_value, health_scores,
    CompanyHandle,
};
pub use hygiene::{
    adopt_survey_state, check_survey_policy, load_survey_state_packed, merge_survey_state,
    merge_survey_state_packed, record_survey_event, record_survey_event_packed, sampling_hash,
    survey_decision,
};
pub use results::ResultsStore;
pub use survey::{ces, compare, csat, nps, NpsOptions, ScaleOptions, Scores, SurveyKind};
pub use survey_aggregate::{AggregateJson, AggregateOptions, LevelOptions, SurveyAggregate};
pub use survey_trend::{
    survey_trend, survey_trend_columns, survey_trend_packed, validate_response, ColumnTrendOptions,
    SurveyColumns, SurveyResponse, SurveyResponses, TrendOptions,
};
