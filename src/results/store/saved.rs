//! Saved state: the whole store as versioned data, and loading it back.

use super::*;
use crate::version::Format;

/// The saved-state format: its version ([`STATE_VERSION`]) and the steps
/// that migrate older versions. A malformed version is `INVALID_VALUE`, a
/// newer one `UNSUPPORTED_VERSION`.
static STATE: Format<Store> = Format::new(STATE_VERSION, ErrorCode::InvalidValue, &[from_v1]);

/// Version 1 to 2: the same shape; the rule states it read know nothing of
/// the past before their newest slot (their `first` and `previous` are
/// absent), so reads before it are unknown rather than wrong.
fn from_v1(store: Store) -> Result<Store, Error> {
    Ok(store)
}

impl Store {
    /// The whole state as versioned JSON data.
    pub fn to_value(&self) -> Value {
        let accounts = self
            .accounts
            .iter()
            .map(|account| {
                let roles = account
                    .roles
                    .iter()
                    .enumerate()
                    .filter_map(|(r, i)| Some((self.model.as_ref()?.roles.get(r)?, i.as_ref()?)))
                    .map(|(role, instance)| {
                        let metrics = role
                            .metrics
                            .iter()
                            .zip(&instance.metrics)
                            .map(|(def, s)| {
                                Value::object([
                                    ("metric", def.id.as_str().into()),
                                    (
                                        "observations",
                                        Value::Array(
                                            s.observations.iter().map(observation_value).collect(),
                                        ),
                                    ),
                                    (
                                        "rule",
                                        s.rule.as_ref().map_or(Value::Null, RuleState::to_value),
                                    ),
                                    (
                                        "goal",
                                        s.goal.as_ref().map_or(Value::Null, Goal::saved_value),
                                    ),
                                    (
                                        "history",
                                        Value::Array(
                                            s.history.iter().map(Goal::to_value).collect(),
                                        ),
                                    ),
                                ])
                            })
                            .collect();
                        Value::object([
                            ("role", role.id.as_str().into()),
                            ("maturity", (instance.maturity as f64).into()),
                            ("canvas", instance.notes.to_value()),
                            ("metrics", Value::Array(metrics)),
                        ])
                    })
                    .collect();
                Value::object([
                    ("id", account.id.as_str().into()),
                    ("name", account.name.clone().into()),
                    ("roles", Value::Array(roles)),
                ])
            })
            .collect();
        Value::object([
            ("format", STATE_FORMAT.into()),
            ("version", f64::from(STATE_VERSION).into()),
            ("model", self.model_value()),
            ("accounts", Value::Array(accounts)),
        ])
    }

    /// Loads a state written by [`Store::to_value`] into a new store: the
    /// `format` tag first, then the version through the versioned-state
    /// helper ([`crate::version`]: older versions migrate, newer ones are
    /// `UNSUPPORTED_VERSION`); any error leaves nothing half-loaded (the
    /// caller keeps its old store).
    pub fn from_value(value: &Value) -> Result<Store, Error> {
        // The format and version first: a newer version may have other keys.
        let o = Obj::loose(Some(value), "state")?;
        if o.get("format").and_then(Value::as_str) != Some(STATE_FORMAT) {
            return Err(invalid(
                o.field("format"),
                &msg!("must be \"", STATE_FORMAT, "\""),
                o.get("format").unwrap_or(&Value::Null),
            ));
        }
        // Missing or not a number: INVALID_VALUE, as a number that is not a version.
        let version = match o.get("version") {
            Some(Value::Number(n)) => Some(*n),
            _ => None,
        };
        STATE.load(version, "state", |_version| {
            // Versions 1 and 2 share a shape (2 adds optional keys to the
            // rule states): a later version adds a reader of its shape here
            // and a migration step to `STATE`.
            let o = Obj::new(
                Some(value),
                "state",
                &["format", "version", "model", "accounts"],
            )?;
            let mut store = Store::new();
            let Some(model_value) = o.get("model") else {
                if o.opt_array("accounts")?.unwrap_or_default().is_empty() {
                    return Ok(store);
                }
                return Err(Error::new(
                    ErrorCode::NoModel,
                    "state.model",
                    "is needed when accounts are saved",
                ));
            };
            let model = Model::from_value(model_value).map_err(|e| prefix(e, "state.model"))?;
            store
                .define_model(model)
                .map_err(|e| prefix(e, "state.model"))?;
            for (i, item) in o.array("accounts")?.iter().enumerate() {
                store.load_account(item, &element("state.accounts", i))?;
            }
            Ok(store)
        })
    }

    #[inline(never)]
    fn load_account(&mut self, value: &Value, path: &str) -> Result<(), Error> {
        let model = self.model.as_ref().ok_or_else(no_model)?;
        let o = Obj::new(Some(value), path, &["id", "name", "roles"])?;
        let id = o.text("id")?;
        if self.by_id.get(&id).is_some() {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                o.field("id"),
                msg!("account ", Quoted(&id), " is saved twice"),
            ));
        }
        let mut account = Account {
            id: id.clone(),
            name: o.opt_text("name")?,
            roles: empty(model.roles.len()),
        };
        for (i, item) in o.opt_array("roles")?.unwrap_or_default().iter().enumerate() {
            let rpath = element(&o.field("roles"), i);
            let ro = Obj::new(
                Some(item),
                &rpath,
                &["role", "maturity", "canvas", "metrics"],
            )?;
            let role_id = ro.text("role")?;
            let r = model
                .role_index(&role_id)
                .ok_or_else(|| unknown(ro.field("role"), "role", &role_id))?;
            let role = &model.roles[r];
            let level = ro.finite("maturity")?;
            if level.fract() != 0.0 || level < 1.0 || level > role.maturity.len() as f64 {
                return Err(invalid(
                    ro.field("maturity"),
                    "must be a level of the role's maturity model",
                    &Value::Number(level),
                ));
            }
            let notes = match ro.get("canvas") {
                Some(v) => Notes::from_value(v, &ro.field("canvas"))?,
                None => Notes::default(),
            };
            let mut metrics: Vec<MetricState> = empty(role.metrics.len());
            let mut seen = vec![false; role.metrics.len()];
            for (j, mv) in ro
                .opt_array("metrics")?
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let mpath = element(&ro.field("metrics"), j);
                let (m, state) = load_metric(role, mv, &mpath)?;
                if std::mem::replace(&mut seen[m], true) {
                    return Err(Error::new(
                        ErrorCode::DuplicateId,
                        join(&mpath, "metric"),
                        "a metric is saved twice for this role",
                    ));
                }
                metrics[m] = state;
            }
            if account.roles[r].is_some() {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    ro.field("role"),
                    "a role is saved twice for this account",
                ));
            }
            account.roles[r] = Some(Instance {
                maturity: level as usize,
                metrics,
                notes,
            });
        }
        self.accounts.push(account);
        self.by_id.insert(id, self.accounts.len() - 1);
        Ok(())
    }
}
