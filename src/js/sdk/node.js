// `clg-metrics/sdk` in Node (tests, server-side rendering): the same client;
// IndexedDB is absent there, so `storage: 'indexeddb'` falls back to memory
// and says so through onError.
import { randomUUID } from 'node:crypto';
import * as lib from '../in-app/node.js';
import { createClient as create } from './client.js';

export { SURVEY_SHOWN_EVENT } from './client.js';

/** See index.d.ts. */
export function createClient(options) {
  return create(lib, randomUUID, options);
}
