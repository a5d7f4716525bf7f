//! Customer results beside company results: do accounts whose roles reach
//! their goals retain and expand more? Compares the two groups and
//! correlates goal achievement and survey scores with revenue outcomes.

use serde::Serialize;

use super::check::{finite, length, within};
use super::correlation::{correlate_each, Correlation, Ranked};
use super::data::CompanyData;
use super::lanes;
use super::value::{Metric, Reason};
use crate::error::{element, msg, Error, ErrorCode, Num};

/// Shown with every comparison: survey scores lead revenue only together
/// with behaviour.
pub const CAVEAT: &str =
    "Goal achievement and NPS/CSAT are leading indicators of retention and expansion only \
beside behaviour (usage, renewals): read them with it, never alone. Correlation is not causation.";

/// Per-account customer results, in the order of the company data's accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountResults {
    /// Goal progress `(current - baseline) / (target - baseline)` of every
    /// goal, `goals_per_account` per account (account-major); NaN where a
    /// role or metric has no goal. A goal is achieved at progress >= 1.
    pub goal_progress: Vec<f64>,
    /// Goal slots per account (roles x metrics).
    pub goals_per_account: usize,
    /// One survey score per account (e.g. its NPS or CSAT), NaN when none.
    pub survey_scores: Option<Vec<f64>>,
    /// An account counts as achieving when at least this percentage of
    /// its goals is achieved (0..100, default 50; a percentage like every
    /// rate of the package).
    pub achieving_percent: f64,
    /// First period of the window.
    pub from: usize,
    /// Last period of the window (inclusive).
    pub to: usize,
}

/// Revenue outcomes of one group of accounts over the window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupOutcome {
    /// Accounts paying at the window's start.
    pub accounts: usize,
    /// Retention = accounts still paying at the end / accounts x 100.
    pub retention: Metric,
    /// Expansion = accounts whose MRR grew / accounts x 100.
    pub expansion: Metric,
    /// NRR = the group's MRR at the end / its MRR at the start x 100.
    pub nrr: Metric,
}

/// One correlation between a customer-side and a revenue-side variable.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkCorrelation {
    /// `"goalAchievement"` (share of goals achieved) or `"surveyScore"`.
    pub x: &'static str,
    /// `"accountNrr"` (end MRR / start MRR x 100) or `"retained"` (1 or 0).
    pub y: &'static str,
    /// Pearson and Spearman with `n`.
    #[serde(flatten)]
    pub correlation: Correlation,
}

/// The comparison of achieving and not-achieving accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultsRevenueLink {
    /// First period of the window.
    pub from: usize,
    /// Last period of the window.
    pub to: usize,
    /// Accounts reaching at least the achieving share of their goals.
    pub achieving: GroupOutcome,
    /// Accounts with goals below that share.
    pub not_achieving: GroupOutcome,
    /// Paying accounts without any goal (in neither group).
    pub without_goals: usize,
    /// Goal achievement and survey score against account NRR and retention.
    pub correlations: Vec<LinkCorrelation>,
    /// Always true: these are leading indicators, not results.
    pub leading_indicators: bool,
    /// The caveat to show beside them.
    pub caveat: &'static str,
}

#[derive(Default)]
struct Group {
    accounts: usize,
    retained: usize,
    expanded: usize,
    start: f64,
    end: f64,
}

impl Group {
    fn add(&mut self, start: f64, end: f64) {
        self.accounts += 1;
        self.retained += usize::from(end > 0.0);
        self.expanded += usize::from(end > start);
        self.start += start;
        self.end += end;
    }

    fn outcome(&self) -> GroupOutcome {
        let n = self.accounts as f64;
        GroupOutcome {
            accounts: self.accounts,
            retention: Metric::percent(self.retained as f64, n, Reason::NoAccountsInGroup),
            expansion: Metric::percent(self.expanded as f64, n, Reason::NoAccountsInGroup),
            nrr: Metric::percent(self.end, self.start, Reason::NoAccountsInGroup),
        }
    }
}

impl CompanyData {
    /// Compares accounts whose roles achieve their goals with those that do
    /// not, over periods `results.from..=results.to`.
    ///
    /// ```
    /// use clg_metrics::company::{data::CompanyData, link::AccountResults};
    /// // Opening and end MRR of 3 accounts; 2 goals each.
    /// let data = CompanyData::from_snapshots(vec![100.0, 150.0, 100.0, 90.0, 100.0, 0.0], 2).unwrap();
    /// let results = AccountResults {
    ///     goal_progress: vec![1.2, 1.0, 0.4, 1.1, 0.1, f64::NAN],
    ///     goals_per_account: 2, survey_scores: None, achieving_percent: 50.0, from: 0, to: 0,
    /// };
    /// let link = data.results_link(&results).unwrap();
    /// assert_eq!(link.achieving.accounts, 2);
    /// assert_eq!(link.achieving.nrr.value, Some(120.0));
    /// assert_eq!(link.not_achieving.retention.value, Some(0.0));
    /// ```
    pub fn results_link(&self, results: &AccountResults) -> Result<ResultsRevenueLink, Error> {
        let n = self.accounts.len();
        let g = goals_per_account(results.goals_per_account as f64)?;
        // Checked: in wasm32 an absurd `goalsPerAccount` would wrap and pass.
        let Some(slots) = n.checked_mul(g) else {
            return Err(Error::new(
                ErrorCode::ValueOutOfRange,
                "results.goalsPerAccount",
                msg!(
                    "accounts x goalsPerAccount must fit in memory, got ",
                    n,
                    " x ",
                    g
                ),
            ));
        };
        length(
            results.goal_progress.len(),
            slots,
            "account x goalsPerAccount",
            &|| "results.goalProgress".into(),
        )?;
        let (counts, infinite) = goal_counts(&results.goal_progress, g, n);
        if infinite {
            if let Some((i, &x)) = results
                .goal_progress
                .iter()
                .enumerate()
                .find(|(_, x)| x.is_infinite())
            {
                return Err(Error::new(
                    ErrorCode::NotFinite,
                    element("results.goalProgress", i),
                    msg!("must be a finite number or NaN (no goal), got ", Num(x)),
                ));
            }
        }
        if let Some(scores) = &results.survey_scores {
            length(scores.len(), n, "account", &|| {
                "results.surveyScores".into()
            })?;
            for (i, &x) in scores.iter().enumerate() {
                if x.is_infinite() {
                    return Err(Error::new(
                        ErrorCode::NotFinite,
                        element("results.surveyScores", i),
                        msg!("must be a finite number or NaN (no score), got ", Num(x)),
                    ));
                }
            }
        }
        within(results.achieving_percent, 0.0, 100.0, &|| {
            "results.achievingPercent".into()
        })?;
        self.check_period(results.from)
            .map_err(|_| period_error("results.from", results.from, self.periods))?;
        self.check_period(results.to)
            .map_err(|_| period_error("results.to", results.to, self.periods))?;
        if results.to < results.from {
            return Err(Error::new(
                ErrorCode::ValueOutOfRange,
                "results.to",
                msg!("must not be before from (", results.from, ")"),
            ));
        }

        let (mut achieving, mut not_achieving, mut without_goals) =
            (Group::default(), Group::default(), 0);
        // Per account paying at `from`: goal share, NRR, retained, survey
        // score. Written by index (at opt-level "z" `Vec::push` stays a call).
        let (mut share, mut nrr) = (vec![0.0; n], vec![0.0; n]);
        let (mut retained, mut survey) = (vec![0.0; n], vec![f64::NAN; n]);
        let scores = results.survey_scores.as_deref().unwrap_or_default();
        let stride = self.periods + 1;
        let mut kept = 0;
        let mut a = 0;
        while let (Some(&(set, reached)), Some(&start), Some(&end)) = (
            counts.get(a),
            self.mrr.get(a * stride + results.from),
            self.mrr.get(a * stride + results.to + 1),
        ) {
            a += 1;
            if start <= 0.0 {
                continue;
            }
            let account_share = if set == 0 {
                f64::NAN
            } else {
                f64::from(reached) / f64::from(set)
            };
            if set == 0 {
                without_goals += 1;
            } else if f64::from(reached) * 100.0 >= results.achieving_percent * f64::from(set) {
                achieving.add(start, end);
            } else {
                not_achieving.add(start, end);
            }
            if let (Some(s), Some(r), Some(k), Some(v)) = (
                share.get_mut(kept),
                nrr.get_mut(kept),
                retained.get_mut(kept),
                survey.get_mut(kept),
            ) {
                (*s, *r) = (account_share, end / start * 100.0);
                *k = if end > 0.0 { 1.0 } else { 0.0 };
                *v = scores.get(a - 1).copied().unwrap_or(f64::NAN);
            }
            kept += 1;
        }
        for column in [&mut share, &mut nrr, &mut retained, &mut survey] {
            column.truncate(kept);
        }
        let mut correlations = Vec::with_capacity(4);
        // Each outcome sorted once for both correlations.
        let (nrr, retained) = (Ranked::new(&nrr), Ranked::new(&retained));
        for (x, xs) in [("goalAchievement", &share), ("surveyScore", &survey)] {
            if x == "surveyScore" && results.survey_scores.is_none() {
                continue;
            }
            let each = correlate_each(&Ranked::new(xs), &[&nrr, &retained]);
            for (y, correlation) in ["accountNrr", "retained"].into_iter().zip(each) {
                correlations.push(LinkCorrelation { x, y, correlation });
            }
        }
        Ok(ResultsRevenueLink {
            from: results.from,
            to: results.to,
            achieving: achieving.outcome(),
            not_achieving: not_achieving.outcome(),
            without_goals,
            correlations,
            leading_indicators: true,
            caveat: CAVEAT,
        })
    }
}

/// One pass over the goals (the largest input): per account, the goals set
/// (not NaN) and reached (progress >= 1); and whether any is infinite.
fn goal_counts(progress: &[f64], g: usize, n: usize) -> (Vec<(u32, u32)>, bool) {
    let mut counts = vec![(0u32, 0u32); n];
    let mut infinite = false;
    // Index loops: at opt-level "z" a slice iterator's `next` stays a call.
    let mut a = 0;
    while let (Some(count), Some(goals)) = (counts.get_mut(a), progress.get(a * g..(a + 1) * g)) {
        let (set, reached, any_infinite) = lanes::goal_counts(goals);
        *count = (set, reached);
        infinite |= any_infinite;
        a += 1;
    }
    (counts, infinite)
}

fn period_error(field: &str, got: usize, periods: usize) -> Error {
    Error::new(
        ErrorCode::ValueOutOfRange,
        field,
        msg!(
            "must be a period index from 0 to ",
            periods.saturating_sub(1),
            ", got ",
            got
        ),
    )
}

/// `results.goalsPerAccount`: a whole number from 1 (one message for 0 and 0.5 alike).
pub(crate) fn goals_per_account(x: f64) -> Result<usize, Error> {
    const FIELD: &str = "results.goalsPerAccount";
    if x >= 1.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX) {
        return Ok(x as usize);
    }
    finite(x, &|| FIELD.into())?;
    Err(Error::new(
        ErrorCode::ValueOutOfRange,
        FIELD,
        msg!("must be a whole number from 1 to 4294967295, got ", Num(x)),
    ))
}

#[cfg(test)]
mod tests {
    use super::goal_counts;
    use crate::company::lanes::tests::double;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn goal_counts_are_the_float_comparisons(g in 1usize..6, values in prop::collection::vec(double(), 0..60)) {
            let n = values.len() / g;
            let (counts, infinite) = goal_counts(&values, g, n);
            let expected: Vec<(u32, u32)> = values
                .chunks_exact(g)
                .map(|goals| {
                    let set = goals.iter().filter(|x| !x.is_nan()).count() as u32;
                    (set, goals.iter().filter(|&&x| x >= 1.0).count() as u32)
                })
                .collect();
            prop_assert_eq!(counts, expected);
            prop_assert_eq!(infinite, values[..n * g].iter().any(|x| x.is_infinite()));
        }
    }
}
