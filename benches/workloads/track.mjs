// client.track(): the amortised cost of recording one app event (buffering,
// batching into outbox items, the outbox cap), 1 000 events per run, then
// reset() so that memory stays flat; against pushing the same events (name,
// time, a copy of the props) to an array (parallel arrays of the three
// are no faster). storage: 'memory' because Node has no
// IndexedDB (and the benchmark measures track(), not the asynchronous
// storage write). The client's batches reach storage only after the
// timed, synchronous run (and reset() drops them), so check() holds the
// plain record against the events given: every one, in order, its props
// copied, stamped during the run.
import { appEvents } from '../harness.mjs';

const EVENTS = 1_000;
const { createClient } = await import(typeof window === 'undefined' ? 'clg-metrics/sdk' : '/dist/sdk/index.js');
const client = await createClient({ accountId: 'bench', userId: 'bench', role: 'admin', storage: 'memory', maxOutboxItems: 1_000_000 });
const events = appEvents(EVENTS, 11);

export default {
  name: `track(), ${EVENTS} events (ns/event = ms x 1000)`,
  setup() {
    return events;
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
    return buffer;
  },
  check(accepted, buffer) {
    if (accepted !== events.length || !Array.isArray(buffer) || buffer.length !== accepted) {
      throw new Error(`track accepted ${accepted} of ${events.length} events, the array took ${buffer.length}`);
    }
    const now = Date.now();
    events.forEach((e, i) => {
      const { name, at, props } = buffer[i];
      const copied = props !== e.props && JSON.stringify(props) === JSON.stringify(e.props);
      if (name !== e.name || !copied || !(at <= now && at > now - 60_000)) {
        throw new Error(`event ${i}: recorded ${name} at ${at} ${JSON.stringify(props)}, tracked ${e.name} ${JSON.stringify(e.props)}`);
      }
    });
  },
};
