// Types of clg-metrics/widgets/check-in: importing it registers <clg-check-in>.
export { CheckIn } from '../index.js';
