// Types of clg-metrics/widgets/role-goals: importing it registers <clg-role-goals> (and the <clg-goal-progress> it shows).
export { RoleGoals } from '../index.js';
