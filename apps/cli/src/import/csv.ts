import { createHash } from 'node:crypto';
import { eventRegistry } from '@ledger/domain';
import { CliError, EXIT } from '../errors.ts';
import { type Candidate, isUuid, type LineReader, type ParsedLine, refuse } from './candidate.ts';
import type { Line } from './lines.ts';

/**
 * Membership lists as CSV: one row per join or leave. Column names are matched without regard to
 * case, accents, spaces or hyphens, in English or Italian (docs/interchange.md lists them).
 */
export interface CsvColumn {
  readonly name: string;
  readonly aliases: readonly string[];
  /** The event field the column fills, for error messages. */
  readonly field: string;
  readonly description: string;
}

export const CSV_COLUMNS = {
  event: {
    name: 'event',
    aliases: ['evento', 'tipo', 'type'],
    field: 'type',
    description:
      '`joined` (the default when the column is absent) or `left`; also adesione/ingresso, uscita/recesso',
  },
  network: {
    name: 'network',
    aliases: ['rete', 'network_id', 'cluster'],
    field: 'data.networkId',
    description: 'network id (slug), e.g. `afil`',
  },
  organisation: {
    name: 'organisation',
    aliases: ['organizzazione', 'organization', 'organisation_id', 'ente', 'soggetto'],
    field: 'data.organisationId',
    description: 'organisation id (slug), registered beforehand',
  },
  category: {
    name: 'category',
    aliases: ['categoria'],
    field: 'data.category',
    description:
      'for joins: company / research_organisation / other_body, or imprese / organismi di ricerca / altri enti',
  },
  effectiveDate: {
    name: 'effective_date',
    aliases: ['data', 'date', 'data_effetto', 'effective_date'],
    field: 'data.effectiveDate',
    description: 'YYYY, YYYY-MM or YYYY-MM-DD',
  },
  dateQualifier: {
    name: 'date_qualifier',
    aliases: ['qualificatore', 'qualificatore_data'],
    field: 'data.dateQualifier',
    description: 'for joins: `on` (default) or `by` (no later than); also il / entro',
  },
  reason: {
    name: 'reason',
    aliases: ['motivo', 'motivazione'],
    field: 'data.reason',
    description: 'for leaves: why the membership ended',
  },
  source: {
    name: 'source',
    aliases: ['fonte', 'documento', 'document'],
    field: 'metadata.source.document',
    description: 'the document the row is taken from',
  },
  section: {
    name: 'section',
    aliases: ['sezione'],
    field: 'metadata.source.section',
    description: 'optional: the section of the document',
  },
  url: {
    name: 'url',
    aliases: ['link'],
    field: 'metadata.source.url',
    description: 'optional: http(s) address of the document',
  },
  actor: {
    name: 'actor',
    aliases: ['autore', 'operatore'],
    field: 'metadata.actor',
    description: 'optional: who records the rows; default `importer:csv`',
  },
  id: {
    name: 'id',
    aliases: ['event_id'],
    field: 'id',
    description: 'optional: the event id (UUID); by default derived from the row content',
  },
} as const satisfies Record<string, CsvColumn>;

type ColumnKey = keyof typeof CSV_COLUMNS;

const ALWAYS_REQUIRED: readonly ColumnKey[] = [
  'network',
  'organisation',
  'effectiveDate',
  'source',
];

/**
 * Namespace of CSV row ids. Fixed forever: a row's id is derived from its content, so importing
 * the same list twice finds its rows already stored.
 */
export const CSV_NAMESPACE = '6d1f4a0e-2b7c-4f3e-9a51-8c0d2e4b7f19';

const uuidV5 = (name: string, namespace: string): string => {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const normalise = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

const HEADER_INDEX: ReadonlyMap<string, ColumnKey> = new Map(
  (Object.entries(CSV_COLUMNS) as [ColumnKey, CsvColumn][]).flatMap(([key, column]) =>
    [column.name, ...column.aliases].map((alias) => [normalise(alias), key] as const),
  ),
);

const EVENT_KINDS: ReadonlyMap<string, 'MemberJoined' | 'MemberLeft'> = new Map([
  ['joined', 'MemberJoined'],
  ['join', 'MemberJoined'],
  ['memberjoined', 'MemberJoined'],
  ['adesione', 'MemberJoined'],
  ['ingresso', 'MemberJoined'],
  ['left', 'MemberLeft'],
  ['leave', 'MemberLeft'],
  ['memberleft', 'MemberLeft'],
  ['uscita', 'MemberLeft'],
  ['recesso', 'MemberLeft'],
]);

const CATEGORIES: ReadonlyMap<string, string> = new Map([
  ['company', 'company'],
  ['impresa', 'company'],
  ['imprese', 'company'],
  ['research_organisation', 'research_organisation'],
  ['organismo_di_ricerca', 'research_organisation'],
  ['organismi_di_ricerca', 'research_organisation'],
  ['other_body', 'other_body'],
  ['altro_ente', 'other_body'],
  ['altri_enti', 'other_body'],
]);

const QUALIFIERS: ReadonlyMap<string, string> = new Map([
  ['on', 'on'],
  ['il', 'on'],
  ['by', 'by'],
  ['entro', 'by'],
]);

/** Splits one CSV record (RFC 4180 quoting, on one line). `null` when a quote is left open. */
export const splitCsvLine = (text: string, delimiter: string): string[] | null => {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += char;
      }
    } else if (char === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (char === delimiter) {
      fields.push(field.trim());
      field = '';
    } else {
      field += char;
    }
  }
  if (quoted) return null;
  fields.push(field.trim());
  return fields;
};

interface Header {
  readonly delimiter: string;
  readonly columns: ReadonlyMap<ColumnKey, number>;
}

const columnLabel = (key: ColumnKey): string => {
  const column: CsvColumn = CSV_COLUMNS[key];
  return `"${column.name}" (or ${column.aliases.map((alias) => `"${alias}"`).join(', ')})`;
};

const readHeader = (line: Line): Header => {
  // Italian spreadsheets export with semicolons, since the comma is their decimal mark.
  const delimiter = line.text.includes(';') && !line.text.includes(',') ? ';' : ',';
  const names = splitCsvLine(line.text.replace(/^\uFEFF/, ''), delimiter) ?? [];
  const columns = new Map<ColumnKey, number>();
  names.forEach((name, index) => {
    const key = HEADER_INDEX.get(normalise(name));
    if (key === undefined) {
      throw new CliError(
        EXIT.rejected,
        `line ${line.number}: column "${name}" is not a known column (see docs/interchange.md)`,
      );
    }
    if (columns.has(key)) {
      throw new CliError(
        EXIT.rejected,
        `line ${line.number}: column ${columnLabel(key)} appears twice`,
      );
    }
    columns.set(key, index);
  });
  const required = columns.has('event')
    ? ALWAYS_REQUIRED
    : [...ALWAYS_REQUIRED, 'category' as const];
  const missing = required.filter((key) => !columns.has(key));
  if (missing.length > 0) {
    throw new CliError(
      EXIT.rejected,
      `line ${line.number}: the header lacks column ${missing.map(columnLabel).join(' and column ')}`,
    );
  }
  return { delimiter, columns };
};

const FIELD_COLUMNS: ReadonlyMap<string, string> = new Map(
  Object.values(CSV_COLUMNS).map((column: CsvColumn) => [column.field, column.name]),
);

const rowToCandidate = (line: Line, header: Header): ParsedLine => {
  const values = splitCsvLine(line.text, header.delimiter);
  if (values === null) {
    return line.terminated
      ? refuse('(line)', 'has a quoted field left open (a field may not span lines)')
      : refuse('(line)', 'is cut off: the file ends inside this line');
  }
  if (values.length !== header.columns.size) {
    return refuse(
      '(line)',
      `has ${values.length} fields, the header ${header.columns.size}${line.terminated ? '' : ' (the file ends inside this line)'}`,
    );
  }
  const cell = (key: ColumnKey): string | undefined => {
    const index = header.columns.get(key);
    const value = index === undefined ? undefined : values[index];
    return value === undefined || value === '' ? undefined : value;
  };
  const kindText = cell('event');
  const type = kindText === undefined ? 'MemberJoined' : EVENT_KINDS.get(normalise(kindText));
  if (type === undefined) {
    return refuse('event', `must be "joined" or "left" (or adesione, uscita), not "${kindText}"`);
  }
  const networkId = cell('network');
  const organisationId = cell('organisation');
  const effectiveDate = cell('effectiveDate');
  let data: Record<string, unknown>;
  if (type === 'MemberJoined') {
    const category = cell('category');
    const qualifier = cell('dateQualifier');
    data = {
      networkId,
      organisationId,
      category:
        category === undefined ? undefined : (CATEGORIES.get(normalise(category)) ?? category),
      effectiveDate,
      dateQualifier:
        qualifier === undefined ? 'on' : (QUALIFIERS.get(normalise(qualifier)) ?? qualifier),
    };
  } else {
    data = { networkId, organisationId, effectiveDate, reason: cell('reason') };
  }
  const section = cell('section');
  const url = cell('url');
  const metadata = {
    actor: cell('actor') ?? 'importer:csv',
    source: {
      document: cell('source'),
      ...(section === undefined ? {} : { section }),
      ...(url === undefined ? {} : { url }),
    },
    schemaVersion: eventRegistry[type].version,
  };
  const explicitId = cell('id');
  if (explicitId !== undefined && !isUuid(explicitId)) return refuse('id', 'must be a UUID');
  const candidate: Candidate = {
    // The id is the fact itself (who joined or left what, when), so a re-import is recognised.
    id: (
      explicitId ??
      uuidV5(
        `${type}/${String(networkId)}/${String(organisationId)}/${String(effectiveDate)}`,
        CSV_NAMESPACE,
      )
    ).toLowerCase(),
    stream: `network-${String(networkId)}`,
    type,
    data: Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)),
    metadata,
  };
  return { ok: true, candidate };
};

export const csvReader = (): LineReader => {
  let header: Header | undefined;
  const parse = (line: Line): ParsedLine | null => {
    if (header === undefined) {
      header = readHeader(line);
      return null;
    }
    return rowToCandidate(line, header);
  };
  return {
    parse,
    // A row only becomes an event through its checks: rows are read again in full.
    reread(line: Line): Candidate | null {
      const parsed = parse(line);
      return parsed?.ok === true ? parsed.candidate : null;
    },
    fieldName: (field) => {
      const column = FIELD_COLUMNS.get(field);
      return column === undefined ? field : `${column} (${field})`;
    },
  };
};
