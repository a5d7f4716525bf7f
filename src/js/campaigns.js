// Survey campaigns: which campaign to show now and why (the `policy` and
// `results` cargo features, part of the in-app module). Every prompt goes
// through the survey policy (policy.js), so campaigns share its state.
import * as core from './wasm/clg_metrics.js';
import { assertReady } from './ready.js';
import { plain, settled } from './input.js';
import { stateArgument } from './policy-state.js';
import { CAMPAIGN_LIMITS } from './limits.js';

/**
 * The frozen copy `checkCampaigns` returned last. The core remembers what
 * it holds (src/wasm/campaigns.rs), so handed back (as the SDK does on
 * every tracked event) it crosses as it is and is not read again. Any
 * other list is copied and read.
 */
let checkedCampaigns;

export function checkCampaigns(campaigns, policy) {
  assertReady();
  const copy = plain(campaigns, 'campaigns', CAMPAIGN_LIMITS);
  const frozen = deepFreeze(copy);
  const checked = core.checkCampaigns(...settled(copy, plain(policy, 'policy')));
  checkedCampaigns = frozen ? checked : undefined;
  return checked;
}

function campaignList(campaigns) {
  return campaigns !== undefined && campaigns === checkedCampaigns ? campaigns : plain(campaigns, 'campaigns', CAMPAIGN_LIMITS);
}

/**
 * Freezes a plain copy throughout; false when it holds a typed array (which
 * cannot be frozen, and may share its buffer): then it is not kept.
 */
function deepFreeze(value) {
  if (typeof value !== 'object' || value === null) return true;
  if (ArrayBuffer.isView(value)) return false;
  let all = true;
  for (const item of Object.values(value)) all = deepFreeze(item) && all;
  Object.freeze(value);
  return all;
}

export function campaignTriggers(campaigns, occurrence) {
  assertReady();
  return core.campaignTriggers(...settled(campaignList(campaigns), plain(occurrence, 'occurrence')));
}

export function campaignDecision(campaigns, context, policy, state) {
  assertReady();
  return core.campaignDecision(
    ...settled(campaignList(campaigns), plain(context, 'context'), plain(policy, 'policy'), stateArgument(state, 'state')),
  );
}
