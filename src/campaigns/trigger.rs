//! Triggers: what makes a campaign due. An event (its N-th occurrence, with
//! matching properties) or a route the app reports fire at a moment the SDK
//! records; days since signup, since a goal period started or before it
//! ends are computed from the context.

use std::cmp::Ordering;

use super::{check_campaigns, check_length, Campaign, Context, MAX_LIST, MAX_ROUTE};
use crate::error::{msg, Error, ErrorCode, Num};
use crate::hygiene::{check_duration, check_entries, check_text, DAY_MS};
use crate::results::Prop;

/// What makes a campaign due.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// `{ event: { name, occurrence, props } }`: the event's `occurrence`-th
    /// tracking (default 1) and every later one, when every prop in `props`
    /// equals the event's.
    Event {
        /// The tracked event's name.
        name: String,
        /// The N-th occurrence that first fires it, a whole number from 1.
        occurrence: f64,
        /// Properties the event must have, with these values.
        props: Vec<(String, Prop)>,
    },
    /// `{ route: '/reports/*' }`: a route the app reports matches the
    /// pattern as a whole; `*` matches any run of characters. While the
    /// context says the user is on another route, it is not triggered.
    Route(String),
    /// `{ daysSinceSignup: 14 }`: from this many days after signup on.
    DaysSinceSignup(f64),
    /// `{ daysSincePeriodStart: 0 }`: this many days after a goal period
    /// started, until it is due; once per period.
    DaysSincePeriodStart(f64),
    /// `{ daysBeforePeriodEnd: 7 }`: this many days before a goal period is
    /// due (not before it starts), until it is due; once per period.
    DaysBeforePeriodEnd(f64),
}

/// Something the user just did: tracked an event (its `count`-th time) or
/// reached a route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Occurrence<'a> {
    /// `{ event, props, count }`.
    Event {
        /// The event's name.
        name: &'a str,
        /// Its properties (values other than strings, numbers and booleans
        /// left out: they match nothing).
        props: &'a [(String, Prop)],
        /// How many times this user has tracked it, this one included.
        count: f64,
    },
    /// `{ route }`: the path (or URL) the app reports.
    Route(&'a str),
}

/// A moment a trigger fired, and until when it may still show.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Firing<'a> {
    /// When it fired.
    pub at: f64,
    /// The last moment it may show (a goal period's due), if any.
    pub last: Option<f64>,
    /// The check-in metrics it asks about.
    pub metrics: Vec<&'a str>,
}

impl Trigger {
    /// An event trigger on every occurrence, whatever its props.
    pub fn event(name: &str) -> Trigger {
        Trigger::Event {
            name: name.into(),
            occurrence: 1.0,
            props: Vec::new(),
        }
    }

    /// Whether it fires on a moment the SDK records (an event or a route).
    pub(crate) fn is_recorded(&self) -> bool {
        matches!(self, Trigger::Event { .. } | Trigger::Route(_))
    }

    /// Whether it fires once per goal period.
    pub(crate) fn is_per_period(&self) -> bool {
        matches!(
            self,
            Trigger::DaysSincePeriodStart(_) | Trigger::DaysBeforePeriodEnd(_)
        )
    }

    pub(crate) fn check(&self, path: &str) -> Result<(), Error> {
        match self {
            Trigger::Event {
                name,
                occurrence,
                props,
            } => {
                check_text(name, (path, ".event.name"))?;
                check_count(*occurrence, &msg!(path, ".event.occurrence"))?;
                let props_path = msg!(path, ".event.props");
                check_entries(props.len(), MAX_LIST, &props_path)?;
                for (key, value) in props {
                    check_text(key, &props_path)?;
                    if matches!(value, Prop::Number(x) if !x.is_finite()) {
                        return Err(Error::new(
                            ErrorCode::NotFinite,
                            msg!(props_path, ".", key),
                            "must be a finite number, a string or a boolean",
                        ));
                    }
                }
                Ok(())
            }
            Trigger::Route(pattern) => check_text(pattern, (path, ".route")),
            Trigger::DaysSinceSignup(days) => {
                check_duration(*days, &msg!(path, ".daysSinceSignup")).map(|_| ())
            }
            Trigger::DaysSincePeriodStart(days) => {
                check_duration(*days, &msg!(path, ".daysSincePeriodStart")).map(|_| ())
            }
            Trigger::DaysBeforePeriodEnd(days) => {
                check_duration(*days, &msg!(path, ".daysBeforePeriodEnd")).map(|_| ())
            }
        }
    }

    /// Whether `occurrence` fires this trigger.
    pub(crate) fn fires(&self, occurrence: &Occurrence<'_>) -> bool {
        match (self, occurrence) {
            (
                Trigger::Event {
                    name,
                    occurrence: nth,
                    props,
                },
                Occurrence::Event {
                    name: event,
                    props: given,
                    count,
                },
            ) => {
                name == event
                    && count >= nth
                    && props
                        .iter()
                        .all(|(key, value)| given.iter().any(|(k, v)| k == key && v == value))
            }
            (Trigger::Route(pattern), Occurrence::Route(path)) => route_matches(pattern, path),
            _ => false,
        }
    }

    /// When `campaign`'s trigger fired for this user, in time order:
    /// `recorded` is when its event or route trigger last fired (ignored
    /// before the schedule's start: old news); `None` for a period trigger
    /// without any goal period to look at.
    pub(crate) fn firings<'a>(
        &self,
        campaign: &'a Campaign,
        context: &Context,
        recorded: Option<f64>,
    ) -> Option<Vec<Firing<'a>>> {
        let all: Vec<&'a str> = campaign.metrics_of(context);
        let once = |at: Option<f64>| {
            at.map(|at| Firing {
                at,
                last: None,
                metrics: all.clone(),
            })
            .into_iter()
            .collect()
        };
        let days = match *self {
            Trigger::Event { .. } | Trigger::Route(_) => {
                let start = campaign.schedule.start.unwrap_or(0.0);
                // A route campaign shows while the user is on its route.
                let here = match (self, &context.route) {
                    (Trigger::Route(pattern), Some(route)) => route_matches(pattern, route),
                    _ => true,
                };
                return Some(once(recorded.filter(|&at| here && at >= start)));
            }
            Trigger::DaysSinceSignup(days) => {
                return Some(once(context.signup_at.map(|t| t + days * DAY_MS)))
            }
            Trigger::DaysSincePeriodStart(days) | Trigger::DaysBeforePeriodEnd(days) => days,
        };
        // A check-in looks at its metrics' periods; a survey at every period.
        let periods: Vec<_> = context
            .periods
            .iter()
            .filter(|(metric, _)| all.is_empty() || all.contains(&metric.as_str()))
            .collect();
        if periods.is_empty() {
            return None;
        }
        let mut firings: Vec<Firing<'a>> = Vec::new();
        for (metric, period) in periods {
            let at = match self {
                Trigger::DaysSincePeriodStart(_) => period.start + days * DAY_MS,
                _ => (period.due - days * DAY_MS).max(period.start),
            };
            if at > period.due {
                continue; // the period is over before the trigger fires
            }
            let metric = all.iter().copied().find(|m| *m == metric.as_str());
            match firings
                .iter_mut()
                .find(|f| f.at == at && f.last == Some(period.due))
            {
                Some(same) => same.metrics.extend(metric),
                None => firings.push(Firing {
                    at,
                    last: Some(period.due),
                    metrics: metric.into_iter().collect(),
                }),
            }
        }
        firings.sort_unstable_by(|a, b| {
            (a.at, a.last)
                .partial_cmp(&(b.at, b.last))
                .unwrap_or(Ordering::Equal)
        });
        Some(firings)
    }
}

impl Occurrence<'_> {
    fn check(&self) -> Result<(), Error> {
        match self {
            Occurrence::Event {
                name, count, props, ..
            } => {
                check_text(name, "occurrence.event")?;
                check_entries(props.len(), MAX_LIST * 10, "occurrence.props")?;
                check_count(*count, "occurrence.count")
            }
            Occurrence::Route(path) => check_length(path, MAX_ROUTE, "occurrence.route"),
        }
    }
}

/// A whole number from 1 to 2^32 - 1.
fn check_count(n: f64, field: &str) -> Result<(), Error> {
    if n >= 1.0 && n <= f64::from(u32::MAX) && n.fract() == 0.0 {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidCount,
        field,
        msg!("must be a whole number from 1, got ", Num(n)),
    ))
}

/// The ids of the campaigns whose event or route trigger `occurrence`
/// fires, in list order (the SDK records the time for each).
///
/// ```
/// use clg_metrics::campaigns::{campaign_triggers, Ask, Campaign, Occurrence, Trigger};
/// let third = Trigger::Event { name: "report_exported".into(), occurrence: 3.0, props: vec![] };
/// let campaigns = [
///     Campaign::new("ces", Ask::survey("ces"), third),
///     Campaign::new("reports", Ask::survey("csat"), Trigger::Route("/reports/*".into())),
/// ];
/// let export = |count| Occurrence::Event { name: "report_exported", props: &[], count };
/// assert!(campaign_triggers(&campaigns, &export(2.0)).unwrap().is_empty());
/// assert_eq!(campaign_triggers(&campaigns, &export(3.0)).unwrap(), ["ces"]);
/// assert_eq!(campaign_triggers(&campaigns, &Occurrence::Route("/reports/42")).unwrap(), ["reports"]);
/// ```
pub fn campaign_triggers<'a>(
    campaigns: &'a [Campaign],
    occurrence: &Occurrence<'_>,
) -> Result<Vec<&'a str>, Error> {
    check_campaigns(campaigns, None)?;
    occurrence.check()?;
    Ok(campaigns
        .iter()
        .filter(|c| c.trigger.fires(occurrence))
        .map(|c| c.id.as_str())
        .collect())
}

/// Whether `path` matches `pattern` as a whole, where `*` matches any run
/// of characters (`/` included) and everything else itself. Linear in
/// `path` for each `*` of the pattern (the last `*` is retried, never a
/// path of choices).
///
/// ```
/// use clg_metrics::campaigns::route_matches;
/// assert!(route_matches("/reports/*", "/reports/42/edit"));
/// assert!(route_matches("/reports/*/edit", "/reports/42/edit"));
/// assert!(!route_matches("/reports/*", "/reports"));
/// assert!(!route_matches("/reports", "/reports/42"));
/// ```
pub fn route_matches(pattern: &str, path: &str) -> bool {
    // Bytes: '*' is ASCII, and a literal UTF-8 character only ever matches
    // the same character's bytes.
    let (p, s) = (pattern.as_bytes(), path.as_bytes());
    let (mut i, mut j) = (0, 0);
    let mut retry: Option<(usize, usize)> = None; // (pattern after '*', path position)
    while j < s.len() {
        if i < p.len() && p[i] == b'*' {
            i += 1;
            retry = Some((i, j));
        } else if i < p.len() && p[i] == s[j] {
            i += 1;
            j += 1;
        } else if let Some((after, from)) = retry {
            // Let the last '*' take one more byte.
            retry = Some((after, from + 1));
            i = after;
            j = from + 1;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Recursive matching by the definition: the reference.
    fn reference(p: &[u8], s: &[u8]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some((b'*', rest)) => (0..=s.len()).any(|k| reference(rest, &s[k..])),
            Some((c, rest)) => s.first() == Some(c) && reference(rest, &s[1..]),
        }
    }

    proptest! {
        #[test]
        fn route_matching_equals_the_reference(pattern in "[ab/*]{0,8}", path in "[ab/]{0,10}") {
            prop_assert_eq!(route_matches(&pattern, &path), reference(pattern.as_bytes(), path.as_bytes()));
        }
    }

    #[test]
    fn routes_match_whole_and_in_unicode() {
        assert!(route_matches("*", ""));
        assert!(route_matches("/o*s", "/orders"));
        assert!(!route_matches("/o*s", "/orders/1"));
        assert!(route_matches("/пр*ект/*", "/проект/1"));
        assert!(!route_matches("/Reports/*", "/reports/1"));
    }

    fn event(name: &str, occurrence: f64, props: Vec<(String, Prop)>) -> Trigger {
        Trigger::Event {
            name: name.into(),
            occurrence,
            props,
        }
    }

    #[test]
    fn events_fire_from_their_nth_occurrence_with_matching_props() {
        let pdf = vec![("format".to_owned(), Prop::Text("pdf".into()))];
        let t = event("export", 3.0, pdf.clone());
        fn at(count: f64, props: &[(String, Prop)]) -> Occurrence<'_> {
            Occurrence::Event {
                name: "export",
                props,
                count,
            }
        }
        assert!(!t.fires(&at(2.0, &pdf)));
        assert!(t.fires(&at(3.0, &pdf)));
        assert!(t.fires(&at(4.0, &pdf)));
        assert!(!t.fires(&at(3.0, &[])));
        let csv = [("format".to_owned(), Prop::Text("csv".into()))];
        assert!(!t.fires(&at(3.0, &csv)));
        // Types are compared too: the string "1" is not the number 1.
        let one = event("export", 1.0, vec![("n".into(), Prop::Number(1.0))]);
        assert!(!one.fires(&at(1.0, &[("n".into(), Prop::Text("1".into()))])));
        assert!(one.fires(&at(1.0, &[("n".into(), Prop::Number(1.0))])));
        assert!(!one.fires(&Occurrence::Route("export")));
        assert!(!Trigger::Route("*".into()).fires(&at(1.0, &[])));
    }

    #[test]
    fn bad_triggers_and_occurrences_name_the_field() {
        let cases = [
            (event("", 1.0, vec![]), ErrorCode::EmptyText, "t.event.name"),
            (
                event("e", 0.0, vec![]),
                ErrorCode::InvalidCount,
                "t.event.occurrence",
            ),
            (
                event("e", 1.5, vec![]),
                ErrorCode::InvalidCount,
                "t.event.occurrence",
            ),
            (
                event("e", 1.0, vec![("x".into(), Prop::Number(f64::NAN))]),
                ErrorCode::NotFinite,
                "t.event.props.x",
            ),
            (
                Trigger::Route(String::new()),
                ErrorCode::EmptyText,
                "t.route",
            ),
            (
                Trigger::DaysBeforePeriodEnd(-1.0),
                ErrorCode::InvalidDuration,
                "t.daysBeforePeriodEnd",
            ),
        ];
        for (trigger, code, field) in cases {
            let e = trigger.check("t").unwrap_err();
            assert_eq!((e.code(), e.field()), (code, field), "{}", e.message());
        }
        let e = campaign_triggers(&[], &Occurrence::Route(&"/".repeat(MAX_ROUTE + 1))).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::TextTooLong, "occurrence.route")
        );
        let zero = Occurrence::Event {
            name: "e",
            props: &[],
            count: 0.0,
        };
        let e = campaign_triggers(&[], &zero).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::InvalidCount, "occurrence.count")
        );
    }
}
