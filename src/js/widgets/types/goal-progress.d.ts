// Types of clg-metrics/widgets/goal-progress: importing it registers <clg-goal-progress>.
export { GoalProgress } from '../index.js';
