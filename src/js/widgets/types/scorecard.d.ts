// Types of clg-metrics/widgets/scorecard: importing it registers <clg-scorecard>.
export { Scorecard } from '../index.js';
