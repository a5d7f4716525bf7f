// Types of clg-metrics/widgets/goal-progress: importing it registers <clg-goal-progress>.
export { GoalProgress } from '../index.js';
export type { GoalProgressStatus } from '../index.js';
