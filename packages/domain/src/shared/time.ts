import { z } from 'zod';

export const IsoTimestamp = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 timestamp, e.g. 2024-05-01T09:30:00Z' })
  .describe('An ISO-8601 timestamp with a Z or numeric offset.');
export type IsoTimestamp = z.infer<typeof IsoTimestamp>;
