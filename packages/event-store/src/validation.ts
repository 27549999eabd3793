import { EventValidationError } from './errors.ts';
import type { AppendOptions, AppendRequest, AppendResult, EventData, EventStore } from './port.ts';

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

async function checkAll(
  validate: EventValidator,
  streamId: string,
  events: readonly EventData[],
): Promise<void> {
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
}

/**
 * Decorates a store so every append is validated first: if any event fails, the append throws
 * `EventValidationError` for the first failing event's first issue, and nothing is written (in an
 * `appendMany`, nothing of any request: all are validated before the first is appended).
 */
export function withValidation(store: EventStore, validate: EventValidator): EventStore {
  return {
    capabilities: store.capabilities,
    async appendToStream(
      streamId: string,
      events: readonly EventData[],
      options?: AppendOptions,
    ): Promise<AppendResult> {
      await checkAll(validate, streamId, events);
      return store.appendToStream(streamId, events, options);
    },
    async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
      if (Array.isArray(requests)) {
        for (const request of requests) {
          if (Array.isArray(request?.events)) {
            await checkAll(validate, request.streamId, request.events);
          }
        }
      }
      return store.appendMany(requests);
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}
