import { createHash } from 'node:crypto';
import type { Projection } from './projection.ts';
import { builtInProjections } from './projections/index.ts';
import type { ReadStore } from './readStore.ts';

/**
 * A digest of each live read model's content: every row of every table, in a fixed order. Two
 * stores built from the same log by the same code have the same digests, however the builds were
 * interrupted, batched or resumed.
 */
export function readModelDigests(
  store: ReadStore,
  projections: readonly Projection[] = builtInProjections,
): Record<string, string> {
  return store.read(() =>
    Object.fromEntries(
      projections.map((projection) => {
        const hash = createHash('sha256');
        for (const table of projection.tables) {
          hash.update(`table ${table.name}\n`);
          if (!store.hasView(table.name)) continue;
          const columns = store
            .all(`SELECT name FROM pragma_table_info('${table.name}')`)
            .map((row) => `"${String(row.name)}"`);
          for (const row of store.all(
            `SELECT * FROM "${table.name}" ORDER BY ${columns.join(', ')}`,
          )) {
            hash.update(`${JSON.stringify(Object.values(row))}\n`);
          }
        }
        return [projection.name, hash.digest('hex')];
      }),
    ),
  );
}
