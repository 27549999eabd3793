import { randomUUID } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type EventCatalog, eventCatalog } from '@ledger/domain';
import { catalogMarkdown, catalogText, type VersionCounts } from '../catalog/render.ts';
import { type Command, writeOut } from '../cli.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { withStore } from '../store.ts';

const FORMATS = ['text', 'json', 'md'] as const;
type CatalogFormat = (typeof FORMATS)[number];

/** Counts the store's events by type and by the schema version in their metadata. */
async function countVersions(
  events: AsyncIterable<{ type: string; metadata: unknown }>,
): Promise<Map<string, Map<number, number>>> {
  const counts = new Map<string, Map<number, number>>();
  for await (const event of events) {
    const version = (event.metadata as { schemaVersion?: unknown } | null)?.schemaVersion;
    const key = typeof version === 'number' ? version : 0;
    let byVersion = counts.get(event.type);
    if (byVersion === undefined) {
      byVersion = new Map();
      counts.set(event.type, byVersion);
    }
    byVersion.set(key, (byVersion.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Stored events the catalog does not describe: an unknown type, or a version it cannot read. */
const uncatalogued = (catalog: EventCatalog, counts: VersionCounts) =>
  [...counts].flatMap(([type, byVersion]) => {
    const entry = catalog.events.find((candidate) => candidate.type === type);
    const known = new Set(
      entry === undefined ? [] : [entry.version, ...entry.pastVersions.map((past) => past.version)],
    );
    return [...byVersion]
      .filter(([version]) => !known.has(version))
      .map(([version, events]) => ({ type, version, events }));
  });

const render = (format: CatalogFormat, catalog: EventCatalog, counts: VersionCounts | null) => {
  if (format === 'md') return catalogMarkdown(catalog, counts);
  if (format === 'text') return catalogText(catalog, counts);
  return `${JSON.stringify({
    ...catalog,
    ...(counts === null
      ? {}
      : {
          stored: Object.fromEntries(
            [...counts].map(([type, byVersion]) => [type, Object.fromEntries(byVersion)]),
          ),
          uncatalogued: uncatalogued(catalog, counts),
        }),
  })}\n`;
};

export const catalogCommand: Command = {
  name: 'catalog',
  summary: 'list every event type: fields, types, versions, an example, and how many are stored',
  help: `Usage: pnpm ledger catalog [options]

The event catalog, generated from the domain's zod schemas: every event type with its fields
(type, required, description), its current and past schema versions, an example, and — read from
the configured store — how many events of each type and version it holds. Stored events of a type
or version the catalog does not know are listed apart (they would not read).

Options:
  --format text|json|md   a short listing (default), the catalog as JSON, or Markdown
  --no-counts             do not read the store (the catalog alone, as in docs/events.md)
  --out <file>            write to the file (replaced whole, never half-written) instead of stdout
  -h, --help              this help

docs/events.md is: pnpm ledger catalog --format md --no-counts --out docs/events.md`,
  options: {
    format: { type: 'string', default: 'text' },
    'no-counts': { type: 'boolean' },
    out: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, context) {
    const format = values.format as CatalogFormat;
    if (!FORMATS.includes(format)) {
      throw usageError(
        `--format must be one of ${FORMATS.join(', ')}, not "${String(values.format)}"`,
      );
    }
    const out = values.out;
    if (out === '') throw usageError('--out must name a file');
    const catalog = eventCatalog();
    const counts =
      values['no-counts'] === true
        ? null
        : await withStore(context.env(), (store) => countVersions(store.readAll()));
    const text = render(format, catalog, counts);
    if (typeof out === 'string') {
      // Like import's file arguments, --out is taken from where `pnpm ledger` was typed.
      const target = resolve(context.env().callerDir, out);
      const temporary = `${target}.${randomUUID()}.tmp`;
      try {
        writeFileSync(temporary, text);
        renameSync(temporary, target);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw new CliError(
          EXIT.usage,
          `--out: cannot write ${target}: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    } else {
      await writeOut(context.stdout, text);
    }
    if (counts !== null && format !== 'json') {
      for (const { type, version, events } of uncatalogued(catalog, counts)) {
        context.stderr.write(
          `ledger catalog: ${events} stored ${type} event${events === 1 ? '' : 's'} of schema version ${version} ${
            catalog.events.some((entry) => entry.type === type)
              ? 'cannot be read: the catalog has no such version'
              : `${events === 1 ? 'is' : 'are'} of a type the catalog does not know`
          }\n`,
        );
      }
    }
  },
};
