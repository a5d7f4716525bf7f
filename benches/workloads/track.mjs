// client.track(): the amortised cost of recording one app event (buffering,
// batching into outbox items, the outbox cap), 1 000 events per run, then
// reset() so that memory stays flat; against pushing the same event objects
// to an array. storage: 'memory' because Node has no IndexedDB (and the
// benchmark measures track(), not the asynchronous storage write).
import { appEvents } from '../harness.mjs';

const EVENTS = 1_000;
const { createClient } = await import(typeof window === 'undefined' ? 'clg-metrics/sdk' : '/dist/sdk/index.js');
const client = await createClient({ accountId: 'bench', userId: 'bench', role: 'admin', storage: 'memory', maxOutboxItems: 1_000_000 });

export default {
  name: `track(), ${EVENTS} events (ns/event = ms x 1000)`,
  setup() {
    return appEvents(EVENTS, 11);
  },
  clg(_lib, events) {
    let accepted = 0;
    for (let i = 0; i < events.length; i++) if (client.track(events[i].name, events[i].props)) accepted++;
    client.reset();
    return accepted;
  },
  plain(events) {
    const buffer = [];
    for (let i = 0; i < events.length; i++) buffer.push({ name: events[i].name, at: Date.now(), props: { ...events[i].props } });
    return buffer.length;
  },
  check(a, b) {
    if (a !== b) throw new Error(`track accepted ${a} events, the array took ${b}`);
  },
};
