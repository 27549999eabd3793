import { eventCatalog } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { router, viewerProcedure } from '../trpc.ts';

interface Tally {
  /** The last log position counted; null before the first event. */
  position: number | null;
  readonly counts: Map<string, number>;
  /** The count in progress, which later calls wait for instead of starting their own. */
  running: Promise<void> | undefined;
}

/** One tally per store, kept up to date by counting only the events recorded since the last call. */
const tallies = new WeakMap<EventStore, Tally>();

const keyOf = (type: string, version: number) => `${type}\u0000${version}`;

/** How many events of each type and schema version (as written, before upcasting) the log holds. */
async function storedCounts(store: EventStore) {
  let tally = tallies.get(store);
  if (tally === undefined) {
    tally = { position: null, counts: new Map(), running: undefined };
    tallies.set(store, tally);
  }
  const current = tally;
  current.running ??= (async () => {
    for await (const event of store.readAll(
      current.position === null ? {} : { after: current.position },
    )) {
      const version = event.metadata.schemaVersion;
      const key = keyOf(event.type, typeof version === 'number' ? version : 0);
      current.counts.set(key, (current.counts.get(key) ?? 0) + 1);
      current.position = event.position;
    }
  })().finally(() => {
    current.running = undefined;
  });
  await current.running;
  return [...current.counts].map(([key, events]) => {
    const [type = '', version = '0'] = key.split('\u0000');
    return { type, version: Number(version), events };
  });
}

export const catalogRouter = router({
  /**
   * Every event type with its fields, types, versions and an example, generated from the domain's
   * schemas, and how many events of each type and version the log holds.
   */
  events: viewerProcedure.query(async ({ ctx }) => ({
    ...eventCatalog(),
    stored: await storedCounts(ctx.services.eventStore),
  })),
});
