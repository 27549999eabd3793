import { EventValidationError } from './errors.ts';
import type { AppendOptions, AppendResult, EventData, EventStore } from './port.ts';

export interface EventValidationIssue {
  /** Dotted path from the event root, e.g. `data.effectiveDate`. */
  readonly field: string;
  readonly reason: string;
}

export type EventValidationOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly issues: readonly EventValidationIssue[] };

/**
 * Judges one event about to be appended to `streamId`. The event comes first so that a
 * single-argument validator such as `@ledger/domain`'s `validateEvent` fits as it is.
 */
export type EventValidator = (
  event: EventData,
  streamId: string,
) => EventValidationOutcome | Promise<EventValidationOutcome>;

/**
 * Decorates a store so every append is validated first: if any event fails, the append throws
 * `EventValidationError` for the first failing event's first issue, and nothing is written.
 */
export function withValidation(store: EventStore, validate: EventValidator): EventStore {
  return {
    async appendToStream(
      streamId: string,
      events: readonly EventData[],
      options?: AppendOptions,
    ): Promise<AppendResult> {
      for (const event of events) {
        const outcome = await validate(event, streamId);
        if (!outcome.ok) {
          const [issue] = outcome.issues;
          throw new EventValidationError(
            String(event.type),
            issue?.field ?? '(event)',
            issue?.reason ?? 'was rejected by the validator without a reason',
          );
        }
      }
      return store.appendToStream(streamId, events, options);
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}
