/**
 * What command and read-model procedures share: the command input (the domain's data schema, the
 * revision the caller saw, the citation), running a command as the signed-in user, and reading a
 * read model no older than a given log position.
 */
import { type Command, type CommandType, commandSchemas, EventMetadata } from '@ledger/domain';
import type { ReadStore } from '@ledger/read-models';
import { z } from 'zod';
import type { Identity } from './auth/users.ts';
import { apiError, commandFailureError } from './errors.ts';
import { type Context, editorProcedure } from './trpc.ts';

const REVISION_REASON =
  'must be the revision of the record you saw (a whole number, 0 or more), or null if it does not exist yet';

export const ExpectedRevision = z
  .int({ error: REVISION_REASON })
  .min(0, { error: REVISION_REASON })
  .nullable()
  .describe(
    "The revision of the record's stream the caller decided on; a command on a record that has moved on is refused with CONFLICT.",
  );

export const MinPosition = z
  .int({ error: 'must be a log position (a whole number, 0 or more)' })
  .min(0, { error: 'must be a log position (a whole number, 0 or more)' })
  .optional()
  .describe(
    "Read your writes: answer only once the read models include this log position (a command's `position`).",
  );

export const commandInput = <T extends CommandType>(type: T) =>
  z.strictObject({
    data: commandSchemas[type].shape.data,
    expectedRevision: ExpectedRevision,
    source: EventMetadata.shape.source,
    reason: EventMetadata.shape.reason,
  });

/** How a signed-in user is named in the metadata of the facts they record. */
export const actorOf = (identity: Identity): string => `user:${identity.username}`;

/**
 * An editor's command: decided on the server clock, recorded as the signed-in user, appended only
 * if the record is still at the revision the caller saw.
 */
export const commandProcedure = <T extends CommandType>(type: T) =>
  editorProcedure.input(commandInput(type)).mutation(async ({ ctx, input }) => {
    const outcome = await ctx.services.commands.execute({
      command: { type, now: ctx.services.clock().toISOString(), data: input.data } as Command,
      expectedRevision: input.expectedRevision,
      actor: actorOf(ctx.identity),
      source: input.source,
      reason: input.reason,
    });
    if (!outcome.ok) throw commandFailureError(outcome.error);
    return outcome.value;
  });

/**
 * Reads the read models, after waiting for them to reach `minPosition` when given. Results are
 * cached under `key` for as long as the read models do not move.
 */
export const readModel = async <T>(
  ctx: Context,
  request: { readonly minPosition?: number | undefined; readonly signal?: AbortSignal | undefined },
  key: string,
  compute: (store: ReadStore) => T,
): Promise<T> => {
  const { readSide } = ctx.services;
  if (request.minPosition !== undefined)
    await readSide.waitFor(request.minPosition, request.signal);
  return readSide.cached(key, () => readSide.store.read(() => compute(readSide.store)), {
    built: true,
  });
};

/** A record's revision as the event store has it now: what to send as `expectedRevision`. */
export const revisionOf = async (ctx: Context, stream: string) => ({
  stream,
  revision: await ctx.services.commands.revisionOf(stream),
});

/** The record a query found, or NOT_FOUND naming the input field that named it. */
export const orNotFound = <T>(value: T | null, field: string, id: string): T => {
  if (value === null) {
    throw apiError('NOT_FOUND', `${field} names "${id}", which is not registered`, { field });
  }
  return value;
};
