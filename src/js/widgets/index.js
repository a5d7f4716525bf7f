// clg-metrics/widgets: drop-in custom elements. Importing this module
// registers all of them (once); an app that only computes scores never
// loads it, and one that shows a few widgets imports only theirs
// (clg-metrics/widgets/goal-progress, ...: each module registers its own).
import { CheckIn } from './check-in.js';
import { GoalProgress } from './goal-progress.js';
import { PromptHost } from './prompt-host.js';
import { RoleGoals } from './role-goals.js';
import { Scorecard } from './scorecard.js';
import { CesPrompt, CsatPrompt, NpsPrompt, SurveyPrompt } from './survey-prompt.js';

export { configureWidgets } from './element.js';
export { registerLocale } from './i18n.js';
export { MIN_ELAPSED, paceState } from './pace.js';
export { CesPrompt, CheckIn, CsatPrompt, GoalProgress, NpsPrompt, PromptHost, RoleGoals, Scorecard, SurveyPrompt };
