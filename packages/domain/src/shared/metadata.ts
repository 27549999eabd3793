import { z } from 'zod';
import { Source } from './source.ts';
import { NonEmptyText } from './text.ts';

const Uuid = z.uuid({ error: 'must be a UUID' });

const Sha256 = z
  .string({ error: 'must be a SHA-256 digest' })
  .regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 digest (64 lowercase hex digits)' });

/** Written by the store, never by a client: see docs/audit.md. */
export const ChainLink = z
  .strictObject({
    v: z.literal(1, { error: 'must be 1, the only version of the hash chain' }),
    prev: Sha256.nullable().describe(
      'The link hash of the event before this one in its stream; null for the first.',
    ),
    hash: Sha256.describe(
      "The link hash: this event's stream, revision, id, type, data, metadata and `prev`.",
    ),
  })
  .describe("The event's link in its stream's hash chain (tamper evidence), set by the store.");

export const EventMetadata = z
  .strictObject({
    actor: NonEmptyText.describe(
      'Who recorded the fact: a person, or an importer such as `importer:seed-003`.',
    ),
    source: Source.describe('The citation backing the fact.'),
    reason: NonEmptyText.optional().describe(
      'Why the fact was recorded (mandatory in spirit for corrections).',
    ),
    correlationId: Uuid.optional().describe(
      'Groups the events of one business operation or import run.',
    ),
    causationId: Uuid.optional().describe('The id of the event or command that caused this one.'),
    schemaVersion: z
      .int({ error: 'must be a schema version (an integer, 1 or more)' })
      .min(1, { error: 'must be a schema version (an integer, 1 or more)' })
      .describe('Version of the event type schema the data was written with.'),
    synthetic: z
      .literal(true, { error: 'must be true when present' })
      .optional()
      .describe('Present (true) only on generated demo or test data, never on sourced facts.'),
    chain: ChainLink.optional(),
  })
  .describe('Metadata stored with every event.');
export type EventMetadata = z.infer<typeof EventMetadata>;
