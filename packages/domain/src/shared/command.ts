import { z } from 'zod';
import { IsoTimestamp } from './time.ts';

/**
 * A command schema: `{ type, now, data }`. `now` is the decider's only clock, so deciders stay
 * pure and replayable.
 */
export const defineCommand = <T extends string, D extends z.ZodType>(
  type: T,
  data: D,
  description: string,
) =>
  z
    .strictObject({
      type: z.literal(type),
      now: IsoTimestamp.describe('When the command is decided: the only clock the decider reads.'),
      data,
    })
    .describe(description);
