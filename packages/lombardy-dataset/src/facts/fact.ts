import type { EventDataOf, EventType, Source } from '@ledger/domain';

/**
 * One fact of the seeds, typed by the domain's event data. Stream, id and the rest of the metadata are
 * derived when the dataset is assembled, so a fact states only what the source says and where.
 */
export type CuratedFact = {
  [T in EventType]: {
    readonly type: T;
    readonly data: EventDataOf<T>;
    readonly source: Source;
    /** How the seed was read where it needed interpreting (a derived field, a mapped label). */
    readonly reason?: string;
  };
}[EventType];

/** Facts in the order they are recorded: the dataset keeps each group's order. */
export type FactGroup = readonly CuratedFact[];
