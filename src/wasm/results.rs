//! The `ResultsStore` class: customer results (roles, metrics, goals,
//! canvas, KPIs) as one stateful handle. JS data is converted to the core's
//! JSON tree here and back; the core validates everything.

use js_sys::{Array, Float64Array, Number, Object, Reflect, Uint32Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::input::{from_js, from_js_bare, text, wrong_type};
use super::tape::to_js;
use crate::error::{element, msg, Error, ErrorCode};
use crate::results::{self as core, Model, Prop, Store, Value};

#[wasm_bindgen(typescript_custom_section)]
const TS_RESULTS: &'static str = r#"
/** Definitions a supplier writes once: its key customer roles. */
export interface ResultsModel {
  roles: RoleDefinition[];
}

export interface RoleDefinition {
  id: string;
  name: string;
  /** Maturity levels, level 1 first, each with the improvement realistic in one goal cycle. */
  maturity: { name: string; improvement: { type: 'percent' | 'absolute'; amount: number } }[];
  metrics: MetricDefinition[];
}

export interface MetricDefinition {
  id: string;
  name: string;
  kind: 'value' | 'businessImpact';
  unit: string;
  direction: 'higher' | 'lower';
  collection:
    | { method: 'scaleAssessed'; scale: { value: number; label: string }[] }
    | { method: 'selfReported' }
    | { method: 'integration' }
    | { method: 'appGenerated'; rule: RuleDefinition };
  /** Where the data comes from, in words (shown on the canvas). */
  dataSource?: string | null | undefined;
  /** The lowest value the metric can take (e.g. 0 for a count); not on a scale-assessed metric. */
  min?: number | null | undefined;
  /** The highest value the metric can take (e.g. 100 for a share in %); above `min`. */
  max?: number | null | undefined;
}

/** A count, sum or distinct count of one event. */
export type TermDefinition =
  | { type: 'count'; event: string }
  | { type: 'sum' | 'distinct'; event: string; property: string };

/** How an app-generated metric is derived from tracked events. */
export type RuleDefinition = (
  | TermDefinition
  | { type: 'ratio'; numerator: TermDefinition; denominator: TermDefinition; percent?: boolean | null | undefined }
) & {
  window:
    | { type: 'rolling'; days: number }
    | { type: 'calendar'; period: 'day' | 'week' | 'month' | 'quarter' };
};

/** An account and the roles it has, with their maturity level (1-based). */
export interface AccountInput {
  id: string;
  name?: string | null | undefined;
  roles?: { role: string; maturity: number }[] | null | undefined;
}

/** A role instance: one role at one account. */
export interface InstanceRef {
  account: string;
  role: string;
}

/** One metric of a role instance. */
export interface MetricRef extends InstanceRef {
  metric: string;
}

export interface ObservationInput extends MetricRef {
  value: number;
  /** Milliseconds since 1970 (UTC), e.g. `Date.now()`. */
  at: number;
  /** Default: the metric's collection method; if given, it must be that one. */
  method?: 'scaleAssessed' | 'selfReported' | 'integration' | null | undefined;
  user?: string | null | undefined;
}

/** Properties of a tracked event: `account` is required; `role` limits it to one role. */
export interface TrackProps {
  account: string;
  role?: string | null | undefined;
  [property: string]: string | number | boolean | null | undefined;
}

export interface GoalInput extends MetricRef {
  /** Defaults to the metric's value at `start`. */
  baseline?: number | null | undefined;
  target: number;
  start: number;
  due?: number | null | undefined;
}

export interface Goal {
  baseline: number;
  target: number;
  start: number;
  due: number | null;
  status: 'active' | 'achieved' | 'missed' | 'abandoned';
  closedAt: number | null;
  closedValue: number | null;
}

/** A goal of `history()`: closed, with the progress its closing value made (`null` when it closed without one). */
export interface ClosedGoal extends Goal {
  status: 'achieved' | 'missed' | 'abandoned';
  closedAt: number;
  progress: { raw: number; percent: number } | null;
}

export interface GoalProgress extends Goal {
  /** `raw = (current - baseline) / (target - baseline)`; `percent` = 100 x raw clamped to 0..100; `null` without a current value. */
  progress: { raw: number; percent: number } | null;
  /** Pace so far projected to the due date; `null` without a current value, without a due date or before time passed. */
  forecast: { elapsed: number; projected: number; onTrack: boolean } | null;
}

export interface SuggestedGoal {
  baseline: number;
  target: number;
  maturityLevel: number;
}

export interface MetricStatus {
  metric: string;
  name: string;
  unit: string;
  direction: 'higher' | 'lower';
  method: 'scaleAssessed' | 'selfReported' | 'integration' | 'appGenerated';
  current: number | null;
  goal: GoalProgress | null;
  nextGoal: SuggestedGoal | null;
}

export interface CanvasResource {
  name: string;
  type: 'feature' | 'content' | 'service' | 'other';
  url?: string | null | undefined;
}

export interface CanvasNotes {
  changesNeeded?: string[] | null | undefined;
  actions?: { by: 'supplier' | 'role'; text: string; done?: boolean | null | undefined }[] | null | undefined;
  resources?: CanvasResource[] | null | undefined;
}

export interface Canvas {
  changesNeeded: string[];
  /** `done` is `false` when none was given. */
  actions: { by: 'supplier' | 'role'; text: string; done: boolean }[];
  /** As given; `url` is `null` when none was given. */
  resources: (Omit<CanvasResource, 'url'> & { url: string | null })[];
  account: string;
  role: string;
  roleName: string;
  maturity: { level: number; levels: number; name: string; improvement: { type: 'percent' | 'absolute'; amount: number } };
  metrics: (MetricStatus & { kind: 'value' | 'businessImpact'; dataSource: string | null })[];
}

export interface Share {
  count: number;
  of: number;
  /** `null` when `of` is 0. */
  percent: number | null;
}

export interface ResultsKpis {
  accounts: number;
  roles: {
    role: string;
    name: string;
    instances: number;
    /** Mean of the metrics' `averageGainPercent` (those that have one); the scorecard's `averageGain`. */
    averageGainPercent: number | null;
    measuresInPlace: Share;
    measurableGain: Share;
    goalAchieved: Share;
    metrics: { metric: string; name: string; unit: string; instances: number; averageGain: number | null; averageGainPercent: number | null }[];
  }[];
}

/** Saved state: plain JSON data with `format` and `version`. */
export interface ResultsState {
  format: 'clg-metrics/results';
  version: number;
  model: ResultsModel | null;
  accounts: unknown[];
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "ResultsModel | string")]
    pub type ResultsModelInput;
    #[wasm_bindgen(typescript_type = "AccountInput")]
    pub type AccountInput;
    #[wasm_bindgen(typescript_type = "ObservationInput")]
    pub type ObservationInput;
    /// A tracked event's name (validated here: a non-string passed where
    /// wasm-bindgen expects `&str` would read wasm memory out of bounds).
    #[wasm_bindgen(typescript_type = "string")]
    pub type EventName;
    #[wasm_bindgen(typescript_type = "TrackProps")]
    pub type TrackProps;
    /// `props[key]`: a plain property read, without `Reflect.get`'s
    /// exception guard (a tracked event crosses into JS a few times, so
    /// each crossing counts).
    #[wasm_bindgen(method, structural, indexing_getter)]
    fn get(this: &TrackProps, key: &JsValue) -> JsValue;
    #[wasm_bindgen(typescript_type = "GoalInput")]
    pub type GoalInput;
    #[wasm_bindgen(typescript_type = "MetricRef & { at: number }")]
    pub type AbandonInput;
    #[wasm_bindgen(typescript_type = "InstanceRef")]
    pub type InstanceRef;
    #[wasm_bindgen(typescript_type = "MetricRef")]
    pub type MetricRef;
    #[wasm_bindgen(typescript_type = "InstanceRef & CanvasNotes")]
    pub type CanvasInput;
    #[wasm_bindgen(typescript_type = "ResultsState | string")]
    pub type ResultsStateInput;
}

/// Customer results of one supplier: the role/metric model, accounts and
/// their role instances, observations, app-generated metrics fed by
/// `track()`, goals with history, the Customer Results Canvas and the
/// results-achievement KPIs. Every method validates its input first and
/// throws a `ClgMetricsError` naming the field; a throwing call changes
/// nothing. Times are milliseconds since 1970 (UTC); where `at` is
/// optional it defaults to `Date.now()`.
///
/// @example
/// ```ts
/// import { init, ResultsStore } from 'clg-metrics';
/// await init();
/// const store = new ResultsStore();
/// store.defineModel({ roles: [{
///   id: 'sdr', name: 'SDR',
///   maturity: [{ name: 'Initial', improvement: { type: 'percent', amount: 20 } }],
///   metrics: [{ id: 'contacts', name: 'Contacts provided per week', kind: 'value',
///     unit: 'contacts', direction: 'higher',
///     collection: { method: 'appGenerated', rule: { type: 'count', event: 'contact_added',
///       window: { type: 'rolling', days: 7 } } } }],
/// }] });
/// store.upsertAccount({ id: 'acme', roles: [{ role: 'sdr', maturity: 1 }] });
/// store.track('contact_added', { account: 'acme' });
/// store.value({ account: 'acme', role: 'sdr', metric: 'contacts' }); // 1
/// const saved = JSON.stringify(store);  // versioned state
/// ```
#[wasm_bindgen]
#[derive(Default)]
pub struct ResultsStore {
    store: Store,
    /// JS strings of the property names `track` reads, made once: making a
    /// JS string from Rust costs a UTF-8 decode, more than the rest of a
    /// tracked event.
    keys: Keys,
}

/// Property-name strings cached as JS values.
#[derive(Default)]
struct Keys(Vec<(String, JsValue)>);

impl Keys {
    fn get(&mut self, name: &str) -> &JsValue {
        let i = match self.0.iter().position(|(k, _)| k == name) {
            Some(i) => i,
            None => {
                self.0.push((name.to_string(), JsValue::from_str(name)));
                self.0.len() - 1
            }
        };
        &self.0[i].1
    }
}

#[wasm_bindgen]
impl ResultsStore {
    /// An empty store; call `defineModel` next (or `load` saved state).
    #[wasm_bindgen(constructor)]
    pub fn new() -> ResultsStore {
        ResultsStore::default()
    }

    /// A store loaded from saved state (an object from `toJSON()` or its
    /// JSON text). Throws `UNSUPPORTED_VERSION` for state of a newer format.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(state: ResultsStateInput) -> Result<ResultsStore, JsValue> {
        let mut store = ResultsStore::new();
        store.load(state)?;
        Ok(store)
    }

    /// Sets the role and metric definitions (an object or JSON text); only
    /// while no account is stored. Errors name the path, e.g.
    /// `roles[1].metrics[0].direction`.
    #[wasm_bindgen(js_name = defineModel)]
    pub fn define_model(&mut self, model: ResultsModelInput) -> Result<(), JsValue> {
        let model = Model::from_value(&parse(&model.into(), "model", true)?)?;
        model.check_new()?;
        Ok(self.store.define_model(model)?)
    }

    /// The definitions as given, or `null`.
    #[wasm_bindgen(unchecked_return_type = "ResultsModel | null")]
    pub fn model(&self) -> JsValue {
        to_js(&self.store.model_value())
    }

    /// The tracked events the rules count, each with the properties its sum
    /// and distinct rules read: `{ contact_added: ['company'], visitor_fit: [] }`.
    /// Other events and properties change nothing, so a caller can skip them.
    #[wasm_bindgen(js_name = eventInputs, unchecked_return_type = "Record<string, string[]>")]
    pub fn event_inputs(&self) -> JsValue {
        // Through the tape: an event named `__proto__` is a key like any other.
        let events = self
            .store
            .event_inputs()
            .into_iter()
            .map(|(event, properties)| {
                let properties = properties.into_iter().map(Value::from).collect();
                (event, Value::Array(properties))
            });
        to_js(&Value::object(events))
    }

    /// Adds an account or updates its name and role maturity levels.
    #[wasm_bindgen(js_name = upsertAccount)]
    pub fn upsert_account(&mut self, account: AccountInput) -> Result<(), JsValue> {
        let input = core::AccountInput::from_value(&from_js(&account.into(), "account")?)?;
        Ok(self.store.upsert_account(input)?)
    }

    /// Records a value of a scale-assessed, self-reported or integration
    /// metric. Returns the goal this value closed (achieved, or missed when
    /// past its due date), else `null`.
    #[wasm_bindgen(js_name = recordObservation, unchecked_return_type = "Goal | null")]
    pub fn record_observation(
        &mut self,
        observation: ObservationInput,
    ) -> Result<JsValue, JsValue> {
        let input =
            core::ObservationInput::from_value(&from_js(&observation.into(), "observation")?)?;
        let closed = self.store.record_observation(&input)?;
        Ok(closed.map_or(JsValue::NULL, |goal| to_js(&goal.to_value())))
    }

    /// Tracks an in-app event for the app-generated metrics whose rules use
    /// `eventName`: O(those rules) per call. `props.account` is required,
    /// `props.role` limits the event to one role; other properties feed sum
    /// rules (numbers) and distinct rules (strings, finite numbers or
    /// booleans). Returns the number of rule terms updated. Goals are
    /// judged by `review` (the first event after a goal's due date keeps
    /// the value there for it).
    pub fn track(
        &mut self,
        #[wasm_bindgen(js_name = eventName)] event_name: EventName,
        props: TrackProps,
        timestamp: Option<f64>,
    ) -> Result<u32, JsValue> {
        let Some(event_name) = text(&event_name, &|| "eventName".into())? else {
            return Err(wrong_type("eventName", "a string", &event_name).into());
        };
        if !props.is_object() {
            return Err(wrong_type("props", "an object", &props).into());
        }
        let at = time(timestamp, "timestamp")?;
        let keys = &mut self.keys;
        let mut read = |key: &str, required: bool| -> Result<Option<String>, Error> {
            let v = props.get(keys.get(key));
            // An optional property holding null is absent (the one null rule).
            if !required && v.is_null_or_undefined() {
                return Ok(None);
            }
            let field = || msg!("props.", key);
            text(&v, &field)?
                .map(Some)
                .ok_or_else(|| wrong_type(field(), "a string", &v))
        };
        let account = read("account", true)?.unwrap_or_default();
        let role = read("role", false)?;
        let keys = &mut self.keys;
        let mut prop = |name: &str| read_prop(&props, keys, name);
        let updated = self
            .store
            .track(&event_name, &account, role.as_deref(), at, &mut prop)?;
        Ok(updated as u32)
    }

    /// Tracks many events of `account` (only for `role` unless it is
    /// `undefined` or `null`), each as `track` would: `names` lists the distinct event
    /// names, `events[i]` is event i's index in `names`, `times[i]` its time
    /// and `props[i]` its properties (an object, or `null`/`undefined` when
    /// its rules read none; an error names event i's, `props[i].amount`).
    /// Names and the account cross into wasm once, so it
    /// costs a fraction of `track` per event. Each event counts on its own:
    /// one the core refuses changes nothing and comes back as `{ index,
    /// error }`; the others count. Throws only for arguments of the wrong
    /// type or length.
    ///
    /// @example
    /// ```ts
    /// const refused = store.trackBatch('acme', undefined, ['contact_added', 'deal_created'],
    ///   new Uint32Array([0, 0, 1]), new Float64Array([t, t + 1, t + 2]),
    ///   [undefined, undefined, { amount: 5000 }]);
    /// refused; // [] when every event counted
    /// ```
    #[wasm_bindgen(
        js_name = trackBatch,
        unchecked_return_type = "{ index: number; error: ClgMetricsError }[]"
    )]
    pub fn track_batch(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] role: JsValue,
        #[wasm_bindgen(unchecked_param_type = "readonly string[]")] names: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint32Array")] events: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] times: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "readonly (Record<string, string | number | boolean | null | undefined> | null | undefined)[]"
        )]
        props: JsValue,
    ) -> Result<Array, JsValue> {
        let account = text(&account, &|| "account".into())?
            .ok_or_else(|| wrong_type("account", "a string", &account))?;
        let role = match text(&role, &|| "role".into())? {
            Some(role) => Some(role),
            None if role.is_null_or_undefined() => None,
            None => return Err(wrong_type("role", "a string, null or undefined", &role).into()),
        };
        let names = strings(&names, "names")?;
        let events = events
            .dyn_ref::<Uint32Array>()
            .ok_or_else(|| wrong_type("events", "a Uint32Array", &events))?;
        let times = times
            .dyn_ref::<Float64Array>()
            .ok_or_else(|| wrong_type("times", "a Float64Array", &times))?;
        let props = props
            .dyn_into::<Array>()
            .map_err(|v| wrong_type("props", "an array", &v))?;
        // The field is the list that does not have one entry per event; checked
        // before the columns are copied into wasm memory, which never shrinks.
        let mismatched = if times.length() != events.length() {
            Some("times")
        } else if props.length() != events.length() {
            Some("props")
        } else {
            None
        };
        if let Some(field) = mismatched {
            return Err(Error::new(
                ErrorCode::LengthMismatch,
                field,
                "events, times and props must have one entry per event",
            )
            .into());
        }
        let (events, times) = (events.to_vec(), times.to_vec());
        let refused = Array::new();
        for (i, (&name, &at)) in events.iter().zip(&times).enumerate() {
            let props: TrackProps = props.get(i as u32).unchecked_into();
            let keys = &mut self.keys;
            let tracked = (|| {
                let name = names.get(name as usize).ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidValue,
                        element("events", i),
                        "must be an index into names",
                    )
                })?;
                // `null` is absent, as everywhere.
                let absent = props.is_null_or_undefined();
                if !absent && !props.is_object() {
                    return Err(wrong_type(
                        element("props", i),
                        "an object, null or undefined",
                        &props,
                    ));
                }
                if !absent {
                    stated_as_batch(&props, keys, i, &account, role.as_deref())?;
                }
                // The field path is formatted only on error: this runs per event.
                let at =
                    time(Some(at), "times").or_else(|_| time(Some(at), &element("times", i)))?;
                let mut prop = |key: &str| {
                    if absent {
                        return Ok(None);
                    }
                    read_prop(&props, keys, key)
                };
                // Here the account and role are arguments, not the event's props;
                // the core names a property `props.<name>`: this is event i's.
                self.store
                    .track_from("", name, &account, role.as_deref(), at, &mut prop)
                    .map_err(|e| e.renamed("props", &element("props", i)))
            })();
            if let Err(error) = tracked {
                let entry = Object::new();
                // Setting a property on a fresh plain object cannot fail.
                let _ = Reflect::set(&entry, &"index".into(), &(i as u32).into());
                let _ = Reflect::set(&entry, &"error".into(), &error.into());
                refused.push(&entry);
            }
        }
        Ok(refused)
    }

    /// The value of a metric at `at`: the latest observation at or before
    /// it, or an app-generated metric's value over the window ending then.
    #[wasm_bindgen(unchecked_return_type = "number | null")]
    pub fn value(&self, metric: MetricRef, at: Option<f64>) -> Result<JsValue, JsValue> {
        let at = time(at, "at")?;
        let metric = metric_ref(metric)?;
        Ok(self
            .store
            .value(&metric, at)?
            .map_or(JsValue::NULL, |x| JsValue::from_f64(x + 0.0)))
    }

    /// Sets the active goal of a metric. A target equal to the baseline
    /// (`GOAL_ZERO_WIDTH`) or not better than it (`GOAL_WRONG_DIRECTION`)
    /// is rejected; so is a second active goal (`GOAL_ACTIVE`).
    #[wasm_bindgen(js_name = setGoal, unchecked_return_type = "Goal")]
    pub fn set_goal(&mut self, goal: GoalInput) -> Result<JsValue, JsValue> {
        let input = core::GoalInput::from_value(&from_js(&goal.into(), "goal")?)?;
        Ok(to_js(&self.store.set_goal(&input)?.to_value()))
    }

    /// Abandons the active goal of a metric; it moves to the history.
    #[wasm_bindgen(js_name = abandonGoal, unchecked_return_type = "Goal")]
    pub fn abandon_goal(&mut self, goal: AbandonInput) -> Result<JsValue, JsValue> {
        let input = core::AbandonInput::from_value(&from_js(&goal.into(), "goal")?)?;
        Ok(to_js(&self.store.abandon_goal(&input)?.to_value()))
    }

    /// Judges every active goal at `at` and returns those that closed.
    /// Goals of app-generated metrics are judged here (not per event).
    #[wasm_bindgen(unchecked_return_type = "(MetricRef & { goal: Goal })[]")]
    pub fn review(&mut self, at: Option<f64>) -> Result<JsValue, JsValue> {
        let at = time(at, "at")?;
        Ok(to_js(&self.store.review(at)?))
    }

    /// Per metric of a role instance: current value, active goal with
    /// progress and forecast, and the suggested next goal.
    #[wasm_bindgen(unchecked_return_type = "MetricStatus[]")]
    pub fn goals(&self, instance: InstanceRef, at: Option<f64>) -> Result<JsValue, JsValue> {
        let at = time(at, "at")?;
        Ok(to_js(&self.store.goals(&instance_ref(instance)?, at)?))
    }

    /// The closed goals of a metric, oldest first, each with the progress
    /// its closing value made.
    #[wasm_bindgen(unchecked_return_type = "ClosedGoal[]")]
    pub fn history(&self, metric: MetricRef) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.store.history_view(&metric_ref(metric)?)?))
    }

    /// The Customer Results Canvas of a role instance.
    #[wasm_bindgen(unchecked_return_type = "Canvas")]
    pub fn canvas(&self, instance: InstanceRef, at: Option<f64>) -> Result<JsValue, JsValue> {
        let at = time(at, "at")?;
        Ok(to_js(&self.store.canvas(&instance_ref(instance)?, at)?))
    }

    /// Replaces the canvas notes (changes needed, actions, resources).
    #[wasm_bindgen(js_name = setCanvas)]
    pub fn set_canvas(&mut self, canvas: CanvasInput) -> Result<(), JsValue> {
        let input = core::CanvasInput::from_value(&from_js(&canvas.into(), "canvas")?)?;
        Ok(self.store.set_canvas(input)?)
    }

    /// Results-achievement KPIs per role and metric at `at`.
    #[wasm_bindgen(unchecked_return_type = "ResultsKpis")]
    pub fn kpis(&self, at: Option<f64>) -> Result<JsValue, JsValue> {
        let at = time(at, "at")?;
        Ok(to_js(&self.store.kpis(at)?))
    }

    /// The whole state as versioned JSON data (`JSON.stringify(store)`
    /// calls this).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "ResultsState")]
    pub fn to_json(&self) -> JsValue {
        to_js(&self.store.to_value())
    }

    /// Replaces the state with saved state (object or JSON text); on error
    /// nothing changes.
    pub fn load(&mut self, state: ResultsStateInput) -> Result<(), JsValue> {
        self.store = Store::from_value(&parse(&state.into(), "state", false)?)?;
        Ok(())
    }
}

/// `props[name]` as the core reads a property; `undefined`/`null` are
/// absent. Cheapest checks first: each is one crossing into JS, and
/// `Number.isFinite` + `valueOf` avoid the glue's memory view.
fn read_prop(props: &TrackProps, keys: &mut Keys, name: &str) -> Result<Option<Prop>, Error> {
    let v = props.get(keys.get(name));
    if Number::is_finite(&v) {
        return Ok(Some(Prop::Number(v.unchecked_into::<Number>().value_of())));
    }
    if v.is_string() {
        return Ok(text(&v, &|| msg!("props.", name))?.map(Prop::Text));
    }
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(n) = v.as_f64() {
        return Ok(Some(Prop::Number(n)));
    }
    if let Some(b) = v.as_bool() {
        return Ok(Some(Prop::Bool(b)));
    }
    Err(wrong_type(
        msg!("props.", name),
        "a string, number or boolean",
        &v,
    ))
}

/// Checks that the `account` and `role` event `i` of a batch states in its
/// `props`, if any, are the batch's: `track` reads them as the event's
/// account and role, and a batch tracks one account (and one role, or
/// every role when `role` is `None`).
#[inline(never)]
fn stated_as_batch(
    props: &TrackProps,
    keys: &mut Keys,
    i: usize,
    account: &str,
    role: Option<&str>,
) -> Result<(), Error> {
    for (key, batch) in [("account", Some(account)), ("role", role)] {
        let v = props.get(keys.get(key));
        if v.is_null_or_undefined() {
            continue;
        }
        let field = || msg!(element("props", i), ".", key);
        match v.as_string() {
            None => return Err(wrong_type(field(), "a string", &v)),
            Some(stated) if Some(stated.as_str()) != batch => {
                let rule = "must be the batch's (trackBatch tracks one account, and one role or every role)";
                return Err(Error::new(ErrorCode::InvalidValue, field(), rule));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// A JS array of strings.
fn strings(value: &JsValue, field: &str) -> Result<Vec<String>, Error> {
    let array = value
        .dyn_ref::<Array>()
        .ok_or_else(|| wrong_type(field, "an array of strings", value))?;
    array
        .iter()
        .enumerate()
        .map(|(i, v)| {
            text(&v, &|| element(field, i))?
                .ok_or_else(|| wrong_type(element(field, i), "a string", &v))
        })
        .collect()
}

/// Argument `instance` as a role instance.
fn instance_ref(instance: InstanceRef) -> Result<core::InstanceRef, Error> {
    core::InstanceRef::from_value(&from_js(&instance.into(), "instance")?, "instance")
}

/// Argument `metric`: a role instance's metric.
fn metric_ref(metric: MetricRef) -> Result<core::MetricRef, Error> {
    core::MetricRef::from_value(&from_js(&metric.into(), "metric")?, "metric")
}

/// `at` or now, validated as a timestamp.
fn time(at: Option<f64>, field: &str) -> Result<i64, Error> {
    let n = at.unwrap_or_else(js_sys::Date::now);
    crate::input::time(Some(&Value::Number(n)), field)
}

/// An object, or JSON text parsed by the JS engine; its fields named from
/// its root when `bare`.
fn parse(value: &JsValue, field: &str, bare: bool) -> Result<Value, Error> {
    let parsed;
    let value = match value.as_string() {
        Some(text) => {
            parsed = JSON::parse(&text).map_err(|_| {
                Error::new(
                    ErrorCode::InvalidValue,
                    field,
                    "must be valid JSON text or an object",
                )
            })?;
            &parsed
        }
        None => value,
    };
    if bare {
        from_js_bare(value, field)
    } else {
        from_js(value, field)
    }
}
