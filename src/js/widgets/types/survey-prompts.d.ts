// Types of clg-metrics/widgets/survey-prompts: importing it registers <clg-nps-prompt>, <clg-ces-prompt> and <clg-csat-prompt>.
export { NpsPrompt, CesPrompt, CsatPrompt, SurveyPrompt } from '../index.js';
