//! # clg-metrics
//!
//! Customer-led growth metrics computed where the data is: in the supplier's
//! web app. The core is plain Rust, tested natively; the `wasm` module (built for
//! `wasm32` only) holds the WebAssembly bindings that the npm package wraps.
//!
//! ```
//! use clg_metrics::{stats::ConfidenceLevel, survey::nps::NpsCounts};
//! let nps = NpsCounts::from_scores(&[10, 9, 9, 7, 3]).unwrap()
//!     .summary(ConfidenceLevel::DEFAULT).unwrap();
//! assert_eq!(nps.score, 40.0);
//! assert!(nps.interval.low < 40.0 && nps.interval.high > 40.0);
//! ```

pub mod calendar;
#[cfg(all(feature = "policy", feature = "results"))]
pub mod campaigns;
#[cfg(feature = "company")]
pub mod company;
pub mod error;
#[cfg(feature = "policy")]
pub mod hygiene;
// The policy's and the results store's lookups by id, and in wasm the
// key table of every result's tape (src/wasm/tape.rs), which uses less of it.
#[cfg(any(feature = "policy", feature = "results", target_arch = "wasm32"))]
#[cfg_attr(not(any(feature = "policy", feature = "results")), allow(dead_code))]
pub(crate) mod id_map;
pub mod input;
#[cfg(feature = "results")]
pub mod results;
pub mod stats;
pub mod survey;
pub mod version;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, ErrorCode, ErrorKind};
