// Types of clg-metrics/widgets/role-goals: importing it registers <clg-role-goals> (and the <clg-goal-progress> it shows).
export { RoleGoals } from '../elements.js';
import type { GoalProgress, RoleGoals } from '../elements.js';

declare global {
  interface HTMLElementTagNameMap {
    'clg-role-goals': RoleGoals;
    'clg-goal-progress': GoalProgress;
  }
}
