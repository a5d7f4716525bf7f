// Types of clg-metrics/widgets/prompt-host: importing it registers <clg-prompt-host> (and the survey prompts and check-in it opens).
export { PromptHost } from '../elements.js';
import type { CesPrompt, CheckIn, CsatPrompt, NpsPrompt, PromptHost } from '../elements.js';

declare global {
  interface HTMLElementTagNameMap {
    'clg-prompt-host': PromptHost;
    'clg-nps-prompt': NpsPrompt;
    'clg-ces-prompt': CesPrompt;
    'clg-csat-prompt': CsatPrompt;
    'clg-check-in': CheckIn;
  }
}
