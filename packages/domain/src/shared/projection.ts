import type { DomainEvent } from '../registry.ts';
import type { EventEnvelope } from './envelope.ts';

/**
 * A pure read model over the global log. `name` and `version` identify its stored state and
 * checkpoint: bumping the version tells the runner to rebuild it from the start.
 */
export interface Projection<S> {
  readonly name: string;
  readonly version: number;
  readonly initialState: S;
  readonly apply: (state: S, event: EventEnvelope<DomainEvent>) => S;
}
