import { isSlug } from './ids.ts';

/** Network facts and the network's membership register share one stream: their invariants meet there. */
export const networkStream = (networkId: string): string => `network-${networkId}`;
export const organisationStream = (organisationId: string): string =>
  `organisation-${organisationId}`;
export const projectStream = (projectId: string): string => `project-${projectId}`;

export type StreamCategory = 'network' | 'organisation' | 'project';

export const STREAM_CATEGORIES: readonly StreamCategory[] = ['network', 'organisation', 'project'];

/** Splits `network-afil` into its category and id; `null` for any other stream name. */
export const parseStreamId = (
  streamId: string,
): { readonly category: StreamCategory; readonly id: string } | null => {
  for (const category of STREAM_CATEGORIES) {
    const prefix = `${category}-`;
    if (streamId.startsWith(prefix)) {
      const id = streamId.slice(prefix.length);
      return isSlug(id) ? { category, id } : null;
    }
  }
  return null;
};
