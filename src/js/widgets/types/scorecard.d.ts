// Types of clg-metrics/widgets/scorecard: importing it registers <clg-scorecard>.
export { Scorecard } from '../elements.js';
import type { Scorecard } from '../elements.js';

declare global {
  interface HTMLElementTagNameMap {
    'clg-scorecard': Scorecard;
  }
}
