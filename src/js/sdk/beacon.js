// What goes in the pagehide beacon: `navigator.sendBeacon` shares the
// page's keepalive budget (64 KiB in flight, fetch `keepalive` included) and
// its answer is never read, so a beacon is a head start, never a delivery:
// what it carries stays in the outbox until a fetch gets the collector's ack.
//
//   const body = packBeacon([...notDurableNewestFirst, ...restNewestFirst]);
//   if (body) navigator.sendBeacon(endpoint, new Blob([body.text], { type: 'text/plain;charset=UTF-8' }));
import { batchBody, utf8Length } from './sync.js';

/** Bytes a beacon may use: the 64 KiB keepalive budget less a margin for the host app's own keepalive requests. */
export const BEACON_BUDGET = 48 * 1024;

/**
 * One beacon body of the items that fit in `budget` bytes, taken in the
 * order given (put first what matters most); an item too big for what is
 * left is skipped, later smaller ones may still fit. `{ text, items }`, or
 * null when nothing fits.
 */
export function packBeacon(items, budget = BEACON_BUDGET) {
  let left = budget - utf8Length(batchBody([]));
  const chosen = [];
  for (const item of items) {
    const bytes = utf8Length(JSON.stringify(item)) + (chosen.length ? 1 : 0);
    if (bytes > left) continue;
    chosen.push(item);
    left -= bytes;
  }
  return chosen.length ? { text: batchBody(chosen), items: chosen } : null;
}

/** Queues a packed body with navigator.sendBeacon (`text/plain`: CORS-safelisted, no preflight); false when the browser refused it or has no beacon. */
export function sendBeacon(endpoint, text) {
  const send = globalThis.navigator?.sendBeacon;
  if (typeof send !== 'function') return false;
  return send.call(globalThis.navigator, endpoint, new Blob([text], { type: 'text/plain;charset=UTF-8' }));
}
