//! Advocate candidates: accounts ranked by usage depth, engagement with
//! content, NPS/CSAT, event attendance and community participation (seed
//! FAQ question 7).

use serde::Serialize;

use super::check::{non_negative, within};
use super::correlation::ranks;
use crate::error::{element, msg, Error};

/// The advocacy signals of one account; any may be missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdvocateSignals {
    /// The account's id.
    pub id: String,
    /// Product usage depth (e.g. share of features used).
    pub usage_depth: Option<f64>,
    /// Engagement with success or education content.
    pub engagement: Option<f64>,
    /// The account's NPS, -100..100 (`nps()`'s `score` of its
    /// respondents; `VALUE_OUT_OF_RANGE` outside).
    pub nps: Option<f64>,
    /// The account's CSAT.
    pub csat: Option<f64>,
    /// Events or webinars attended.
    pub events: Option<f64>,
    /// Community or beta-programme participation.
    pub community: Option<f64>,
}

/// Percentile (0..100) of an account on each signal it has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignalPercentiles {
    /// Usage depth percentile.
    pub usage_depth: Option<f64>,
    /// Engagement percentile.
    pub engagement: Option<f64>,
    /// NPS percentile.
    pub nps: Option<f64>,
    /// CSAT percentile.
    pub csat: Option<f64>,
    /// Events percentile.
    pub events: Option<f64>,
    /// Community percentile.
    pub community: Option<f64>,
}

/// A ranked advocate candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdvocateCandidate {
    /// The account's id.
    pub id: String,
    /// 1 for the strongest candidate.
    pub rank: usize,
    /// Mean of the account's signal percentiles, 0..100.
    pub score: f64,
    /// The percentiles the score averages.
    pub signals: SignalPercentiles,
}

/// Ranks accounts as advocate candidates. Each signal is turned into a
/// percentile among the accounts that have it, `(rank - 1) / (m - 1) x 100`
/// with ties at their average rank (100 when only one account has it);
/// the score is the mean of an account's percentiles. Accounts without any
/// signal are left out (nothing ranks them); ties in score are ordered by
/// id. At most `limit`. Signals are `>= 0` (`NEGATIVE_VALUE`), but `nps`,
/// an NPS, is -100..100 (`VALUE_OUT_OF_RANGE`).
///
/// ```
/// use clg_metrics::company::advocates::{advocate_candidates, AdvocateSignals};
/// let a = |id: &str, nps, usage| AdvocateSignals { id: id.into(), nps: Some(nps), usage_depth: Some(usage), ..Default::default() };
/// let ranked = advocate_candidates(&[a("x", 6.0, 0.2), a("y", 10.0, 0.9), a("z", 9.0, 0.5)], 2).unwrap();
/// assert_eq!(ranked.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["y", "z"]);
/// assert_eq!(ranked[0].score, 100.0);
/// ```
pub fn advocate_candidates(
    accounts: &[AdvocateSignals],
    limit: usize,
) -> Result<Vec<AdvocateCandidate>, Error> {
    type Get = fn(&AdvocateSignals) -> Option<f64>;
    type Set = fn(&mut SignalPercentiles, f64);
    let signals: [(&str, Get, Set); 6] = [
        (
            "usageDepth",
            |s| s.usage_depth,
            |p, x| p.usage_depth = Some(x),
        ),
        (
            "engagement",
            |s| s.engagement,
            |p, x| p.engagement = Some(x),
        ),
        ("nps", |s| s.nps, |p, x| p.nps = Some(x)),
        ("csat", |s| s.csat, |p, x| p.csat = Some(x)),
        ("events", |s| s.events, |p, x| p.events = Some(x)),
        ("community", |s| s.community, |p, x| p.community = Some(x)),
    ];
    for (i, account) in accounts.iter().enumerate() {
        for (name, get, _) in &signals {
            if let Some(x) = get(account) {
                let field = || msg!(element("accounts", i), ".", name);
                if *name == "nps" {
                    within(x, -100.0, 100.0, &field)?;
                } else {
                    non_negative(x, &field)?;
                }
            }
        }
    }
    let mut percentiles = vec![SignalPercentiles::default(); accounts.len()];
    let mut sums = vec![(0.0, 0u32); accounts.len()];
    for (_, get, set) in &signals {
        let (who, values): (Vec<usize>, Vec<f64>) = accounts
            .iter()
            .enumerate()
            .filter_map(|(i, a)| get(a).map(|x| (i, x)))
            .unzip();
        let m = values.len();
        for (&i, rank) in who.iter().zip(ranks(&values)) {
            let pct = if m > 1 {
                (rank - 1.0) / (m - 1) as f64 * 100.0
            } else {
                100.0
            };
            if let (Some(p), Some(sum)) = (percentiles.get_mut(i), sums.get_mut(i)) {
                set(p, pct);
                sum.0 += pct;
                sum.1 += 1;
            }
        }
    }
    let mut candidates: Vec<AdvocateCandidate> = accounts
        .iter()
        .zip(percentiles.into_iter().zip(sums))
        .filter(|(_, (_, (_, count)))| *count > 0)
        .map(|(account, (signals, (sum, count)))| AdvocateCandidate {
            id: account.id.clone(),
            rank: 0,
            score: sum / f64::from(count),
            signals,
        })
        .collect();
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    candidates.truncate(limit);
    for (i, c) in candidates.iter_mut().enumerate() {
        c.rank = i + 1;
    }
    Ok(candidates)
}
