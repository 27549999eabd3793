import { z } from 'zod';
import { HttpUrl, NonEmptyText } from './text.ts';

export const Source = z
  .strictObject({
    document: NonEmptyText.describe(
      'The source document, e.g. the seed file name `003_b0113e97874011b2.txt` or a report title.',
    ),
    section: NonEmptyText.optional().describe(
      'Where in the document, e.g. `Lombardy Energy Cleantech Cluster > PROGETTI IN CORSO 2022`.',
    ),
    url: HttpUrl.optional().describe('Where the document can be read.'),
  })
  .describe('The citation backing a recorded fact.');
export type Source = z.infer<typeof Source>;
