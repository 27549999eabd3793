import { z } from 'zod';
import { Source } from './source.ts';
import { NonEmptyText } from './text.ts';

const Uuid = z.uuid({ error: 'must be a UUID' });

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
  })
  .describe('Metadata stored with every event.');
export type EventMetadata = z.infer<typeof EventMetadata>;
