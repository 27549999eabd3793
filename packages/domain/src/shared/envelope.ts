import type { EventMetadata } from './metadata.ts';

/** A domain event: its type name and its validated data. */
export interface EventShape<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

/** A domain event as stored: the store's envelope around the event and its metadata. */
export type EventEnvelope<E extends EventShape = EventShape> = E & {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly recordedAt: string;
  readonly metadata: EventMetadata;
};
