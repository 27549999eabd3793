/**
 * The event catalog as Markdown (docs/events.md, checked in CI to be current) and as text, with
 * how many events of each type and version the configured store holds when counted.
 */
import type { CatalogField, EventCatalog } from '@ledger/domain';

/** Events in the store by type, then by the schema version they were written with. */
export type VersionCounts = ReadonlyMap<string, ReadonlyMap<number, number>>;

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const fieldTable = (fields: readonly CatalogField[]): string[] => [
  '| Field | Type | Required | Description |',
  '| --- | --- | --- | --- |',
  ...fields.map(
    (field) =>
      `| \`${field.path}\` | ${cell(field.type)} | ${field.required ? 'yes' : 'no'} | ${cell(field.description ?? '')} |`,
  ),
];

const countOf = (counts: VersionCounts | null, type: string, version: number): string =>
  counts === null ? '' : (counts.get(type)?.get(version) ?? 0).toLocaleString('en-US');

export function catalogMarkdown(catalog: EventCatalog, counts: VersionCounts | null): string {
  const lines = [
    '# Event catalog',
    '',
    '<!-- Generated from the zod schemas of @ledger/domain by `pnpm ledger catalog --format md --no-counts --out docs/events.md`. Do not edit: a test fails when it is out of date. -->',
    '',
    'Every fact the ledger records is one of these events. Each is stored in the stream',
    '`{stream}-{id}` named by its id field, with the metadata below. Events written with an older',
    'schema version are upcast to the current one when read; the catalog lists those versions too.',
    '',
    counts === null
      ? '| Event | Version | Stream | What it records |'
      : '| Event | Version | Stream | In the store | What it records |',
    counts === null ? '| --- | --- | --- | --- |' : '| --- | --- | --- | --- | --- |',
    ...catalog.events.map((entry) => {
      const versions = [...entry.pastVersions.map((past) => past.version), entry.version];
      const stored =
        counts === null
          ? ''
          : ` ${versions.map((version) => `v${version}: ${countOf(counts, entry.type, version)}`).join(', ')} |`;
      return `| [${entry.type}](#${entry.type.toLowerCase()}) | ${versions.map((v) => `v${v}`).join(', ')} | \`${entry.stream}-{${entry.idField}}\` |${stored} ${cell(entry.description ?? '')} |`;
    }),
    '',
    '## Metadata (every event)',
    '',
    ...fieldTable(catalog.metadata),
  ];
  for (const entry of catalog.events) {
    lines.push(
      '',
      `## ${entry.type}`,
      '',
      entry.description ?? '',
      '',
      `Current version **v${entry.version}**; stream \`${entry.stream}-{${entry.idField}}\`.`,
      '',
      ...fieldTable(entry.fields),
      '',
      'Example (illustrative):',
      '',
      '```json',
      JSON.stringify(entry.example, null, 2),
      '```',
    );
    for (const past of entry.pastVersions) {
      lines.push(
        '',
        `### ${entry.type} v${past.version} (read and upcast to v${entry.version})`,
        '',
        ...fieldTable(past.fields),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function catalogText(catalog: EventCatalog, counts: VersionCounts | null): string {
  const width = Math.max(...catalog.events.map((entry) => entry.type.length));
  const lines = catalog.events.map((entry) => {
    const versions = [...entry.pastVersions.map((past) => past.version), entry.version];
    const stored =
      counts === null
        ? ''
        : `  stored ${versions.map((version) => `v${version} ${countOf(counts, entry.type, version)}`).join(', ')}`;
    return `${entry.type.padEnd(width)}  v${entry.version}  ${`${entry.stream}-{${entry.idField}}`.padEnd(30)}${stored}\n  ${entry.description ?? ''}`;
  });
  return `${lines.join('\n')}\n`;
}
