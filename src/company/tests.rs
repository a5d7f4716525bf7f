//! Company metrics against the seeds' worked examples, independent
//! reference values, invariants (proptest) and bad input.

use proptest::prelude::*;

use super::advocates::{advocate_candidates, AdvocateSignals};
use super::correlation::correlate;
use super::data::*;
use super::finance::{clv_margin_churn, clv_purchase, clv_simple};
use super::health::{Band, HealthInput, HealthModel};
use super::link::{AccountResults, CAVEAT};
use super::scorecard::{
    Benchmark, Cadence, HealthBands, RoleResults, ScorecardInput, Status, SurveyResults,
};
use super::value::{Metric, Reason};
use crate::error::ErrorCode;
use crate::survey::nps::NpsCounts;

fn month(y: i32, m: i32) -> String {
    format!("{y}-{m:02}-01")
}

/// Monthly periods from January 2026.
fn months(count: i32) -> Vec<PeriodInput> {
    (0..count)
        .map(|i| PeriodInput {
            start: month(2026 + i / 12, 1 + i % 12),
            end: month(2026 + (i + 1) / 12, 1 + (i + 1) % 12),
        })
        .collect()
}

fn account(id: &str, opening: f64, mrr: &[f64]) -> AccountInput {
    AccountInput {
        id: id.into(),
        opening_mrr: opening,
        mrr: mrr.to_vec(),
        ..Default::default()
    }
}

/// A per-period list with every period given.
fn given<T>(periods: Vec<T>) -> Option<Vec<Option<T>>> {
    Some(periods.into_iter().map(Some).collect())
}

fn data(accounts: Vec<AccountInput>, periods: i32) -> CompanyData {
    CompanyData::new(&CompanyInput {
        periods: months(periods),
        accounts,
        finance: vec![],
    })
    .unwrap()
}

fn err(input: &CompanyInput) -> (ErrorCode, String) {
    let e = CompanyData::new(input).unwrap_err();
    (e.code(), e.field().to_owned())
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

// -- the seeds' worked examples ------------------------------------------

#[test]
fn seed_clv_purchase_form() {
    // ($50 x 4) x 5 = $1,000, exactly.
    assert_eq!(clv_purchase(50.0, 4.0, 5.0).unwrap(), 1_000.0);
}

#[test]
fn seed_free_trial_conversion() {
    // 100 people on the free version, 30 upgrade: 30 %.
    let accounts = (0..100)
        .map(|i| AccountInput {
            id: format!("t{i}"),
            trial_start_date: Some("2026-01-10".into()),
            converted_date: (i % 10 < 3).then(|| "2026-02-02".into()),
            mrr: vec![0.0, 0.0],
            ..Default::default()
        })
        .collect();
    let f = data(accounts, 2).funnel(0).unwrap();
    assert_eq!((f.trials, f.trial_conversion.value), (100, Some(30.0)));
    assert_eq!(
        data(vec![account("a", 0.0, &[0.0])], 1)
            .funnel(0)
            .unwrap()
            .trial_conversion
            .reason,
        Some(Reason::NoTrials)
    );
}

#[test]
fn funnel_rates_without_their_dates_are_not_given() {
    // Two signups that pay, but no account gives a conversion or an
    // activation date: those rates are not tracked, not 0 %.
    let signup = |id: &str, activated: Option<&str>| AccountInput {
        id: id.into(),
        signup_date: Some("2026-01-05".into()),
        activation_date: activated.map(Into::into),
        mrr: vec![300.0],
        ..Default::default()
    };
    let f = data(vec![signup("n1", None), signup("n2", None)], 1)
        .funnel(0)
        .unwrap();
    for rate in [f.conversion, f.activation] {
        assert_eq!((rate.value, rate.reason), (None, Some(Reason::NotGiven)));
    }
    // Trials, but no conversion date anywhere: trial conversion is not given either.
    let trial = |id: &str| AccountInput {
        id: id.into(),
        trial_start_date: Some("2026-01-05".into()),
        mrr: vec![0.0],
        ..Default::default()
    };
    let f = data(vec![trial("t1"), trial("t2")], 1).funnel(0).unwrap();
    assert_eq!(
        (f.trials, f.trial_conversion.reason),
        (2, Some(Reason::NotGiven))
    );
    // One activation date in the data: the other signup is not activated.
    let f = data(
        vec![signup("n1", Some("2026-01-09")), signup("n2", None)],
        1,
    )
    .funnel(0)
    .unwrap();
    assert_eq!(f.activation.value, Some(50.0));
    assert_eq!(f.conversion.reason, Some(Reason::NotGiven));
}

#[test]
fn seed_csat_on_the_scorecard() {
    // 80 positive answers of 100: CSAT 80 %.
    let input = ScorecardInput {
        surveys: SurveyResults {
            csat: Some((80.0, 100.0)),
            ..Default::default()
        },
        ..Default::default()
    };
    let card = data(vec![account("a", 10.0, &[10.0])], 1)
        .scorecard(&input)
        .unwrap();
    let csat = card.company.iter().find(|l| l.key == "csat").unwrap();
    assert_eq!(csat.value.value, Some(80.0));
    assert_eq!(csat.within_benchmark, Some(true)); // 75-85 %
}

#[test]
fn seed_customer_retention_rate() {
    // S = 100 accounts at the start, 10 lost, N = 15 new: E = 105,
    // CRR = (E - N) / S x 100 = (105 - 15) / 100 x 100 = 90 %.
    let mut accounts: Vec<_> = (0..100)
        .map(|i| account(&format!("s{i}"), 100.0, &[if i < 10 { 0.0 } else { 100.0 }]))
        .collect();
    accounts.extend((0..15).map(|i| account(&format!("n{i}"), 0.0, &[50.0])));
    let r = data(accounts, 1).revenue(0).unwrap();
    assert_eq!(
        (r.starting_accounts, r.accounts, r.new_accounts),
        (100, 105, 15)
    );
    assert_eq!(r.crr.value, Some(90.0));
    assert_eq!(r.logo_churn.value, Some(10.0));
}

// -- reference values ----------------------------------------------------

/// Given movements, worked by hand: S = 10,000; upsell 800, cross-sell
/// 400, seats 300 (expansion 1,500); contraction 300; churn 700; new 2,000.
/// NRR = (10,000 + 1,500 - 1,000) / 10,000 = 105 %; GRR = 90 %;
/// net new ARR = 12 x (2,000 + 1,500 - 1,000) = 30,000. Exact in binary.
#[test]
fn nrr_grr_from_given_movements() {
    let moved = |id: &str, opening: f64, end: f64, m: Movements| AccountInput {
        movements: given(vec![m]),
        ..account(id, opening, &[end])
    };
    let accounts = vec![
        moved(
            "a",
            4_000.0,
            5_200.0,
            Movements {
                upsell: 800.0,
                cross_sell: 400.0,
                ..Default::default()
            },
        ),
        moved(
            "b",
            3_000.0,
            3_000.0,
            Movements {
                seats: 300.0,
                contraction: 300.0,
                ..Default::default()
            },
        ),
        moved("c", 2_300.0, 2_300.0, Movements::default()),
        moved(
            "d",
            700.0,
            0.0,
            Movements {
                churn: 700.0,
                ..Default::default()
            },
        ),
        moved(
            "e",
            0.0,
            2_000.0,
            Movements {
                new: 2_000.0,
                ..Default::default()
            },
        ),
    ];
    let r = data(accounts, 1).revenue(0).unwrap();
    assert_eq!(
        (r.starting_mrr, r.mrr, r.expansion_mrr),
        (10_000.0, 12_500.0, 1_500.0)
    );
    assert_eq!(
        (r.nrr.value, r.grr.value, r.revenue_churn.value),
        (Some(105.0), Some(90.0), Some(10.0))
    );
    assert_eq!((r.net_new_arr, r.arr), (30_000.0, 150_000.0));
    assert_eq!(r.accounts_expanded.value, Some(50.0)); // a and b of 4
    assert_eq!(r.upsell_rate.value, Some(25.0));
    assert_eq!(r.arpa.value, Some(12_500.0 / 4.0));
}

#[test]
fn derived_movements_classify_expansion() {
    let a = AccountInput {
        plans: Some(vec![
            "pro".into(),
            "enterprise".into(),
            "enterprise".into(),
            "enterprise".into(),
        ]),
        seats: Some(vec![5.0, 5.0, 8.0, 8.0]),
        ..account("a", 0.0, &[100.0, 150.0, 180.0, 200.0])
    };
    let d = data(vec![a, account("b", 0.0, &[40.0, 0.0, 0.0, 60.0])], 4);
    let r: Vec<_> = (0..4).map(|t| d.revenue(t).unwrap()).collect();
    assert_eq!(
        (
            r[0].new_mrr,
            r[1].upsell_mrr,
            r[2].seats_mrr,
            r[3].cross_sell_mrr
        ),
        (140.0, 50.0, 30.0, 20.0)
    );
    assert_eq!((r[1].churned_mrr, r[3].reactivation_mrr), (40.0, 60.0));
    assert_eq!(d.accounts[1].cohort, Some(0));
    // ARPU = MRR / seats of paying accounts: 180 / 8 in period 2.
    assert_eq!(r[2].arpu.value, Some(22.5));
    // In period 3 "b" pays too but gives no seats: 8 is not all the seats.
    assert_eq!(
        (r[3].arpu.value, r[3].arpu.reason),
        (None, Some(Reason::NotGiven))
    );
    // No paying account gives seats: no seats to divide by.
    let unseated = data(vec![account("b", 0.0, &[40.0])], 1);
    assert_eq!(
        unseated.revenue(0).unwrap().arpu.reason,
        Some(Reason::NoSeats)
    );
}

#[test]
fn renewal_rate_counts_due_accounts() {
    let due = |id: &str, end: f64| AccountInput {
        renewal_due: Some(vec![true]),
        ..account(id, 100.0, &[end])
    };
    let d = data(
        vec![
            due("a", 100.0),
            due("b", 120.0),
            due("c", 0.0),
            account("d", 100.0, &[0.0]),
        ],
        1,
    );
    let r = d.revenue(0).unwrap();
    assert!(close(r.renewal_rate.value.unwrap(), 200.0 / 3.0, 1e-12));
    assert_eq!(
        data(vec![account("a", 1.0, &[1.0])], 1)
            .revenue(0)
            .unwrap()
            .renewal_rate
            .reason,
        Some(Reason::NoRenewalsDue)
    );
}

#[test]
fn empty_periods_are_not_available_not_nan() {
    let r = data(vec![account("a", 0.0, &[0.0])], 1).revenue(0).unwrap();
    for (metric, reason) in [
        (r.nrr, Reason::NoStartingMrr),
        (r.grr, Reason::NoStartingMrr),
        (r.logo_churn, Reason::NoStartingAccounts),
        (r.crr, Reason::NoStartingAccounts),
        (r.arpa, Reason::NoAccounts),
        (r.arpu, Reason::NoSeats),
    ] {
        assert_eq!((metric.value, metric.reason), (None, Some(reason)));
    }
    let no_accounts = data(vec![], 2);
    let m = no_accounts.period_metrics(1).unwrap();
    assert_eq!(m.revenue.nrr.reason, Some(Reason::NoStartingMrr));
    assert_eq!(m.finance.clv.reason, Some(Reason::NoAccounts));
    assert_eq!(m.usage.stickiness.reason, Some(Reason::NotGiven));
    assert_eq!(m.support.fcr.reason, Some(Reason::NotGiven));
}

/// CAC 12,000 / 3 new = 4,000. ARPA 250 (1,000 / 4), logo churn 1 of 2 =
/// 50 %, gross margin 750 / 1,000 = 75 %: CLV = 250 / 0.5 = 500, margin CLV
/// = 375, LTV:CAC = 375 / 4,000 = 0.09375. Burn from cash 50,000 -> 40,000
/// = 10,000, runway 4 periods. Revenue per FTE = ARR 12,000 / 4 = 3,000.
/// Retention cost 600 / (E - N = 1) = 600. All exact in binary.
#[test]
fn finance_reference() {
    let accounts = vec![
        account("a", 100.0, &[0.0, 0.0]),
        account("b", 100.0, &[0.0, 250.0]),
        account("n1", 0.0, &[0.0, 250.0]),
        account("n2", 0.0, &[0.0, 250.0]),
        account("n3", 0.0, &[0.0, 250.0]),
    ];
    // Period 1: b reactivates (not a new logo for CAC), n1-n3 are new.
    let f0 = FinanceInput {
        cash: Some(50_000.0),
        ..Default::default()
    };
    let f1 = FinanceInput {
        acquisition_cost: Some(12_000.0),
        retention_cost: Some(600.0),
        revenue: Some(1_000.0),
        gross_profit: Some(750.0),
        net_income: Some(-250.0),
        fte: Some(4.0),
        cash: Some(40_000.0),
        ..Default::default()
    };
    let accounts = accounts.into_iter().map(|mut a| {
        a.mrr = vec![if a.id == "b" { 100.0 } else { 0.0 }, a.mrr[1]];
        a
    });
    let mut accounts: Vec<_> = accounts.collect();
    accounts.push(account("c", 250.0, &[250.0, 0.0]));
    let d = CompanyData::new(&CompanyInput {
        periods: months(2),
        accounts,
        finance: vec![f0, f1],
    })
    .unwrap();
    let m = d.period_metrics(1).unwrap();
    assert_eq!(
        (
            m.revenue.starting_accounts,
            m.revenue.lost_accounts,
            m.revenue.accounts
        ),
        (2, 1, 4)
    );
    let f = m.finance;
    assert_eq!(f.cac.value, Some(4_000.0));
    assert_eq!(m.revenue.arpa.value, Some(250.0));
    assert_eq!(
        (f.clv.value, f.clv_margin.value, f.ltv_cac.value),
        (Some(500.0), Some(375.0), Some(0.09375))
    );
    assert_eq!(
        (f.gross_margin.value, f.net_margin.value),
        (Some(75.0), Some(-25.0))
    );
    assert_eq!(
        (f.net_burn.value, f.runway.value),
        (Some(10_000.0), Some(4.0))
    );
    assert_eq!(f.revenue_per_fte.value, Some(3_000.0));
    assert_eq!(f.retention_cost.value, Some(600.0));
    let first = d.period_metrics(0).unwrap().finance;
    assert_eq!(
        (first.net_burn.reason, first.runway.reason, first.cac.reason),
        (
            Some(Reason::NoPreviousPeriod),
            Some(Reason::NoPreviousPeriod),
            Some(Reason::NotGiven)
        )
    );
}

#[test]
fn clv_forms_and_not_burning() {
    assert_eq!(clv_simple(12_000.0, 4.5).unwrap(), 54_000.0);
    // A churn rate of 0, or one so small the quotient is past f64's range
    // (the README's rule for every ratio): NO_CHURN, not an error.
    for churn in [0.0, 5e-324, 1e-308] {
        let clv = clv_margin_churn(500.0, 80.0, churn).unwrap();
        assert_eq!((clv.value, clv.reason), (None, Some(Reason::NoChurn)));
    }
    let f = FinanceInput {
        cash: Some(100.0),
        net_burn: Some(-5.0),
        ..Default::default()
    };
    let d = CompanyData::new(&CompanyInput {
        periods: months(1),
        accounts: vec![],
        finance: vec![f],
    })
    .unwrap();
    assert_eq!(
        d.period_metrics(0).unwrap().finance.runway.reason,
        Some(Reason::NotBurning)
    );
}

/// The date `d` days after 2026-01-01 (d < 365).
fn day_of_2026(mut d: i32) -> String {
    let mut m = 0;
    for len in [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] {
        if d < len {
            break;
        }
        d -= len;
        m += 1;
    }
    format!("2026-{:02}-{:02}", m + 1, d + 1)
}

/// Time to value in days {3, 10, 1, 45, 7, 7, 21, 0, 90, 14, 30}:
/// numpy 2 `np.percentile(d, [25, 50, 75, 90])` = 5, 10, 25.5, 45 (exact).
#[test]
fn time_to_value_matches_numpy() {
    let days = [3, 10, 1, 45, 7, 7, 21, 0, 90, 14, 30];
    let accounts = days
        .iter()
        .enumerate()
        .map(|(i, &d)| AccountInput {
            id: format!("a{i}"),
            signup_date: Some("2026-01-01".into()),
            first_value_date: Some(day_of_2026(d)),
            activation_date: (i % 2 == 0).then(|| "2026-01-02".into()),
            converted_date: (i < 4).then(|| "2026-01-20".into()),
            mrr: vec![0.0, 0.0, 0.0, 0.0],
            ..Default::default()
        })
        .collect();
    let f = data(accounts, 4).funnel(0).unwrap();
    let t = f.time_to_value;
    assert_eq!(
        (t.p25.value, t.median.value, t.p75.value, t.p90.value),
        (Some(5.0), Some(10.0), Some(25.5), Some(45.0))
    );
    assert_eq!(t.buckets, [1, 2, 3, 2, 2, 0, 1]);
    assert_eq!(f.signups, 11);
    assert!(close(f.activation.value.unwrap(), 600.0 / 11.0, 1e-12));
    assert!(close(f.conversion.value.unwrap(), 400.0 / 11.0, 1e-12));
}

#[test]
fn support_and_usage() {
    let usage = |dau, wau, mau, minutes, sessions, reports: f64| UsageInput {
        dau,
        wau,
        mau,
        active_days: 10.0,
        sessions,
        session_minutes: minutes,
        feature_users: vec![("reports".into(), reports)],
    };
    let a = AccountInput {
        support: given(vec![SupportInput {
            cases: 10.0,
            resolved_first_contact: 7.0,
        }]),
        usage: given(vec![usage(4.0, 8.0, 10.0, 300.0, 30.0, 5.0)]),
        ..account("a", 1.0, &[1.0])
    };
    let b = AccountInput {
        support: given(vec![SupportInput {
            cases: 0.0,
            resolved_first_contact: 0.0,
        }]),
        usage: given(vec![usage(6.0, 12.0, 30.0, 900.0, 60.0, 15.0)]),
        ..account("b", 1.0, &[1.0])
    };
    let d = data(vec![a, b], 1);
    let s = d.support(0).unwrap();
    assert_eq!(
        (
            s.ticket_volume.value,
            s.fcr.value,
            s.tickets_per_account.value
        ),
        (Some(10.0), Some(70.0), Some(5.0))
    );
    let u = d.usage(0).unwrap();
    assert_eq!(
        (u.dau.value, u.mau.value, u.stickiness.value),
        (Some(10.0), Some(40.0), Some(25.0))
    );
    assert_eq!(
        (
            u.time_in_app.value,
            u.session_length.value,
            u.active_days.value
        ),
        (Some(30.0), Some(1200.0 / 90.0), Some(10.0))
    );
    assert_eq!(
        (u.features[0].feature.as_str(), u.features[0].adoption.value),
        ("reports", Some(50.0))
    );
}

#[test]
fn cohorts_by_signup_period() {
    let signed = |id: &str, date: &str, mrr: &[f64]| AccountInput {
        signup_date: Some(date.into()),
        ..account(id, 0.0, mrr)
    };
    let d = data(
        vec![
            signed("a", "2026-01-15", &[100.0, 150.0, 150.0]),
            signed("b", "2026-01-02", &[100.0, 50.0, 0.0]),
            signed("c", "2026-02-03", &[0.0, 80.0, 80.0]),
        ],
        3,
    );
    let rows = d.cohorts().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0].cohort, rows[0].accounts, rows[0].starting_mrr),
        (0, 2, 200.0)
    );
    let values =
        |v: &[super::value::Metric]| v.iter().map(|m| m.value.unwrap()).collect::<Vec<_>>();
    assert_eq!(values(&rows[0].nrr), [100.0, 100.0, 75.0]);
    assert_eq!(values(&rows[0].grr), [100.0, 75.0, 50.0]);
    assert_eq!(values(&rows[1].nrr), [100.0, 100.0]);
}

/// References: scipy 1.16 `stats.pearsonr` / `stats.spearmanr` (average
/// ranks for ties). Tolerance 1e-12.
#[test]
fn correlation_matches_scipy() {
    let x = [3.1, 4.7, 2.2, 4.7, 5.0, 1.0, 3.3, 4.7, 2.2, 6.1];
    let y = [
        110.0, 95.0, 80.0, 120.0, 130.0, 60.0, 100.0, 100.0, 90.0, 140.0,
    ];
    let c = correlate(&x, &y);
    assert_eq!(c.n, 10);
    assert!(close(
        c.pearson.value.unwrap(),
        0.874_959_200_655_636_6,
        1e-12
    ));
    assert!(close(
        c.spearman.value.unwrap(),
        0.864_263_397_068_391_1,
        1e-12
    ));
    let a = [0.0, 0.5, 0.5, 1.0, 1.0, 1.0, 0.25, 0.0];
    let b = [0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0];
    let c = correlate(&a, &b);
    assert!(close(
        c.pearson.value.unwrap(),
        0.379_620_569_051_659_5,
        1e-12
    ));
    assert!(close(
        c.spearman.value.unwrap(),
        0.409_293_742_343_280_3,
        1e-12
    ));
    // p-values of "no correlation" (scipy.stats.pearsonr / spearmanr, whose
    // Spearman p-value uses the same t approximation), 1e-9 relative.
    let p = |m: Metric| m.value.unwrap();
    let c = correlate(&x, &y);
    assert!(close(p(c.pearson_p), 0.000_917_243_152_907_827_3, 1e-9));
    assert!(close(p(c.spearman_p), 0.001_256_646_549_742_283_5, 1e-9));
    let c = correlate(&a, &b);
    assert!(close(p(c.pearson_p), 0.353_639_662_206_995_4, 1e-9));
    assert!(close(p(c.spearman_p), 0.313_973_725_830_802_5, 1e-9));
    let three = correlate(&[1.0, 2.0, 3.0], &[1.0, 3.0, 2.0]);
    assert!(close(p(three.pearson_p), 2.0 / 3.0, 1e-9));
    assert!(p(correlate(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).pearson_p) < 1e-7); // r = 1 - 2e-16
    let two = correlate(&[1.0, 5.0], &[0.1, -0.7]);
    assert_eq!(two.pearson_p.reason, Some(Reason::NotEnoughPairs));
    // A perfectly monotone relation: Spearman's rho is exactly -1, its p 0 (scipy: -1.0, 0.0).
    let monotone = correlate(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.000_000_1]);
    assert_eq!(
        (monotone.spearman.value, monotone.spearman_p.value),
        (Some(-1.0), Some(0.0))
    );
    assert_eq!(
        correlate(&[1.0], &[2.0]).pearson.reason,
        Some(Reason::NotEnoughPairs)
    );
    assert_eq!(
        correlate(&[1.0, 1.0, 1.0], &[2.0, 3.0, 4.0])
            .spearman
            .reason,
        Some(Reason::NoVariance)
    );
    // Two pairs: exactly ±1 (the sums gave 0.9999999999999998).
    let two = correlate(&[1.0, 5.0], &[0.1, -0.7]);
    assert_eq!(
        (two.pearson.value, two.spearman.value),
        (Some(-1.0), Some(-1.0))
    );
    // r does not change with scale, up to the ends of f64.
    let y = [130.0, 0.0, 90.0];
    for (huge, plain) in [
        ([1.7e308, -1.7e308, 0.0], [1.0, -1.0, 0.0]),
        ([1e308, 1.1e308, 1.2e308], [1.0, 1.1, 1.2]),
        ([3e-200, 1e-200, 2e-200], [3.0, 1.0, 2.0]),
    ] {
        let (a, b) = (
            correlate(&huge, &y).pearson.value.unwrap(),
            correlate(&plain, &y).pearson.value.unwrap(),
        );
        assert!((a - b).abs() < 1e-12, "{huge:?}: {a} against {b}");
    }
}

#[test]
fn results_link_compares_groups() {
    // 4 accounts, 2 goals each; opening MRR then 2 periods.
    let d = CompanyData::from_snapshots(
        vec![
            100.0, 110.0, 130.0, 100.0, 100.0, 100.0, 100.0, 90.0, 0.0, 100.0, 100.0, 80.0, 0.0,
            0.0, 50.0,
        ],
        3,
    )
    .unwrap();
    let results = AccountResults {
        goal_progress: vec![1.5, 1.0, 1.0, 0.2, 0.3, 0.1, f64::NAN, f64::NAN, 2.0, 2.0],
        goals_per_account: 2,
        survey_scores: Some(vec![9.0, 8.0, 3.0, f64::NAN, 10.0]),
        achieving_percent: 50.0,
        from: 0,
        to: 1,
    };
    let link = d.results_link(&results).unwrap();
    // Account 4 does not pay at the window's start; account 3 has no goals.
    assert_eq!(
        (
            link.achieving.accounts,
            link.not_achieving.accounts,
            link.without_goals
        ),
        (2, 1, 1)
    );
    assert_eq!(link.achieving.nrr.value, Some(115.0));
    assert_eq!(
        (
            link.achieving.retention.value,
            link.achieving.expansion.value
        ),
        (Some(100.0), Some(50.0))
    );
    assert_eq!(
        (
            link.not_achieving.retention.value,
            link.not_achieving.nrr.value
        ),
        (Some(0.0), Some(0.0))
    );
    assert_eq!(link.correlations.len(), 4);
    assert_eq!(link.correlations[0].correlation.n, 3);
    assert_eq!(link.correlations[2].correlation.n, 3); // one survey score missing
    assert!(link.leading_indicators && link.caveat == CAVEAT && CAVEAT.contains("never alone"));
}

#[test]
fn health_scores_and_bands() {
    let input = |key: &str, weight, min, max, higher_is_better| HealthInput {
        key: key.into(),
        weight,
        min,
        max,
        higher_is_better,
    };
    let model = HealthModel::new(
        vec![
            input("usage", 3.0, 0.0, 20.0, true),
            input("nps", 1.0, 0.0, 10.0, true),
            input("cases", 1.0, 0.0, 5.0, false),
        ],
        70.0,
        40.0,
    )
    .unwrap();
    let h = model
        .score(
            "a",
            &[
                ("usage".into(), 20.0),
                ("nps".into(), 9.0),
                ("cases".into(), 0.0),
            ],
        )
        .unwrap();
    assert_eq!((h.score.value, h.band), (Some(98.0), Some(Band::Healthy)));
    let h = model
        .score("b", &[("usage".into(), 5.0), ("cases".into(), 9.0)])
        .unwrap();
    // Only usage and cases present: (3 x 0.25 + 1 x 0) / 4 = 18.75.
    assert_eq!((h.score.value, h.band), (Some(18.75), Some(Band::Critical)));
    assert_eq!(h.contributions[1].value, None);
    let h = model.score("c", &[]).unwrap();
    assert_eq!(
        (h.score.reason, h.band),
        (Some(Reason::NoHealthInputs), None)
    );
    assert_eq!(model.band(40.0), Band::AtRisk);
    // Weights up to f64::MAX: their sum would overflow, their shares do not.
    let huge = HealthModel::new(
        vec![
            input("usage", 1e308, 0.0, 20.0, true),
            input("cases", 1e308, 0.0, 10.0, false),
        ],
        70.0,
        40.0,
    )
    .unwrap();
    let h = huge
        .score("d", &[("usage".into(), 3.0), ("cases".into(), 1.0)])
        .unwrap();
    assert_eq!(h.score.value, Some(52.5)); // (0.15 + 0.9) / 2
    let points: Vec<f64> = h.contributions.iter().map(|c| c.points).collect();
    assert_eq!(points, [7.5, 45.0]);
}

#[test]
fn advocates_rank_by_signals() {
    let s = |id: &str, usage, nps, events| AdvocateSignals {
        id: id.into(),
        usage_depth: Some(usage),
        nps: Some(nps),
        events,
        ..Default::default()
    };
    let ranked = advocate_candidates(
        &[
            s("a", 0.9, 10.0, Some(3.0)),
            s("b", 0.5, 10.0, None),
            s("c", 0.1, 2.0, Some(0.0)),
            AdvocateSignals {
                id: "none".into(),
                ..Default::default()
            },
        ],
        10,
    )
    .unwrap();
    let ids: Vec<_> = ranked.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    // a: usage 100, nps 75 (tied with b at average rank 2.5 of 3), events 100.
    assert_eq!(ranked[0].signals.nps, Some(75.0));
    assert!(close(ranked[0].score, 275.0 / 3.0, 1e-12));
    assert_eq!((ranked[2].score, ranked[2].rank), (0.0, 3));
}

#[test]
fn scorecard_lines_targets_and_benchmarks() {
    let d = CompanyData::from_snapshots(
        vec![
            100.0, 100.0, 110.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0,
        ],
        3,
    )
    .unwrap();
    let role = |goal| RoleResults {
        role: "SDR".into(),
        name: None,
        average_gain: Some(12.5),
        measures_in_place: Some(80.0),
        measurable_gain: Some(60.0),
        goal_achieved: Some(goal),
    };
    let input = ScorecardInput {
        period: None,
        results: vec![role(45.0)],
        previous_results: vec![role(40.0)],
        surveys: SurveyResults {
            nps: Some(NpsCounts {
                promoters: 6,
                passives: 2,
                detractors: 2,
            }),
            ..Default::default()
        },
        previous_surveys: SurveyResults::default(),
        health: None,
        previous_health: None,
        targets: vec![
            ("nrr".into(), 103.0),
            ("logoChurn".into(), 2.0),
            ("results.SDR.goalAchieved".into(), 50.0),
        ],
        benchmarks: vec![
            (
                "nps".into(),
                Some(Benchmark {
                    low: Some(30.0),
                    high: None,
                }),
            ),
            ("ltvCac".into(), None),
        ],
    };
    let card = d.scorecard(&input).unwrap();
    assert_eq!(card.period, 1);
    let line = |key: &str| {
        card.company
            .iter()
            .chain(&card.customer_results)
            .find(|l| l.key == key)
            .unwrap()
    };
    let nrr = line("nrr");
    assert!(close(nrr.value.value.unwrap(), 310.0 / 3.0, 1e-12));
    assert_eq!(
        (nrr.previous.value, nrr.status, nrr.cadence),
        (Some(100.0), Status::OnTrack, Cadence::Strategic)
    );
    assert!(close(nrr.change.value.unwrap(), 10.0 / 3.0, 1e-12));
    let churn = line("logoChurn");
    assert_eq!(
        (churn.value.value, churn.status, churn.within_benchmark),
        (Some(0.0), Status::OnTrack, Some(true))
    );
    assert_eq!(churn.cadence, Cadence::Operational);
    let nps = line("nps");
    assert_eq!(
        (nps.value.value, nps.within_benchmark, nps.previous.reason),
        (Some(40.0), Some(true), Some(Reason::NotGiven))
    );
    assert_eq!(line("ltvCac").benchmark, None);
    assert_eq!(
        line("csat").benchmark,
        Some(Benchmark {
            low: Some(75.0),
            high: Some(85.0)
        })
    );
    let goal = line("results.SDR.goalAchieved");
    assert_eq!(
        (
            goal.value.value,
            goal.change.value,
            goal.status,
            goal.role.as_deref()
        ),
        (Some(45.0), Some(5.0), Status::OffTrack, Some("SDR"))
    );
    assert_eq!(card.customer_results.len(), 4);
    assert_eq!(line("grr").status, Status::NoTarget);
    assert_eq!(line("cac").status, Status::NotAvailable);
    let first = d
        .scorecard(&ScorecardInput {
            period: Some(0),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        first.company[0].change.reason,
        Some(Reason::NoPreviousPeriod)
    );
    // Period 0 has no period before it in the data, but previous surveys and health given for it count.
    let counts = |promoters| NpsCounts {
        promoters,
        passives: 2,
        detractors: 2,
    };
    let bands = |healthy| HealthBands {
        healthy,
        at_risk: 1,
        critical: 1,
    };
    let given = d
        .scorecard(&ScorecardInput {
            period: Some(0),
            surveys: SurveyResults {
                nps: Some(counts(6)),
                csat: Some((7.0, 10.0)),
                ..Default::default()
            },
            previous_surveys: SurveyResults {
                nps: Some(counts(2)),
                ..Default::default()
            },
            health: Some(bands(8)),
            previous_health: Some(bands(3)),
            ..Default::default()
        })
        .unwrap();
    let change = |key: &str| given.company.iter().find(|l| l.key == key).unwrap().change;
    assert_eq!(change("nps").value, Some(40.0));
    assert_eq!(change("health.healthy").value, Some(20.0)); // 8 of 10, 3 of 5
    assert_eq!(
        change("csat").reason,
        Some(Reason::NoPreviousPeriod),
        "not given"
    );
    // Customer results follow the same rule: at period 0 without previous results there is no
    // previous period; from period 1 on the period is there, its results not given.
    for (period, reason) in [(0, Reason::NoPreviousPeriod), (1, Reason::NotGiven)] {
        let card = d
            .scorecard(&ScorecardInput {
                period: Some(period),
                results: vec![role(45.0)],
                ..Default::default()
            })
            .unwrap();
        let previous: Vec<_> = card.customer_results.iter().map(|l| l.previous).collect();
        assert_eq!(previous, [Metric::none(reason); 4], "period {period}");
    }
}

// -- bad input -----------------------------------------------------------

#[test]
fn bad_company_input_names_the_field() {
    let base = || CompanyInput {
        periods: months(2),
        accounts: vec![account("a", 10.0, &[10.0, 20.0])],
        finance: vec![],
    };
    let with = |f: &dyn Fn(&mut CompanyInput)| {
        let mut input = base();
        f(&mut input);
        err(&input)
    };
    type Change = Box<dyn Fn(&mut CompanyInput)>;
    let cases: Vec<(ErrorCode, &str, Change)> = vec![
        (
            ErrorCode::InvalidPeriods,
            "periods",
            Box::new(|i| i.periods.clear()),
        ),
        (
            ErrorCode::InvalidDate,
            "periods[1].end",
            Box::new(|i| i.periods[1].end = "2026-02-30".into()),
        ),
        (
            ErrorCode::InvalidPeriods,
            "periods[1].start",
            Box::new(|i| i.periods[1].start = "2026-02-02".into()),
        ),
        (
            ErrorCode::InvalidPeriods,
            "periods[0].end",
            Box::new(|i| i.periods[0].end = "2025-12-01".into()),
        ),
        (
            ErrorCode::LengthMismatch,
            "accounts[0].mrr",
            Box::new(|i| i.accounts[0].mrr.push(1.0)),
        ),
        (
            ErrorCode::NegativeValue,
            "accounts[0].mrr[1]",
            Box::new(|i| i.accounts[0].mrr[1] = -1.0),
        ),
        (
            ErrorCode::NotFinite,
            "accounts[0].mrr[0]",
            Box::new(|i| i.accounts[0].mrr[0] = f64::NAN),
        ),
        (
            ErrorCode::NegativeValue,
            "accounts[0].openingMrr",
            Box::new(|i| i.accounts[0].opening_mrr = -5.0),
        ),
        (
            ErrorCode::DuplicateId,
            "accounts[1].id",
            Box::new(|i| i.accounts.push(account("a", 0.0, &[0.0, 0.0]))),
        ),
        (
            ErrorCode::InvalidDate,
            "accounts[0].signupDate",
            Box::new(|i| i.accounts[0].signup_date = Some("1/2/2026".into())),
        ),
        (
            ErrorCode::InvalidDate,
            "accounts[0].firstValueDate",
            Box::new(|i| {
                i.accounts[0].signup_date = Some("2026-01-10".into());
                i.accounts[0].first_value_date = Some("2026-01-09".into());
            }),
        ),
        (
            ErrorCode::InvalidDate,
            "accounts[0].convertedDate",
            Box::new(|i| {
                i.accounts[0].signup_date = Some("2026-01-10".into());
                i.accounts[0].converted_date = Some("2026-01-09".into());
            }),
        ),
        (
            ErrorCode::InvalidDate,
            "accounts[0].convertedDate",
            Box::new(|i| {
                i.accounts[0].trial_start_date = Some("2026-01-10".into());
                i.accounts[0].converted_date = Some("2026-01-01".into());
            }),
        ),
        (
            ErrorCode::MovementsDoNotAddUp,
            "accounts[0].movements[1]",
            Box::new(|i| {
                i.accounts[0].movements = given(vec![
                    Movements::default(),
                    Movements {
                        upsell: 5.0,
                        ..Default::default()
                    },
                ]);
            }),
        ),
        (
            ErrorCode::NegativeValue,
            "accounts[0].movements[0].crossSell",
            Box::new(|i| {
                i.accounts[0].movements = given(vec![
                    Movements {
                        cross_sell: -1.0,
                        ..Default::default()
                    },
                    Movements::default(),
                ]);
            }),
        ),
        (
            ErrorCode::ValueOutOfRange,
            "accounts[0].movements[0].churn",
            Box::new(|i| {
                i.accounts[0].movements = given(vec![
                    Movements {
                        churn: 20.0,
                        new: 20.0,
                        ..Default::default()
                    },
                    Movements::default(),
                ]);
            }),
        ),
        (
            ErrorCode::LengthMismatch,
            "accounts[0].plans",
            Box::new(|i| i.accounts[0].plans = Some(vec!["pro".into()])),
        ),
        (
            ErrorCode::NegativeValue,
            "accounts[0].seats[0]",
            Box::new(|i| i.accounts[0].seats = Some(vec![-1.0, 1.0])),
        ),
        (
            ErrorCode::LengthMismatch,
            "accounts[0].renewalDue",
            Box::new(|i| i.accounts[0].renewal_due = Some(vec![true])),
        ),
        (
            ErrorCode::ValueOutOfRange,
            "accounts[0].support[1].resolvedFirstContact",
            Box::new(|i| {
                i.accounts[0].support = given(vec![
                    SupportInput::default(),
                    SupportInput {
                        cases: 2.0,
                        resolved_first_contact: 3.0,
                    },
                ]);
            }),
        ),
        (
            ErrorCode::ValueOutOfRange,
            "accounts[0].usage[0].dau",
            Box::new(|i| {
                i.accounts[0].usage = given(vec![
                    UsageInput {
                        dau: 5.0,
                        wau: 4.0,
                        mau: 9.0,
                        ..Default::default()
                    },
                    UsageInput::default(),
                ]);
            }),
        ),
        (
            ErrorCode::ValueOutOfRange,
            "accounts[0].usage[0].featureUsers.x",
            Box::new(|i| {
                let u = UsageInput {
                    mau: 3.0,
                    wau: 3.0,
                    feature_users: vec![("x".into(), 4.0)],
                    ..Default::default()
                };
                i.accounts[0].usage = given(vec![u, UsageInput::default()]);
            }),
        ),
        (
            ErrorCode::LengthMismatch,
            "finance",
            Box::new(|i| i.finance = vec![FinanceInput::default()]),
        ),
        (
            ErrorCode::NegativeValue,
            "finance[1].fte",
            Box::new(|i| {
                i.finance = vec![
                    FinanceInput::default(),
                    FinanceInput {
                        fte: Some(-1.0),
                        ..Default::default()
                    },
                ]
            }),
        ),
        (
            ErrorCode::ValueOutOfRange,
            "finance[0].grossProfit",
            Box::new(|i| {
                i.finance = vec![
                    FinanceInput {
                        revenue: Some(10.0),
                        gross_profit: Some(11.0),
                        ..Default::default()
                    },
                    FinanceInput::default(),
                ];
            }),
        ),
        // Cash is a money amount: a negative one would give a negative runway.
        (
            ErrorCode::NegativeValue,
            "finance[1].cash",
            Box::new(|i| {
                i.finance = vec![
                    FinanceInput {
                        cash: Some(1000.0),
                        ..Default::default()
                    },
                    FinanceInput {
                        cash: Some(-500.0),
                        ..Default::default()
                    },
                ]
            }),
        ),
        (
            ErrorCode::NotFinite,
            "finance[0].cash",
            Box::new(|i| {
                i.finance = vec![
                    FinanceInput {
                        cash: Some(f64::INFINITY),
                        ..Default::default()
                    },
                    FinanceInput::default(),
                ]
            }),
        ),
    ];
    for (code, field, change) in cases {
        assert_eq!(with(&*change), (code, field.to_owned()), "{field}");
    }
}

#[test]
fn bad_snapshots_and_periods() {
    let code = |r: Result<CompanyData, crate::Error>| r.map(|_| ()).unwrap_err().code();
    assert_eq!(
        code(CompanyData::from_snapshots(vec![1.0, 2.0], 1)),
        ErrorCode::InvalidPeriods
    );
    assert_eq!(
        code(CompanyData::from_snapshots(vec![1.0, 2.0, 3.0], 2)),
        ErrorCode::LengthMismatch
    );
    let e = CompanyData::from_snapshots(vec![1.0, -2.0], 2).unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::NegativeValue, "mrr[1]"));
    // The first bad value is named, openings included.
    let field = |mrr: Vec<f64>| {
        CompanyData::from_snapshots(mrr, 3)
            .unwrap_err()
            .field()
            .to_string()
    };
    assert_eq!(field(vec![1.0, 2.0, 3.0, -1.0, f64::NAN, 0.0]), "mrr[3]");
    assert_eq!(field(vec![f64::INFINITY, 2.0, -3.0]), "mrr[0]");
    assert_eq!(field(vec![1.0, 2.0, 3.0, 4.0, f64::NAN, -1.0]), "mrr[4]");
    let d = CompanyData::from_snapshots(vec![1.0, 2.0], 2).unwrap();
    for e in [
        d.revenue(1).unwrap_err(),
        d.funnel(5).unwrap_err(),
        d.usage(1).unwrap_err(),
        d.support(1).unwrap_err(),
        d.period_metrics(1).unwrap_err(),
    ] {
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::ValueOutOfRange, "period")
        );
    }
    let r = d.revenue(0).unwrap();
    assert_eq!(
        d.finance(3, &r).unwrap_err().code(),
        ErrorCode::ValueOutOfRange
    );
}

#[test]
fn bad_clv_health_advocate_link_and_scorecard_input() {
    assert_eq!(
        clv_purchase(-50.0, 4.0, 5.0).unwrap_err().field(),
        "averagePurchaseValue"
    );
    assert_eq!(
        clv_simple(1.0, f64::NAN).unwrap_err().code(),
        ErrorCode::NotFinite
    );
    assert_eq!(
        clv_margin_churn(1.0, 150.0, 10.0).unwrap_err().field(),
        "grossMargin"
    );
    assert_eq!(
        clv_margin_churn(1.0, 50.0, 200.0).unwrap_err().field(),
        "churnRate"
    );
    // Finite inputs whose product is beyond f64: refused, not a value "not given".
    for (refused, field) in [
        (clv_simple(1.7e308, 10.0).err(), "averageArr"),
        (
            clv_purchase(1e200, 1e200, 1.0).err(),
            "averagePurchaseValue",
        ),
        (clv_margin_churn(1.7e308, 100.0, 1.0).err(), "arpa"),
    ] {
        let e = refused.expect("refused");
        assert_eq!((e.code(), e.field()), (ErrorCode::ValueOutOfRange, field));
    }

    let input = |key: &str, weight, min, max| HealthInput {
        key: key.into(),
        weight,
        min,
        max,
        higher_is_better: true,
    };
    let health = |inputs, healthy, at_risk| HealthModel::new(inputs, healthy, at_risk).unwrap_err();
    assert_eq!(health(vec![], 70.0, 40.0).code(), ErrorCode::EmptyInput);
    assert_eq!(
        health(vec![input("a", 0.0, 0.0, 1.0)], 70.0, 40.0).field(),
        "inputs[0].weight"
    );
    assert_eq!(
        health(vec![input("a", 1.0, 2.0, 1.0)], 70.0, 40.0).field(),
        "inputs[0].max"
    );
    // max - min beyond f64 would normalise every value to 0.
    assert_eq!(
        health(vec![input("a", 1.0, -1.7e308, 1.7e308)], 70.0, 40.0).field(),
        "inputs[0].max"
    );
    assert_eq!(
        health(
            vec![input("a", 1.0, 0.0, 1.0), input("a", 1.0, 0.0, 1.0)],
            70.0,
            40.0
        )
        .code(),
        ErrorCode::DuplicateId
    );
    assert_eq!(
        health(vec![input("a", 1.0, 0.0, 1.0)], 50.0, 60.0).field(),
        "bands.atRisk"
    );
    assert_eq!(
        health(vec![input("a", 1.0, 0.0, 1.0)], 101.0, 40.0).field(),
        "bands.healthy"
    );
    let model = HealthModel::new(vec![input("a", 1.0, 0.0, 1.0)], 70.0, 40.0).unwrap();
    let e = model
        .scores(&[("x".into(), vec![]), ("y".into(), vec![("b".into(), 1.0)])])
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::UnknownOption, "accounts[1].values.b")
    );
    assert_eq!(
        model
            .score("x", &[("a".into(), f64::NAN)])
            .unwrap_err()
            .code(),
        ErrorCode::NotFinite
    );

    let e = advocate_candidates(
        &[AdvocateSignals {
            id: "a".into(),
            csat: Some(-1.0),
            ..Default::default()
        }],
        5,
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NegativeValue, "accounts[0].csat")
    );

    let d = CompanyData::from_snapshots(vec![1.0, 2.0, 3.0, 4.0], 2).unwrap();
    let ok = AccountResults {
        goal_progress: vec![1.0, 0.0],
        goals_per_account: 1,
        survey_scores: None,
        achieving_percent: 50.0,
        from: 0,
        to: 0,
    };
    let link_err = |f: &dyn Fn(&mut AccountResults)| {
        let mut r = ok.clone();
        f(&mut r);
        let e = d.results_link(&r).unwrap_err();
        (e.code(), e.field().to_owned())
    };
    assert_eq!(
        link_err(&|r| r.goals_per_account = 0),
        (ErrorCode::ValueOutOfRange, "results.goalsPerAccount".into())
    );
    assert_eq!(
        link_err(&|r| r.goal_progress.push(1.0)),
        (ErrorCode::LengthMismatch, "results.goalProgress".into())
    );
    assert_eq!(
        link_err(&|r| r.goal_progress[1] = f64::INFINITY),
        (ErrorCode::NotFinite, "results.goalProgress[1]".into())
    );
    assert_eq!(
        link_err(&|r| r.survey_scores = Some(vec![1.0])),
        (ErrorCode::LengthMismatch, "results.surveyScores".into())
    );
    assert_eq!(
        link_err(&|r| r.achieving_percent = 150.0),
        (
            ErrorCode::ValueOutOfRange,
            "results.achievingPercent".into()
        )
    );
    assert_eq!(
        link_err(&|r| r.to = 3),
        (ErrorCode::ValueOutOfRange, "results.to".into())
    );
    assert!(d.results_link(&ok).is_ok());

    let card_err = |input: ScorecardInput| {
        let e = d.scorecard(&input).unwrap_err();
        (e.code(), e.field().to_owned())
    };
    let role = RoleResults {
        role: "VP".into(),
        name: None,
        average_gain: None,
        measures_in_place: Some(50.0),
        measurable_gain: Some(120.0),
        goal_achieved: Some(10.0),
    };
    assert_eq!(
        card_err(ScorecardInput {
            results: vec![role.clone()],
            ..Default::default()
        }),
        (
            ErrorCode::ValueOutOfRange,
            "results[0].measurableGain".into()
        )
    );
    let fine = RoleResults {
        measurable_gain: Some(20.0),
        ..role
    };
    assert_eq!(
        card_err(ScorecardInput {
            previous_results: vec![fine.clone(), fine.clone()],
            ..Default::default()
        }),
        (ErrorCode::DuplicateId, "previousResults[1].role".into())
    );
    assert_eq!(
        card_err(ScorecardInput {
            targets: vec![("nrrr".into(), 1.0)],
            ..Default::default()
        }),
        (ErrorCode::UnknownOption, "targets.nrrr".into())
    );
    assert_eq!(
        card_err(ScorecardInput {
            targets: vec![("results.VP.goalAchieved".into(), 1.0)],
            ..Default::default()
        })
        .1,
        "targets.results.VP.goalAchieved"
    );
    assert_eq!(
        card_err(ScorecardInput {
            targets: vec![("nrr".into(), f64::NAN)],
            ..Default::default()
        }),
        (ErrorCode::NotFinite, "targets.nrr".into())
    );
    let inverted = Benchmark {
        low: Some(5.0),
        high: Some(1.0),
    };
    assert_eq!(
        card_err(ScorecardInput {
            benchmarks: vec![("nps".into(), Some(inverted))],
            ..Default::default()
        })
        .1,
        "benchmarks.nps.high"
    );
    let csat = SurveyResults {
        csat: Some((11.0, 10.0)),
        ..Default::default()
    };
    assert_eq!(
        card_err(ScorecardInput {
            surveys: csat,
            ..Default::default()
        }),
        (ErrorCode::ValueOutOfRange, "surveys.csat.satisfied".into())
    );
    assert_eq!(
        card_err(ScorecardInput {
            period: Some(1),
            ..Default::default()
        }),
        (ErrorCode::ValueOutOfRange, "period".into())
    );
}

// -- invariants ----------------------------------------------------------

/// MRR snapshots for up to 30 accounts over up to 6 periods; about a
/// seventh of the values are 0 (not paying), and four fixed amounts make
/// unchanged MRR from one snapshot to the next common too.
fn snapshots() -> impl Strategy<Value = (Vec<f64>, usize)> {
    (2usize..8, 0usize..30).prop_flat_map(|(s, n)| {
        (
            prop::collection::vec(
                prop_oneof![
                    Just(0.0),
                    // Amounts whose x * 100 / x is not 100 in floating point.
                    Just(0.007),
                    Just(0.17),
                    Just(500.0),
                    Just(1200.0),
                    1.0f64..10_000.0,
                    1.0f64..10_000.0
                ],
                s * n,
            ),
            Just(s),
        )
    })
}

proptest! {
    #[test]
    fn revenue_invariants((mrr, s) in snapshots()) {
        let d = CompanyData::from_snapshots(mrr, s).unwrap();
        for t in 0..d.periods() {
            let r = d.revenue(t).unwrap();
            if let (Some(grr), Some(nrr)) = (r.grr.value, r.nrr.value) {
                prop_assert!((0.0..=100.0).contains(&grr), "GRR is never above 100: {}", grr);
                prop_assert!(nrr >= grr - 1e-9);
                prop_assert!(close(r.revenue_churn.value.unwrap(), 100.0 - grr, 1e-9));
            } else {
                prop_assert_eq!(r.starting_mrr, 0.0);
            }
            if let Some(crr) = r.crr.value {
                prop_assert!(close(crr + r.logo_churn.value.unwrap(), 100.0, 1e-9));
            }
            prop_assert!(close(r.net_new_arr, 12.0 * (r.mrr - r.starting_mrr), 1e-6 * (1.0 + r.mrr + r.starting_mrr)));
            for m in [r.nrr, r.grr, r.logo_churn, r.crr, r.arpa, r.accounts_expanded, r.upsell_rate] {
                prop_assert!(m.value.map_or(m.reason.is_some(), f64::is_finite));
            }
        }
    }

    #[test]
    fn derived_movements_add_up((mrr, s) in snapshots()) {
        // Derived movements always pass the check given movements must pass,
        // and given as records they give the snapshots' revenue exactly.
        let d = CompanyData::from_snapshots(mrr.clone(), s).unwrap();
        let p = s - 1;
        let accounts = mrr.chunks_exact(s).enumerate().map(|(a, row)| AccountInput {
            id: a.to_string(),
            opening_mrr: row[0],
            mrr: row[1..].to_vec(),
            movements: given(derive_account(row[0], &row[1..], None, None)),
            ..Default::default()
        }).collect();
        let given = CompanyData::new(&CompanyInput { periods: months(p as i32), accounts, finance: vec![] });
        prop_assert!(given.is_ok(), "{:?}", given.err());
        let given = given.unwrap();
        prop_assert_eq!(given.revenue_all(), d.revenue_all());
        for t in 0..p {
            prop_assert_eq!(given.revenue(t).unwrap(), d.revenue(t).unwrap());
        }
    }

    #[test]
    fn cohort_grr_within_100_and_below_nrr((mrr, s) in snapshots()) {
        let d = CompanyData::from_snapshots(mrr, s).unwrap();
        for row in d.cohorts().unwrap() {
            prop_assert_eq!(row.nrr[0].value, Some(100.0));
            for (n, g) in row.nrr.iter().zip(&row.grr) {
                let (n, g) = (n.value.unwrap(), g.value.unwrap());
                prop_assert!((0.0..=100.0).contains(&g) && n >= g - 1e-9);
            }
        }
    }

    #[test]
    fn correlations_are_bounded_and_spearman_is_rank_based(x in prop::collection::vec(-100.0f64..100.0, 2..40), seed in any::<u64>()) {
        let y: Vec<f64> = x.iter().enumerate().map(|(i, v)| v * ((seed >> (i % 60)) & 3) as f64 + (i % 7) as f64).collect();
        let c = correlate(&x, &y);
        for m in [c.pearson, c.spearman] {
            prop_assert!(m.value.map_or(true, |r| (-1.0..=1.0).contains(&r)));
        }
        // A strictly increasing transform of x leaves Spearman unchanged.
        let cubed: Vec<f64> = x.iter().map(|v| v * v * v + 2.0 * v).collect();
        let d = correlate(&cubed, &y);
        match (c.spearman.value, d.spearman.value) {
            (Some(a), Some(b)) => prop_assert!(close(a, b, 1e-9)),
            (a, b) => prop_assert_eq!(a.is_none(), b.is_none()),
        }
    }

    #[test]
    fn health_points_add_up_to_the_score(values in prop::collection::vec(prop::option::of(-50.0f64..150.0), 3), weights in prop::collection::vec(0.1f64..10.0, 3)) {
        let inputs = weights.iter().enumerate().map(|(i, &w)| HealthInput { key: format!("k{i}"), weight: w, min: 0.0, max: 100.0, higher_is_better: i != 1 }).collect();
        let model = HealthModel::new(inputs, 70.0, 40.0).unwrap();
        let given: Vec<(String, f64)> = values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (format!("k{i}"), v))).collect();
        let h = model.score("a", &given).unwrap();
        match h.score.value {
            Some(score) => {
                prop_assert!((0.0..=100.0).contains(&score));
                prop_assert!(close(h.contributions.iter().map(|c| c.points).sum::<f64>(), score, 1e-9));
            }
            None => prop_assert!(given.is_empty()),
        }
    }

    /// The weights' common scale never changes a score or its band
    /// (README: the score is rounded to 1e-9 before banding).
    #[test]
    fn health_scores_ignore_the_weights_scale(values in prop::collection::vec(0.0f64..100.0, 3), weights in prop::collection::vec(0.1f64..10.0, 3), scale in prop::sample::select(vec![0.1, 0.3, 3.0, 10.0, 1e-6, 1e6])) {
        let score = |scale: f64| {
            let inputs = weights.iter().enumerate().map(|(i, &w)| HealthInput { key: format!("k{i}"), weight: w * scale, min: 0.1, max: 10.1, higher_is_better: true }).collect();
            let given: Vec<(String, f64)> = values.iter().enumerate().map(|(i, &v)| (format!("k{i}"), v / 10.0)).collect();
            let h = HealthModel::new(inputs, 70.0, 40.0).unwrap().score("a", &given).unwrap();
            (h.score.value, h.band)
        };
        prop_assert_eq!(score(1.0), score(scale));
    }
}

#[test]
fn a_health_score_on_a_band_threshold_is_in_that_band_whatever_the_weights() {
    // Normalised 0.39999999999999997 (4.1 between 0.1 and 10.1): 100 x w x n / w
    // was 40 for w = 1 but 39.99999999999999 (critical) for 0.1, 0.3, 3, 10.
    for weight in [1.0, 0.1, 0.3, 3.0, 10.0] {
        let input = HealthInput {
            key: "u".into(),
            weight,
            min: 0.1,
            max: 10.1,
            higher_is_better: true,
        };
        let model = HealthModel::new(
            vec![
                input.clone(),
                HealthInput {
                    key: "v".into(),
                    ..input
                },
            ],
            70.0,
            40.0,
        )
        .unwrap();
        for values in [
            vec![("u".into(), 4.1)],
            vec![("u".into(), 4.1), ("v".into(), 4.1)],
        ] {
            let h = model.score("a", &values).unwrap();
            assert_eq!(
                (h.score.value, h.band),
                (Some(40.0), Some(Band::AtRisk)),
                "{weight} {values:?}"
            );
        }
    }
}

// -- issue 13: numbers a customer-success leader can trust -----------------

#[test]
fn nrr_leaves_out_movements_of_accounts_new_in_the_period() {
    // One unchanged account, one new whose first period is new 100 + upsell 50.
    let new = AccountInput {
        movements: given(vec![Movements {
            new: 100.0,
            upsell: 50.0,
            ..Default::default()
        }]),
        ..account("n", 0.0, &[150.0])
    };
    let r = data(vec![account("a", 100.0, &[100.0]), new], 1)
        .revenue(0)
        .unwrap();
    assert_eq!((r.nrr.value, r.grr.value), (Some(100.0), Some(100.0)));
    assert_eq!(
        (r.expansion_mrr, r.upsell_mrr, r.new_mrr),
        (0.0, 0.0, 150.0)
    );
    assert_eq!(r.expansion_rate.value, Some(0.0));
    assert_eq!(r.net_new_arr, 12.0 * 150.0);
    // A reactivation with an upsell in the same period: reactivation MRR.
    let back = AccountInput {
        movements: given(vec![
            Movements {
                churn: 80.0,
                ..Default::default()
            },
            Movements {
                reactivation: 80.0,
                upsell: 20.0,
                ..Default::default()
            },
        ]),
        ..account("b", 80.0, &[0.0, 100.0])
    };
    let r = data(vec![account("a", 100.0, &[100.0, 100.0]), back], 2)
        .revenue(1)
        .unwrap();
    assert_eq!(
        (r.nrr.value, r.reactivation_mrr, r.expansion_mrr),
        (Some(100.0), 100.0, 0.0)
    );
}

/// `n` accounts at 100 MRR over one period `start..end`, `lost` of them churning.
fn churning(start: &str, end: &str, n: usize, lost: usize) -> CompanyData {
    let accounts = (0..n)
        .map(|i| {
            account(
                &format!("a{i}"),
                100.0,
                &[if i < lost { 0.0 } else { 100.0 }],
            )
        })
        .collect();
    CompanyData::new(&CompanyInput {
        periods: vec![PeriodInput {
            start: start.into(),
            end: end.into(),
        }],
        accounts,
        finance: vec![FinanceInput {
            revenue: Some(1.0),
            gross_profit: Some(0.8),
            ..Default::default()
        }],
    })
    .unwrap()
}

#[test]
fn clv_is_arr_times_lifespan_in_years_whatever_the_period() {
    // The same business: 1 % of accounts lost per month = 3 % per quarter.
    // Independent: ARR per account 1,200 x lifespan 1 / (12 x 1 %) years = 10,000.
    let monthly = churning("2026-01-01", "2026-02-01", 300, 3)
        .period_metrics(0)
        .unwrap();
    let quarterly = churning("2026-01-01", "2026-04-01", 300, 9)
        .period_metrics(0)
        .unwrap();
    for m in [&monthly, &quarterly] {
        assert!(
            close(m.finance.clv.value.unwrap(), 10_000.0, 1e-9),
            "{:?}",
            m.finance.clv
        );
        assert!(close(
            m.finance.lifespan_years.value.unwrap(),
            100.0 / 12.0,
            1e-12
        ));
        assert!(close(m.finance.clv_margin.value.unwrap(), 8_000.0, 1e-9));
    }
    // Weekly: 1 of 3,000 per week; lifespan = (7 / 365.2425) / (1 / 3000) years.
    let weekly = churning("2026-01-05", "2026-01-12", 3000, 1)
        .period_metrics(0)
        .unwrap();
    let expected = 1_200.0 * (7.0 / 365.2425) * 3000.0;
    assert!(close(
        weekly.finance.clv.value.unwrap(),
        expected,
        1e-9 * expected
    ));
    // Snapshot data has no dates: a period is a month.
    let snapshots = CompanyData::from_snapshots(vec![100.0, 100.0, 100.0, 0.0], 2).unwrap();
    let f = snapshots.period_metrics(0).unwrap().finance;
    assert!(close(
        f.clv.value.unwrap(),
        100.0 * 12.0 * (1.0 / 12.0) / 0.5,
        1e-9
    ));
    // The margin-and-churn form takes percentages, like every rate.
    let m = clv_margin_churn(100.0, 80.0, 1.0).unwrap();
    assert!(close(m.value.unwrap(), 8_000.0, 1e-9));
}

#[test]
fn a_cohort_whose_signups_never_paid_is_shown_with_zeros() {
    let never = AccountInput {
        signup_date: Some("2026-02-10".into()),
        ..account("n", 0.0, &[0.0, 0.0, 0.0])
    };
    let paid = AccountInput {
        signup_date: Some("2026-01-10".into()),
        ..account("p", 0.0, &[100.0, 100.0, 100.0])
    };
    let rows = data(vec![paid, never], 3).cohorts().unwrap();
    assert_eq!(rows.len(), 2);
    let row = &rows[1];
    assert_eq!(
        (row.cohort, row.signups, row.accounts, row.starting_mrr),
        (1, 1, 0, 0.0)
    );
    assert_eq!(row.nrr.len(), 2);
    assert!(row
        .nrr
        .iter()
        .chain(&row.grr)
        .all(|m| m.reason == Some(Reason::NoStartingMrr)));
    assert_eq!((rows[0].signups, rows[0].accounts), (1, 1));
}

#[test]
fn cohorts_cost_their_rows_and_a_table_too_large_is_refused_first() {
    use super::cohort::MAX_COHORT_CELLS;
    // One account over 10,000 periods: one row (periods without signups cost nothing).
    let first_paying_in_period_0 = (0..=10_000).map(|s| f64::from(u8::from(s > 0))).collect();
    let long = CompanyData::from_snapshots(first_paying_in_period_0, 10_001).unwrap();
    let rows = long.cohorts().unwrap();
    assert_eq!((rows.len(), rows[0].nrr.len()), (1, 10_000));
    // 1,500 accounts, one first paying in each period: 1,500 x 1,501 / 2 cells.
    let n = 1_500;
    let mrr: Vec<f64> = (0..n)
        .flat_map(|a| (0..=n).map(move |s| f64::from(u8::from(s > a))))
        .collect();
    let staircase = CompanyData::from_snapshots(mrr, n + 1).unwrap();
    let e = staircase.cohorts().unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::TooLarge, "cohorts"));
    assert!(
        n * (n + 1) / 2 > MAX_COHORT_CELLS && e.message().contains("1125750 cells"),
        "{}",
        e.message()
    );
}

#[test]
fn metrics_are_never_negative_zero() {
    use super::value::Metric;
    for m in [
        Metric::of(-0.0, Reason::NotGiven),
        Metric::percent(-0.0, 3.0, Reason::NotGiven),
        Metric::ratio(0.0, -3.0, Reason::NotGiven),
    ] {
        assert!(m.value.unwrap().is_sign_positive(), "{m:?}");
    }
    // A scorecard change of 0 between two equal net burns of 0.
    let f = |cash| FinanceInput {
        cash: Some(cash),
        ..Default::default()
    };
    let d = CompanyData::new(&CompanyInput {
        periods: months(3),
        accounts: vec![account("a", 100.0, &[100.0, 100.0, 100.0])],
        finance: vec![f(10.0), f(10.0), f(10.0)],
    })
    .unwrap();
    let card = d.scorecard(&ScorecardInput::default()).unwrap();
    let burn = card.company.iter().find(|l| l.key == "netBurn").unwrap();
    assert!(burn.change.value.unwrap().is_sign_positive());
}

/// January 2026 (31 days): a keeps paying, b expands 100 -> 120, c is new
/// (50), d churns. Usage, advocacy and finance for the seed metrics.
fn seed_metrics_data() -> CompanyData {
    let usage = |active_days: f64, export_users: f64| {
        given(vec![UsageInput {
            dau: 2.0,
            wau: 4.0,
            mau: 10.0,
            active_days,
            feature_users: vec![("export".into(), export_users)],
            ..Default::default()
        }])
    };
    let advocacy = |referrals, reviews, testimonials| {
        given(vec![AdvocacyInput {
            referrals,
            reviews,
            testimonials,
            case_studies: 0.0,
        }])
    };
    let accounts = vec![
        AccountInput {
            usage: usage(31.0, 5.0),
            advocacy: advocacy(2.0, 0.0, 0.0),
            ..account("a", 100.0, &[100.0])
        },
        AccountInput {
            usage: usage(0.0, 0.0),
            ..account("b", 100.0, &[120.0])
        },
        AccountInput {
            advocacy: advocacy(0.0, 1.0, 0.0),
            ..account("c", 0.0, &[50.0])
        },
        AccountInput {
            advocacy: advocacy(0.0, 0.0, 1.0),
            ..account("d", 100.0, &[0.0])
        },
    ];
    CompanyData::new(&CompanyInput {
        periods: months(1),
        accounts,
        finance: vec![FinanceInput {
            revenue: Some(1_000.0),
            net_income: Some(-250.0),
            interest: Some(20.0),
            taxes: Some(30.0),
            depreciation_amortization: Some(100.0),
            ..Default::default()
        }],
    })
    .unwrap()
}

#[test]
fn seed_metrics_advocacy_expansion_repeat_purchase_ebitda_login_consistency() {
    let m = seed_metrics_data().period_metrics(0).unwrap();
    // Advocacy: a (referral) and c (review) pay at the end; d churned. 2 of 3.
    let a = m.advocacy;
    assert_eq!(
        (
            a.referrals.value,
            a.reviews.value,
            a.testimonials.value,
            a.case_studies.value
        ),
        (Some(2.0), Some(1.0), Some(1.0), Some(0.0))
    );
    assert_eq!(a.advocates.value, Some(2.0));
    assert!(close(a.advocacy_rate.value.unwrap(), 200.0 / 3.0, 1e-12));
    // Expansion rate: b's 20 of the starting 300.
    assert!(close(
        m.revenue.expansion_rate.value.unwrap(),
        20.0 / 3.0,
        1e-12
    ));
    // Repeat purchase: a and b bought before, c is first-time: 2 of 3.
    assert!(close(
        m.revenue.repeat_purchase_rate.value.unwrap(),
        200.0 / 3.0,
        1e-12
    ));
    // EBITDA derived: -250 + 20 + 30 + 100 = -100; margin -10 %.
    assert_eq!(
        (m.finance.ebitda.value, m.finance.ebitda_margin.value),
        (Some(-100.0), Some(-10.0))
    );
    // Login consistency: (31 + 0) active days / (2 accounts x 31 days) = 50 %.
    assert_eq!(m.usage.login_consistency.value, Some(50.0));
    // Without data: not given.
    let bare = data(vec![account("a", 100.0, &[100.0])], 1)
        .period_metrics(0)
        .unwrap();
    assert_eq!(bare.advocacy.advocacy_rate.reason, Some(Reason::NotGiven));
    assert_eq!(bare.finance.ebitda.reason, Some(Reason::NotGiven));
    assert_eq!(bare.usage.login_consistency.reason, Some(Reason::NotGiven));
    // Given EBITDA wins.
    let given = CompanyData::new(&CompanyInput {
        periods: months(1),
        accounts: vec![account("a", 100.0, &[100.0])],
        finance: vec![FinanceInput {
            ebitda: Some(500.0),
            net_income: Some(1.0),
            ..Default::default()
        }],
    })
    .unwrap();
    assert_eq!(
        given.period_metrics(0).unwrap().finance.ebitda.value,
        Some(500.0)
    );
    // More active days than the period has: rejected.
    let too_many = AccountInput {
        usage: self::given(vec![UsageInput {
            active_days: 32.0,
            ..Default::default()
        }]),
        ..account("a", 100.0, &[100.0])
    };
    assert_eq!(
        err(&CompanyInput {
            periods: months(1),
            accounts: vec![too_many],
            finance: vec![]
        }),
        (
            ErrorCode::ValueOutOfRange,
            "accounts[0].usage[0].activeDays".into()
        )
    );
    let negative = AccountInput {
        advocacy: self::given(vec![AdvocacyInput {
            reviews: -1.0,
            ..Default::default()
        }]),
        ..account("a", 100.0, &[100.0])
    };
    assert_eq!(
        err(&CompanyInput {
            periods: months(1),
            accounts: vec![negative],
            finance: vec![]
        })
        .1,
        "accounts[0].advocacy[0].reviews"
    );
}

#[test]
fn scorecard_lines_for_ces_health_feature_adoption_and_advocacy() {
    use super::scorecard::HealthBands;
    let input = ScorecardInput {
        surveys: SurveyResults {
            ces: Some((5.5, 70.0)),
            ..Default::default()
        },
        health: Some(HealthBands {
            healthy: 6,
            at_risk: 3,
            critical: 1,
        }),
        targets: vec![
            ("featureAdoption.export".into(), 40.0),
            ("health.critical".into(), 5.0),
        ],
        ..Default::default()
    };
    let card = seed_metrics_data().scorecard(&input).unwrap();
    let line = |key: &str| {
        card.company
            .iter()
            .find(|l| l.key == key)
            .unwrap_or_else(|| panic!("{key}"))
    };
    assert_eq!(line("ces").value.value, Some(5.5));
    assert_eq!(line("cesEasy").value.value, Some(70.0));
    assert_eq!(line("health.healthy").value.value, Some(60.0));
    assert_eq!(line("health.atRisk").value.value, Some(30.0));
    let critical = line("health.critical");
    assert_eq!(
        (critical.value.value, critical.higher_is_better),
        (Some(10.0), false)
    );
    assert_eq!(critical.status, Status::OffTrack);
    // export: 5 of 20 MAU = 25 %, target 40.
    let export = line("featureAdoption.export");
    assert_eq!(
        (export.value.value, export.status),
        (Some(25.0), Status::OffTrack)
    );
    assert!(close(
        line("advocacyRate").value.value.unwrap(),
        200.0 / 3.0,
        1e-12
    ));
    assert_eq!(line("loginConsistency").value.value, Some(50.0));
    assert!(close(
        line("expansionRate").value.value.unwrap(),
        20.0 / 3.0,
        1e-12
    ));
    assert!(close(
        line("repeatPurchaseRate").value.value.unwrap(),
        200.0 / 3.0,
        1e-12
    ));
    assert_eq!(line("ebitda").value.value, Some(-100.0));
    assert_eq!(line("ebitdaMargin").value.value, Some(-10.0));
    // No health given: not available.
    let card = seed_metrics_data()
        .scorecard(&ScorecardInput::default())
        .unwrap();
    let healthy = card
        .company
        .iter()
        .find(|l| l.key == "health.healthy")
        .unwrap();
    assert_eq!(healthy.status, Status::NotAvailable);
    // A CES easy share off 0..100 is rejected.
    let bad = ScorecardInput {
        surveys: SurveyResults {
            ces: Some((5.0, 170.0)),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        seed_metrics_data().scorecard(&bad).unwrap_err().field(),
        "surveys.ces.easyShare"
    );
}

/// One account over one period with given movements: (opening, end, share
/// of a new account's MRR booked as upsell in its first period).
fn moving_account() -> impl Strategy<Value = (f64, f64, f64)> {
    let amount = prop_oneof![Just(0.0), 1.0..1_000.0f64];
    (amount.clone(), amount, 0.0..1.0f64)
}

proptest! {
    /// NRR and GRR against an independent sum over the accounts paying at
    /// the start (tolerance 1e-9 relative): movements of accounts new in the
    /// period, even given as new + upsell, never count.
    #[test]
    fn nrr_and_grr_are_about_the_accounts_paying_at_the_start(
        rows in prop::collection::vec(moving_account(), 1..30)
    ) {
        let accounts = rows
            .iter()
            .enumerate()
            .map(|(i, &(start, end, upsell_share))| {
                let mut m = Movements::default();
                if start == 0.0 {
                    m.new = end * (1.0 - upsell_share);
                    m.upsell = end - m.new;
                } else if end == 0.0 {
                    m.churn = start;
                } else if end < start {
                    m.contraction = start - end;
                } else {
                    m.upsell = end - start;
                }
                AccountInput { movements: given(vec![m]), ..account(&format!("a{i}"), start, &[end]) }
            })
            .collect();
        let r = data(accounts, 1).revenue(0).unwrap();
        let paying = rows.iter().filter(|r| r.0 > 0.0);
        let s_mrr: f64 = paying.clone().map(|r| r.0).sum();
        let kept: f64 = paying.clone().map(|r| r.1).sum();
        let floor: f64 = paying.map(|r| r.1.min(r.0)).sum();
        if s_mrr > 0.0 {
            let tolerance = 1e-9 * 100.0;
            prop_assert!(close(r.nrr.value.unwrap(), kept / s_mrr * 100.0, tolerance));
            prop_assert!(close(r.grr.value.unwrap(), floor / s_mrr * 100.0, tolerance));
        } else {
            prop_assert_eq!(r.nrr.reason, Some(Reason::NoStartingMrr));
        }
    }
}

#[test]
fn a_health_value_of_minus_zero_gives_no_negative_zero() {
    let input = HealthInput {
        key: "usage".into(),
        weight: 1.0,
        min: 0.0,
        max: 10.0,
        higher_is_better: true,
    };
    let model = HealthModel::new(vec![input], 70.0, 40.0).unwrap();
    let scores = model
        .scores(&[("a".into(), vec![("usage".into(), -0.0)])])
        .unwrap();
    let c = &scores[0].contributions[0];
    for x in [
        c.value.unwrap(),
        c.normalized.unwrap(),
        c.points,
        scores[0].score.value.unwrap(),
    ] {
        assert!(x == 0.0 && x.is_sign_positive(), "{c:?}");
    }
}

// -- audit: history over labels, error paths, empty ids ---------------------

/// One account over two months with given movements.
fn labelled(id: &str, opening: f64, mrr: [f64; 2], movements: [Movements; 2]) -> AccountInput {
    AccountInput {
        movements: given(movements.to_vec()),
        ..account(id, opening, &mrr)
    }
}

#[test]
fn repeat_purchase_and_new_logos_follow_the_mrr_history_not_the_labels() {
    let m = |new, churn, reactivation| Movements {
        new,
        churn,
        reactivation,
        ..Default::default()
    };
    // Paid before (opening 100), churned in January, back in February
    // labelled `new`: it bought before, so repeat, and no new logo.
    let back = labelled(
        "back",
        100.0,
        [0.0, 150.0],
        [m(0.0, 100.0, 0.0), m(150.0, 0.0, 0.0)],
    );
    // Never paid, first pays in February labelled `reactivation`: a
    // first-time buyer and a new logo.
    let first = labelled(
        "first",
        0.0,
        [0.0, 150.0],
        [m(0.0, 0.0, 0.0), m(0.0, 0.0, 150.0)],
    );
    let alone = |a: AccountInput| data(vec![a], 2).revenue(1).unwrap();
    let r = alone(back.clone());
    assert_eq!(
        (
            r.repeat_purchase_rate.value,
            r.new_logos,
            r.new_mrr,
            r.reactivation_mrr
        ),
        (Some(100.0), 0, 0.0, 150.0)
    );
    let r = alone(first.clone());
    assert_eq!(
        (
            r.repeat_purchase_rate.value,
            r.new_logos,
            r.new_mrr,
            r.reactivation_mrr
        ),
        (Some(0.0), 1, 150.0, 0.0)
    );
    // Both together, with a third that paid only at the end of January
    // (an earlier period, not the opening) and churned in February.
    let january = labelled(
        "january",
        0.0,
        [80.0, 0.0],
        [m(80.0, 0.0, 0.0), m(0.0, 80.0, 0.0)],
    );
    let d = data(vec![back, first, january], 2);
    let r = d.revenue(1).unwrap();
    // E = 2 (back, first); 1 of them first-time: 50 %.
    assert_eq!(
        (r.accounts, r.new_logos, r.repeat_purchase_rate.value),
        (2, 1, Some(50.0))
    );
    // The same through revenue_all (the one-pass path).
    assert_eq!(d.revenue_all()[1], r);
    // January: january is a new logo of January, and the only one.
    assert_eq!(d.revenue(0).unwrap().new_logos, 1);
    // The same accounts as snapshots (derived movements) give the same.
    let s =
        CompanyData::from_snapshots(vec![100.0, 0.0, 150.0, 0.0, 0.0, 150.0, 0.0, 80.0, 0.0], 3)
            .unwrap();
    assert_eq!(s.revenue_all(), d.revenue_all());
    // Paid at the end of January, out in February, back in March labelled
    // `new`: bought before March (an earlier period's end), so repeat.
    let later = labelled(
        "later",
        0.0,
        [80.0, 0.0],
        [m(80.0, 0.0, 0.0), m(0.0, 80.0, 0.0)],
    );
    let mut movements = later.movements.clone().unwrap();
    movements.push(Some(m(60.0, 0.0, 0.0)));
    let later = AccountInput {
        mrr: vec![80.0, 0.0, 60.0],
        movements: Some(movements),
        ..later
    };
    let r = data(vec![later], 3).revenue(2).unwrap();
    assert_eq!(
        (
            r.repeat_purchase_rate.value,
            r.new_logos,
            r.reactivation_mrr
        ),
        (Some(100.0), 0, 60.0)
    );
}

#[test]
fn cac_divides_by_first_time_paying_accounts_only() {
    // February: `back` reactivates labelled `new`, `first` pays for the
    // first time labelled `reactivation`. One new logo: CAC = 900 / 1.
    let m = |new, churn, reactivation| Movements {
        new,
        churn,
        reactivation,
        ..Default::default()
    };
    let accounts = vec![
        labelled(
            "back",
            100.0,
            [0.0, 150.0],
            [m(0.0, 100.0, 0.0), m(150.0, 0.0, 0.0)],
        ),
        labelled(
            "first",
            0.0,
            [0.0, 150.0],
            [m(0.0, 0.0, 0.0), m(0.0, 0.0, 150.0)],
        ),
    ];
    let d = CompanyData::new(&CompanyInput {
        periods: months(2),
        accounts,
        finance: vec![
            FinanceInput {
                acquisition_cost: Some(500.0),
                ..Default::default()
            },
            FinanceInput {
                acquisition_cost: Some(900.0),
                ..Default::default()
            },
        ],
    })
    .unwrap();
    let f = d.period_metrics(1).unwrap().finance;
    assert_eq!(f.cac.value, Some(900.0));
    // January has no new logo: CAC is not available, not 500 / 0.
    let f = d.period_metrics(0).unwrap().finance;
    assert_eq!(f.cac.reason, Some(Reason::NoNewAccounts));
}

#[test]
fn ltv_cac_without_acquisition_cost_says_so() {
    // A new logo acquired for nothing: CAC is 0, LTV:CAC has no value, and
    // not for want of new accounts.
    let d = CompanyData::new(&CompanyInput {
        periods: months(1),
        accounts: vec![
            account("a", 100.0, &[0.0]),
            account("b", 0.0, &[50.0]),
            account("c", 100.0, &[100.0]),
        ],
        finance: vec![FinanceInput {
            acquisition_cost: Some(0.0),
            revenue: Some(150.0),
            gross_profit: Some(120.0),
            ..Default::default()
        }],
    })
    .unwrap();
    let f = d.period_metrics(0).unwrap().finance;
    assert_eq!(
        (f.cac.value, f.clv_margin.value.is_some()),
        (Some(0.0), true)
    );
    assert_eq!(
        (f.ltv_cac.value, f.ltv_cac.reason),
        (None, Some(Reason::NoAcquisitionCost))
    );
}

#[test]
fn accounts_paying_at_the_start_are_never_new_or_reactivated() {
    // G 50 -> 60 beside K at 100, with G's movements labelled three ways:
    // the cohort's MRR goes 150 -> 160 whatever the labels say came in.
    let labels = [
        Movements {
            churn: 50.0,
            reactivation: 60.0,
            ..Default::default()
        },
        Movements {
            churn: 50.0,
            new: 60.0,
            ..Default::default()
        },
        Movements {
            cross_sell: 10.0,
            ..Default::default()
        },
    ];
    let revenue = labels.map(|m| {
        let g = AccountInput {
            movements: given(vec![m]),
            ..account("g", 50.0, &[60.0])
        };
        data(vec![g, account("k", 100.0, &[100.0])], 1)
            .revenue(0)
            .unwrap()
    });
    for r in &revenue {
        assert_eq!(
            (r.new_mrr, r.reactivation_mrr, r.new_accounts),
            (0.0, 0.0, 0)
        );
    }
    // Labelled churn stays churn: NRR (150 + 60 - 50) / 150, GRR 100 / 150.
    let nrr = |r: &super::revenue::RevenueMetrics| r.nrr.value.map(|x| (x * 100.0).round() / 100.0);
    assert_eq!(nrr(&revenue[0]), Some(106.67));
    assert_eq!(nrr(&revenue[1]), Some(106.67));
    assert_eq!(revenue[0].grr, revenue[1].grr);
    assert_eq!(revenue[0].grr.value.map(|x| x.round()), Some(67.0));
    assert_eq!(nrr(&revenue[2]), Some(106.67));
    // A 100 -> 150 labelled `new` is the cohort's expansion: NRR 150 %.
    let a = AccountInput {
        movements: given(vec![Movements {
            new: 50.0,
            ..Default::default()
        }]),
        ..account("a", 100.0, &[150.0])
    };
    let r = data(vec![a], 1).revenue(0).unwrap();
    assert_eq!(
        (r.nrr.value, r.expansion_mrr, r.new_mrr),
        (Some(150.0), 50.0, 0.0)
    );
}

proptest! {
    /// Labels of accounts that do not pay at the start never change the
    /// revenue: given as new, as reactivation or as both, their movements
    /// give exactly the snapshots' (derived) metrics.
    #[test]
    fn entry_labels_do_not_change_revenue((mrr, s) in snapshots(), relabel in 0u8..3) {
        let d = CompanyData::from_snapshots(mrr.clone(), s).unwrap();
        let p = s - 1;
        let accounts = mrr.chunks_exact(s).enumerate().map(|(a, row)| {
            let mut movements = derive_account(row[0], &row[1..], None, None);
            for m in &mut movements {
                let entry = m.new + m.reactivation;
                if entry > 0.0 {
                    (m.new, m.reactivation) = match relabel {
                        0 => (entry, 0.0),
                        1 => (0.0, entry),
                        _ => (entry / 2.0, entry - entry / 2.0),
                    };
                }
            }
            AccountInput {
                id: a.to_string(),
                opening_mrr: row[0],
                mrr: row[1..].to_vec(),
                movements: given(movements),
                ..Default::default()
            }
        }).collect();
        let given = data(accounts, p as i32);
        prop_assert_eq!(given.revenue_all(), d.revenue_all());
        for t in 0..p {
            prop_assert_eq!(given.revenue(t).unwrap(), d.revenue(t).unwrap());
        }
    }
}

#[test]
fn a_movements_error_names_the_key_given() {
    let refused = |m: Movements| {
        let e = CompanyData::new(&CompanyInput {
            periods: months(1),
            accounts: vec![AccountInput {
                movements: given(vec![m]),
                ..account("a", 10.0, &[10.0])
            }],
            finance: vec![],
        })
        .unwrap_err();
        (e.code(), e.field().to_owned(), e.message().to_owned())
    };
    // The audit's case: no `churn` key is given, `contraction` is.
    assert_eq!(
        refused(Movements {
            upsell: 30.0,
            contraction: 30.0,
            ..Default::default()
        }),
        (
            ErrorCode::ValueOutOfRange,
            "accounts[0].movements[0].contraction".into(),
            "accounts[0].movements[0].contraction: must not exceed the previous MRR (10), got 30"
                .into()
        )
    );
    assert_eq!(
        refused(Movements {
            new: 25.0,
            churn: 25.0,
            ..Default::default()
        })
        .1,
        "accounts[0].movements[0].churn"
    );
    // Both given: the rule is about their sum, so the movement is named.
    assert_eq!(
        refused(Movements {
            upsell: 10.0,
            contraction: 6.0,
            churn: 14.0,
            ..Default::default()
        }),
        (
            ErrorCode::ValueOutOfRange,
            "accounts[0].movements[0]".into(),
            "accounts[0].movements[0]: must not exceed the previous MRR (10), got 20".into()
        )
    );
    // At the limit it is accepted.
    assert!(CompanyData::new(&CompanyInput {
        periods: months(1),
        accounts: vec![AccountInput {
            movements: given(vec![Movements {
                contraction: 4.0,
                churn: 6.0,
                reactivation: 10.0,
                ..Default::default()
            }]),
            ..account("a", 10.0, &[10.0])
        }],
        finance: vec![],
    })
    .is_ok());
}

#[test]
fn an_empty_account_id_is_empty_text() {
    let e = CompanyData::new(&CompanyInput {
        periods: months(1),
        accounts: vec![account("a", 1.0, &[1.0]), account("", 1.0, &[1.0])],
        finance: vec![],
    })
    .unwrap_err();
    assert_eq!(
        (e.code(), e.field(), e.message()),
        (
            ErrorCode::EmptyText,
            "accounts[1].id",
            r#"accounts[1].id: must not be empty or blank, got """#
        )
    );
    // A blank id says nothing either, as in ResultsStore.
    let e = CompanyData::new(&CompanyInput {
        periods: months(1),
        accounts: vec![account(" \t", 1.0, &[1.0])],
        finance: vec![],
    })
    .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::EmptyText, "accounts[0].id")
    );
}

#[test]
fn amounts_stop_at_the_safe_integers_so_no_total_is_infinite() {
    use super::check::MAX_AMOUNT;
    let e = CompanyData::from_snapshots(vec![1.0, 1e16, 0.0, 0.0], 2).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::ValueOutOfRange, "mrr[1]")
    );
    // Two accounts at the largest amount: every total is a number.
    let d = CompanyData::from_snapshots(vec![MAX_AMOUNT; 4], 2).unwrap();
    let m = d.metrics().remove(0);
    assert_eq!(m.revenue.mrr, 2.0 * MAX_AMOUNT);
    assert_eq!(m.revenue.arr, 24.0 * MAX_AMOUNT);
    assert_eq!(m.revenue.nrr.value, Some(100.0));
}

/// Company data of January and February 2026 for `accounts` (JSON).
fn two_months(accounts: &str) -> Result<CompanyData, crate::error::Error> {
    let text = format!(
        r#"{{ "periods": [{{ "start": "2026-01-01", "end": "2026-02-01" }}, {{ "start": "2026-02-01", "end": "2026-03-01" }}],
             "accounts": {accounts} }}"#
    );
    CompanyData::new(&CompanyInput::from_value(&crate::input::Value::json(&text)).unwrap())
}

/// A per-period entry holding `null` is not given for that period, as an
/// optional field is absent: movements derived from MRR, support, usage
/// and advocacy left out for that account and period.
#[test]
fn a_null_period_is_not_given() {
    let build = two_months;
    let with_null = build(
        r#"[{ "id": "a", "openingMrr": 100, "mrr": [100, 90], "movements": [null, { "contraction": 10 }] }]"#,
    )
    .unwrap();
    let derived = build(r#"[{ "id": "a", "openingMrr": 100, "mrr": [100, 90] }]"#).unwrap();
    assert_eq!(with_null.metrics(), derived.metrics());
    // A given period is still checked: period 1's movements must add up.
    let e = build(
        r#"[{ "id": "a", "openingMrr": 100, "mrr": [100, 90], "movements": [null, { "contraction": 20 }] }]"#,
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::MovementsDoNotAddUp, "accounts[0].movements[1]")
    );
    let other = r#"{ "id": "b", "mrr": [10, 10], "usage": [{ "dau": 5, "mau": 10 }, { "dau": 5, "mau": 10 }],
                     "support": [{ "cases": 2, "resolvedFirstContact": 1 }, { "cases": 2, "resolvedFirstContact": 1 }],
                     "advocacy": [{ "referrals": 1 }, { "referrals": 1 }] }"#;
    let with_nulls = build(&format!(
        r#"[{{ "id": "a", "mrr": [10, 10], "usage": [null, {{ "dau": 1, "mau": 10 }}],
              "support": [null, {{ "cases": 4, "resolvedFirstContact": 4 }}], "advocacy": [null, {{ "reviews": 1 }}] }}, {other}]"#
    ))
    .unwrap();
    let without = build(&format!(r#"[{{ "id": "a", "mrr": [10, 10] }}, {other}]"#)).unwrap();
    let (january, february) = (
        with_nulls.period_metrics(0).unwrap(),
        with_nulls.period_metrics(1).unwrap(),
    );
    let alone = without.period_metrics(0).unwrap();
    assert_eq!(january.usage, alone.usage);
    assert_eq!(
        (january.support, january.advocacy),
        (alone.support, alone.advocacy)
    );
    assert_eq!(january.usage.stickiness.value, Some(50.0));
    // The period given counts: a's February usage, support and advocacy.
    assert_eq!(february.usage.stickiness.value, Some(30.0));
    assert_eq!(february.support.fcr.value, Some(500.0 / 6.0));
    assert_eq!(february.advocacy.advocates.value, Some(2.0));
}

#[test]
fn a_share_of_the_whole_is_exactly_100_percent() {
    // 0.007 x 100 / 0.007 is 100.00000000000001: stickiness and adoption divide first, as every percent does.
    let d = two_months(
        r#"[{ "id": "a", "mrr": [10, 10], "usage": [{ "dau": 0.007, "mau": 0.007, "featureUsers": { "f": 0.007 } }, null] }]"#,
    )
    .unwrap();
    let usage = d.period_metrics(0).unwrap().usage;
    assert_eq!(
        (usage.stickiness.value, usage.features[0].adoption.value),
        (Some(100.0), Some(100.0))
    );
}

/// An account that does not give a feature's users (`null`, or no
/// `featureUsers`) is not in that feature's adoption, never 0 users; a
/// feature no account gives in a period is `NOT_GIVEN` there.
#[test]
fn feature_adoption_counts_only_the_accounts_that_give_the_feature() {
    let build = |b: &str| {
        two_months(&format!(
            r#"[{{ "id": "a", "mrr": [1, 1], "usage": [{{ "mau": 20, "featureUsers": {{ "x": 10 }} }}, {{ "mau": 20 }}] }},
                {{ "id": "b", "mrr": [1, 1], "usage": [{b}, {{ "mau": 20 }}] }}]"#
        ))
        .unwrap()
    };
    for b in [
        r#"{ "mau": 20, "featureUsers": { "x": null } }"#,
        r#"{ "mau": 20 }"#,
        r#"{ "mau": 20, "featureUsers": { "y": 5 } }"#,
    ] {
        let d = build(b);
        let usage = d.usage(0).unwrap();
        let x = usage.features.iter().find(|f| f.feature == "x").unwrap();
        assert_eq!((x.users, x.adoption.value), (Some(10.0), Some(50.0)), "{b}");
        assert_eq!(usage.mau.value, Some(40.0));
        // February: nobody gives x.
        let february = d.usage(1).unwrap();
        let x = february.features.iter().find(|f| f.feature == "x").unwrap();
        assert_eq!(
            (x.users, x.adoption),
            (None, Metric::none(Reason::NotGiven)),
            "never 0"
        );
        let card = d.scorecard(&ScorecardInput::default()).unwrap();
        let line = card
            .company
            .iter()
            .find(|l| l.key == "featureAdoption.x")
            .unwrap();
        assert_eq!(
            (line.value, line.previous.value),
            (Metric::none(Reason::NotGiven), Some(50.0))
        );
    }
}
