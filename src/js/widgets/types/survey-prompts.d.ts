// Types of clg-metrics/widgets/survey-prompts: importing it registers <clg-nps-prompt>, <clg-ces-prompt> and <clg-csat-prompt>.
export { NpsPrompt, CesPrompt, CsatPrompt, SurveyPrompt } from '../elements.js';
import type { CesPrompt, CsatPrompt, NpsPrompt } from '../elements.js';

declare global {
  interface HTMLElementTagNameMap {
    'clg-nps-prompt': NpsPrompt;
    'clg-ces-prompt': CesPrompt;
    'clg-csat-prompt': CsatPrompt;
  }
}
