// Types of clg-metrics/widgets/goal-progress: importing it registers <clg-goal-progress>.
export { GoalProgress } from '../elements.js';
export type { GoalProgressStatus } from '../elements.js';
import type { GoalProgress } from '../elements.js';

declare global {
  interface HTMLElementTagNameMap {
    'clg-goal-progress': GoalProgress;
  }
}
