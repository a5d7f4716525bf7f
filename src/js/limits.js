// The documented size limits of every input (README, "Input limits").
// Input over a limit is a RangeError with code TOO_LARGE, raised before
// anything is allocated for it. WebAssembly memory never shrinks, so these
// bound what one call can make the module keep.

export const LIMITS = Object.freeze({
  /** Elements of a score or number array / typed array (nps, csat, mrr, trackBatch...). */
  values: 10_000_000,
  /** Elements of any other array (responses, accounts, records, props...). */
  items: 1_000_000,
  /** Array elements and object properties read in one call, all levels together. */
  total: 10_000_000,
  /** Bytes of the typed arrays inside one argument, all levels together (one used many times counts each time). */
  bytes: 512 * 1024 * 1024,
  /** Nesting of arrays and objects (a cycle ends here). */
  depth: 32,
  /** Characters of a string inside an argument (ids, names, comments...). */
  text: 1_000_000,
  /** Characters of all the strings of one argument together (as much as its JSON text may hold). */
  chars: 128_000_000,
  /** Characters of saved state passed as a JSON string (`fromJSON`, `load`). */
  json: 128_000_000,
  /** Snapshots per account for `CompanyData.fromSnapshots` (periods + 1). */
  snapshots: 10_001,
  /** Periods of `CompanyData.fromRecords`. */
  periods: 10_000,
  /** MRR values (accounts x snapshots, accounts x periods) of company data. */
  mrr: 4_000_000,
  /** Prompts in each list of survey-policy state (MAX_STATE_ENTRIES in src/hygiene/mod.rs). */
  policyEntries: 100_000,
  /** Roles of a results model, metrics of a role, levels of a maturity scale (or points of a metric's scale). */
  roles: 100,
  metrics: 100,
  levels: 100,
  /** Metrics of a results model, all roles together. */
  modelMetrics: 1_000,
  /** Attributes a survey trend groups by (`surveyTrend`'s `groupBy`; MAX_GROUP_BY in src/input/survey.rs). */
  groupBy: 16,
  /** Campaigns in one list (`checkCampaigns`, `campaignTriggers`, `campaignDecision`). */
  campaigns: 100,
  /** Characters of a route the app reports (`client.route`; MAX_ROUTE in src/campaigns/mod.rs). */
  route: 2_048,
});

/** The campaign list's own length (the core checks it too, and every list inside a campaign). */
export const CAMPAIGN_LIMITS = Object.freeze({ '': LIMITS.campaigns });

/** Array limits inside a results model, by path (see `plain` in input.js). */
export const MODEL_LIMITS = Object.freeze({
  roles: LIMITS.roles,
  'roles[].metrics': LIMITS.metrics,
  'roles[].maturity': LIMITS.levels,
  'roles[].metrics[].collection.scale': LIMITS.levels,
});

/** The same inside saved results state. */
export const STATE_LIMITS = Object.freeze(
  Object.fromEntries(Object.entries(MODEL_LIMITS).map(([path, limit]) => [`model.${path}`, limit])),
);
