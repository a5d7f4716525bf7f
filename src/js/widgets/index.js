// clg-metrics/widgets: drop-in custom elements. Importing this module
// registers them (once); an app that only computes scores never loads it.
import { CheckIn } from './check-in.js';
import { GoalProgress } from './goal-progress.js';
import { PromptHost } from './prompt-host.js';
import { RoleGoals } from './role-goals.js';
import { Scorecard } from './scorecard.js';
import { CesPrompt, CsatPrompt, NpsPrompt } from './survey-prompt.js';

export { configureWidgets } from './element.js';
export { registerLocale } from './i18n.js';
export { MIN_ELAPSED, paceState } from './pace.js';
export { CesPrompt, CheckIn, CsatPrompt, GoalProgress, NpsPrompt, PromptHost, RoleGoals, Scorecard };

const elements = {
  'clg-nps-prompt': NpsPrompt,
  'clg-ces-prompt': CesPrompt,
  'clg-csat-prompt': CsatPrompt,
  'clg-goal-progress': GoalProgress,
  'clg-role-goals': RoleGoals,
  'clg-scorecard': Scorecard,
  'clg-check-in': CheckIn,
  'clg-prompt-host': PromptHost,
};
for (const [name, element] of Object.entries(elements)) {
  if (!customElements.get(name)) customElements.define(name, element);
}
