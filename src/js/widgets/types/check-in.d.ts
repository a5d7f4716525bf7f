// Types of clg-metrics/widgets/check-in: importing it registers <clg-check-in>.
export { CheckIn } from '../elements.js';
import type { CheckIn } from '../elements.js';

declare global {
  interface HTMLElementTagNameMap {
    'clg-check-in': CheckIn;
  }
}
