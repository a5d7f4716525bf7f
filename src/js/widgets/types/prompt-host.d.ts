// Types of clg-metrics/widgets/prompt-host: importing it registers <clg-prompt-host> (and the survey prompts and check-in it opens).
export { PromptHost } from '../index.js';
