// `clg-metrics/sdk` for browsers and bundlers: the in-app client.
import * as lib from '../in-app/index.js';
import { createClient as create } from './client.js';

export { SURVEY_SHOWN_EVENT } from './client.js';

/** See index.d.ts. */
export function createClient(options) {
  return create(lib, () => crypto.randomUUID(), options);
}
