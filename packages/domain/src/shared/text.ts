import { z } from 'zod';

export const HTTP_URL_REASON = 'must be an http or https URL';

export const HttpUrl = z
  .httpUrl({ error: HTTP_URL_REASON })
  .describe('An absolute http or https URL.');

export const NonEmptyText = z
  .string({ error: 'must be a text' })
  .trim()
  .min(1, { error: 'must not be empty' });
