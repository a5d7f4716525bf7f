// Types of clg-metrics/widgets. Importing the module registers the custom
// elements <clg-nps-prompt>, <clg-ces-prompt>, <clg-csat-prompt>,
// <clg-goal-progress>, <clg-role-goals>, <clg-scorecard>, <clg-check-in> and
// <clg-prompt-host>.
export * from './elements.js';
import type { CesPrompt, CheckIn, CsatPrompt, GoalProgress, NpsPrompt, PromptHost, RoleGoals, Scorecard } from './elements.js';

declare global {
  interface HTMLElementTagNameMap {
    'clg-nps-prompt': NpsPrompt;
    'clg-ces-prompt': CesPrompt;
    'clg-csat-prompt': CsatPrompt;
    'clg-goal-progress': GoalProgress;
    'clg-role-goals': RoleGoals;
    'clg-scorecard': Scorecard;
    'clg-check-in': CheckIn;
    'clg-prompt-host': PromptHost;
  }
}
