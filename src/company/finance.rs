//! Customer lifetime value in its three forms, and the company's financial
//! KPIs of a period (CAC, LTV:CAC, margins, revenue per FTE, burn, runway,
//! retention cost).

use serde::Serialize;

use super::check::{non_negative, within};
use super::data::CompanyData;
use super::revenue::RevenueMetrics;
use super::value::{Metric, Reason};
use crate::error::{Error, ErrorCode};

/// CLV, simple form: average ARR per account x average lifespan in years.
///
/// ```
/// use clg_metrics::company::finance::clv_simple;
/// assert_eq!(clv_simple(12_000.0, 4.0).unwrap(), 48_000.0);
/// ```
pub fn clv_simple(average_arr: f64, lifespan_years: f64) -> Result<f64, Error> {
    let arr = non_negative(average_arr, &|| "averageArr".into())?;
    let years = non_negative(lifespan_years, &|| "lifespanYears".into())?;
    held(arr * years, "averageArr")
}

/// `clv`, unless it is beyond what an f64 holds: then `VALUE_OUT_OF_RANGE`
/// on `field`, the input it grows with (the inputs are finite: only a
/// product of huge ones overflows).
fn held(clv: f64, field: &str) -> Result<f64, Error> {
    if clv.is_finite() {
        return Ok(clv);
    }
    Err(Error::new(
        ErrorCode::ValueOutOfRange,
        field,
        "gives a lifetime value beyond 1.8e308 with the other inputs",
    ))
}

/// CLV, purchase form: (average purchase value x purchases per year) x
/// lifespan in years.
///
/// ```
/// use clg_metrics::company::finance::clv_purchase;
/// // The seed's example: ($50 x 4) x 5 = $1,000.
/// assert_eq!(clv_purchase(50.0, 4.0, 5.0).unwrap(), 1_000.0);
/// ```
pub fn clv_purchase(
    average_purchase_value: f64,
    purchase_frequency: f64,
    lifespan_years: f64,
) -> Result<f64, Error> {
    let value = non_negative(average_purchase_value, &|| "averagePurchaseValue".into())?;
    let frequency = non_negative(purchase_frequency, &|| "purchaseFrequency".into())?;
    let years = non_negative(lifespan_years, &|| "lifespanYears".into())?;
    held(value * frequency * years, "averagePurchaseValue")
}

/// CLV, margin-and-churn form: ARPA x gross margin / churn rate, with the
/// margin and the churn rate in percent (like every rate of the package)
/// and the churn rate over the same time unit as ARPA (monthly ARPA with
/// monthly churn). `NO_CHURN` when the churn rate is 0, or so small (not
/// 0) that the quotient is past f64's range, as for every ratio of the
/// package; `VALUE_OUT_OF_RANGE` on `arpa` when ARPA x margin is.
///
/// ```
/// use clg_metrics::company::finance::clv_margin_churn;
/// use clg_metrics::company::value::Reason;
/// // $500 per month, 80 % margin, 2 % monthly churn: $20,000.
/// let clv = clv_margin_churn(500.0, 80.0, 2.0).unwrap();
/// assert!((clv.value.unwrap() - 20_000.0).abs() < 1e-9);
/// assert_eq!(clv_margin_churn(500.0, 80.0, 5e-324).unwrap().reason, Some(Reason::NoChurn));
/// ```
pub fn clv_margin_churn(arpa: f64, gross_margin: f64, churn_rate: f64) -> Result<Metric, Error> {
    let arpa = non_negative(arpa, &|| "arpa".into())?;
    let margin = within(gross_margin, 0.0, 100.0, &|| "grossMargin".into())?;
    let churn = within(churn_rate, 0.0, 100.0, &|| "churnRate".into())?;
    let margin_value = held(arpa * margin, "arpa")?;
    Ok(Metric::ratio(margin_value, churn, Reason::NoChurn))
}

/// Financial KPIs of one period. Every input is optional; a metric whose
/// input is missing is `NOT_GIVEN`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FinanceMetrics {
    /// CAC = acquisition cost / new logos (accounts paying for the first
    /// time, see [`RevenueMetrics::new_logos`]; `NO_NEW_ACCOUNTS`).
    pub cac: Metric,
    /// Average lifespan in years = period length in years / logo churn
    /// rate of the period (`NO_CHURN`).
    pub lifespan_years: Metric,
    /// CLV (simple) = ARR per account (12 x ARPA) x lifespan in years: the
    /// same for a business whatever the length of its periods (`NO_CHURN`).
    pub clv: Metric,
    /// CLV (margin and churn) = CLV x gross margin.
    pub clv_margin: Metric,
    /// LTV:CAC = margin-and-churn CLV / CAC (`NO_ACQUISITION_COST` when CAC is 0).
    pub ltv_cac: Metric,
    /// Gross margin = gross profit / revenue x 100 (`NO_REVENUE`).
    pub gross_margin: Metric,
    /// Net margin = net income / revenue x 100.
    pub net_margin: Metric,
    /// EBITDA: given, or net income + interest + taxes + depreciation and
    /// amortisation when all four are given.
    pub ebitda: Metric,
    /// EBITDA margin = EBITDA / revenue x 100 (`NO_REVENUE`).
    pub ebitda_margin: Metric,
    /// Revenue per FTE = ARR / FTE (`NO_FTE`).
    pub revenue_per_fte: Metric,
    /// Cash at the end of the period.
    pub cash: Metric,
    /// Net burn: given, or cash at the previous end - cash at this end.
    pub net_burn: Metric,
    /// Runway in periods = cash / net burn (`NOT_BURNING` when burn <= 0).
    pub runway: Metric,
    /// Customer retention cost = retention cost / retained accounts (E - N).
    pub retention_cost: Metric,
}

impl CompanyData {
    /// Financial KPIs of period `t`, given its revenue metrics.
    pub fn finance(&self, t: usize, revenue: &RevenueMetrics) -> Result<FinanceMetrics, Error> {
        self.check_period(t)?;
        let f = self.finance.get(t).copied().unwrap_or_default();
        let new_logos = revenue.new_logos as f64;
        let churn = revenue.logo_churn.map(|c| c / 100.0);
        let gross_margin = Metric::given(f.gross_profit).zip(Metric::given(f.revenue), |g, r| {
            Metric::percent(g, r, Reason::NoRevenue)
        });
        let cac = Metric::given(f.acquisition_cost)
            .zip(Metric::of(new_logos, Reason::NoNewAccounts), |c, n| {
                Metric::ratio(c, n, Reason::NoNewAccounts)
            });
        let years = self.period_years(t);
        let lifespan_years = churn.zip(Metric::of(years, Reason::NotGiven), |c, y| {
            Metric::ratio(y, c, Reason::NoChurn)
        });
        let clv = revenue.arpa.zip(lifespan_years, |arpa, l| {
            Metric::of(12.0 * arpa * l, Reason::NoChurn)
        });
        let ebitda = match (
            f.ebitda,
            f.net_income,
            f.interest,
            f.taxes,
            f.depreciation_amortization,
        ) {
            (Some(given), ..) => Metric::of(given, Reason::NotGiven),
            (None, Some(n), Some(i), Some(tx), Some(da)) => {
                Metric::of(n + i + tx + da, Reason::NotGiven)
            }
            _ => Metric::none(Reason::NotGiven),
        };
        let clv_margin = clv.zip(gross_margin, |clv, m| {
            Metric::of(clv * m / 100.0, Reason::NoChurn)
        });
        let previous_cash = t
            .checked_sub(1)
            .and_then(|s| self.finance.get(s))
            .and_then(|f| f.cash);
        let net_burn = match (f.net_burn, f.cash, previous_cash) {
            (Some(burn), _, _) => Metric::of(burn, Reason::NotGiven),
            (None, Some(cash), Some(before)) => Metric::of(before - cash, Reason::NotGiven),
            (None, Some(_), None) if t == 0 => Metric::none(Reason::NoPreviousPeriod),
            _ => Metric::none(Reason::NotGiven),
        };
        let cash = Metric::given(f.cash);
        let retained = (revenue.accounts - revenue.new_accounts) as f64;
        Ok(FinanceMetrics {
            cac,
            lifespan_years,
            clv,
            clv_margin,
            ltv_cac: clv_margin.zip(cac, |l, c| Metric::ratio(l, c, Reason::NoAcquisitionCost)),
            gross_margin,
            net_margin: Metric::given(f.net_income).zip(Metric::given(f.revenue), |i, r| {
                Metric::percent(i, r, Reason::NoRevenue)
            }),
            ebitda,
            ebitda_margin: ebitda.zip(Metric::given(f.revenue), |e, r| {
                Metric::percent(e, r, Reason::NoRevenue)
            }),
            revenue_per_fte: Metric::given(f.fte)
                .zip(Metric::of(revenue.arr, Reason::NotGiven), |fte, arr| {
                    Metric::ratio(arr, fte, Reason::NoFte)
                }),
            cash,
            net_burn,
            runway: cash.zip(net_burn, |c, b| {
                if b > 0.0 {
                    Metric::of(c / b, Reason::NotBurning)
                } else {
                    Metric::none(Reason::NotBurning)
                }
            }),
            retention_cost: Metric::given(f.retention_cost)
                .zip(Metric::of(retained, Reason::NoRetainedAccounts), |c, r| {
                    Metric::ratio(c, r, Reason::NoRetainedAccounts)
                }),
        })
    }
}
