//! Net and gross revenue retention by signup cohort.

use serde::Serialize;

use super::data::CompanyData;
use super::value::{Metric, Reason};
use crate::error::{msg, Error, ErrorCode};

/// Retention of the accounts that signed up in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortRetention {
    /// Index of the signup period.
    pub cohort: usize,
    /// Accounts that signed up in the period (paying or not).
    pub signups: usize,
    /// Accounts of the cohort paying at the end of their signup period.
    pub accounts: usize,
    /// Their MRR at the end of the signup period (`M0`).
    pub starting_mrr: f64,
    /// NRR after `k` periods (`k = 0, 1, ...` up to the last period):
    /// sum of the paying-at-start accounts' MRR at the end of period
    /// `cohort + k` / `M0` x 100 (`NO_STARTING_MRR`).
    pub nrr: Vec<Metric>,
    /// GRR after `k` periods: sum of `min(MRR now, MRR at start)` / `M0` x
    /// 100; expansion never lifts it above 100.
    pub grr: Vec<Metric>,
}

/// The most cells (`k` steps of one cohort) [`CompanyData::cohorts`]
/// answers with: a table of signups in each of 10,000 periods would hold
/// 50 million (`TOO_LARGE` above).
pub const MAX_COHORT_CELLS: usize = 1_000_000;

impl CompanyData {
    /// NRR and GRR by signup cohort, one row per period that has signups:
    /// a cohort whose signups never paid is shown with zeros (`accounts`
    /// 0, `startingMrr` 0, rates `NO_STARTING_MRR`). Time and memory are
    /// those of the rows: over [`MAX_COHORT_CELLS`] cells is `TOO_LARGE`,
    /// before any is made.
    ///
    /// ```
    /// use clg_metrics::company::data::CompanyData;
    /// // Two accounts first paying in period 0 (100 and 50); in period 1
    /// // one expands to 130, the other churns.
    /// let data = CompanyData::from_snapshots(vec![0.0, 100.0, 130.0, 0.0, 50.0, 0.0], 3).unwrap();
    /// let row = &data.cohorts().unwrap()[0];
    /// assert_eq!((row.cohort, row.accounts, row.starting_mrr), (0, 2, 150.0));
    /// assert_eq!(row.nrr[1].value, Some(130.0 * 100.0 / 150.0));
    /// assert_eq!(row.grr[1].value, Some(100.0 * 100.0 / 150.0));
    /// ```
    pub fn cohorts(&self) -> Result<Vec<CohortRetention>, Error> {
        let p = self.periods;
        let mut signups = vec![0; p];
        for c in self.accounts.iter().filter_map(|account| account.cohort) {
            if let Some(n) = signups.get_mut(c) {
                *n += 1;
            }
        }
        let cells: usize = (0..p).filter(|&c| signups[c] > 0).map(|c| p - c).sum();
        if cells > MAX_COHORT_CELLS {
            return Err(Error::new(
                ErrorCode::TooLarge,
                "cohorts",
                msg!(
                    "would hold ",
                    cells,
                    " cells (each signup cohort's periods from its signup on), at most ",
                    MAX_COHORT_CELLS,
                    ": give fewer, longer periods"
                ),
            ));
        }
        // Per cohort with signups: accounts, M0, and per k the NRR and GRR numerators.
        let mut rows: Vec<(usize, f64, Vec<f64>, Vec<f64>)> = (0..p)
            .map(|c| {
                let k = if signups[c] > 0 { p - c } else { 0 };
                (0, 0.0, vec![0.0; k], vec![0.0; k])
            })
            .collect();
        for (a, account) in self.accounts.iter().enumerate() {
            let Some(c) = account.cohort else { continue };
            let Some(row) = rows.get_mut(c) else {
                continue;
            };
            let start = self.snapshot(a, c + 1);
            if start <= 0.0 {
                continue;
            }
            row.0 += 1;
            row.1 += start;
            for k in 0..p - c {
                let now = self.snapshot(a, c + 1 + k);
                row.2[k] += now;
                row.3[k] += now.min(start);
            }
        }
        Ok(rows
            .into_iter()
            .enumerate()
            .filter(|(c, _)| signups[*c] > 0)
            .map(|(cohort, (accounts, m0, nrr, grr))| CohortRetention {
                cohort,
                signups: signups[cohort],
                accounts,
                starting_mrr: m0,
                nrr: nrr
                    .iter()
                    .map(|&x| Metric::percent(x, m0, Reason::NoStartingMrr))
                    .collect(),
                grr: grr
                    .iter()
                    .map(|&x| Metric::percent(x, m0, Reason::NoStartingMrr))
                    .collect(),
            })
            .collect())
    }
}
