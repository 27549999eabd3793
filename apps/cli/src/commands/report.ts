import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { EventStore } from '@ledger/event-store';
import {
  checkKnownAt,
  checkValidDate,
  createProjector,
  ecosystemReport,
  openReadStore,
  REPORT_FORMATS,
  type ReadStore,
  ReadStoreUnavailableError,
  type ReportFormat,
  ReportInputError,
  ReportUnavailableError,
  readStoreFile,
  renderReport,
  reportProjections,
} from '@ledger/read-models';
import { type CliContext, type Command, writeOut } from '../cli.ts';
import type { CliEnv } from '../env.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { withStore } from '../store.ts';

/** Both stores a read-side command works on: the log and the read models beside it. */
export interface ReadSide {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
}

/**
 * Opens the configured event store and its read store (`<dataDir>/read/read-models.sqlite`),
 * runs `work`, and closes both. Store failures, and the engine's refusals, become the CLI's exit
 * codes: a read store that cannot be opened or a model not built is 3, a refused argument 2.
 */
export const withReadSide = <T>(env: CliEnv, work: (side: ReadSide) => Promise<T>): Promise<T> =>
  withStore(env, async (eventStore) => {
    let readStore: ReadStore;
    try {
      readStore = openReadStore({ file: readStoreFile(env.dataDir) });
    } catch (error) {
      throw new CliError(EXIT.unavailable, (error as Error).message, { cause: error });
    }
    try {
      return await work({ eventStore, readStore });
    } catch (error) {
      if (error instanceof ReportInputError) {
        throw usageError(`${optionName(error.field)} ${error.reason}`);
      }
      if (error instanceof ReportUnavailableError || error instanceof ReadStoreUnavailableError) {
        throw new CliError(EXIT.unavailable, error.message, { cause: error });
      }
      throw error;
    } finally {
      readStore.close();
    }
  });

/** The engine names its arguments in camelCase; the user typed the kebab-case option. */
const optionName = (field: string): string =>
  field.startsWith('--') ? field : `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** A report argument checked with the engine's own rules, refused as a usage error naming it. */
const checked = <T>(check: () => T): T => {
  try {
    return check();
  } catch (error) {
    if (error instanceof ReportInputError) throw usageError(error.message);
    throw error;
  }
};

export const requiredDate = (value: unknown, option: string): string => {
  if (value === undefined) {
    throw usageError(`${option} is required: a calendar date YYYY-MM-DD (e.g. 2019-12-31)`);
  }
  return checked(() => checkValidDate(value, option));
};

/** `--known-at`, normalised to UTC; `undefined` when not given. */
export const optionalKnownAt = (value: unknown): string | undefined =>
  value === undefined ? undefined : checked(() => checkKnownAt(value, '--known-at', new Date()));

export const reportFormat = (value: unknown): ReportFormat => {
  if ((REPORT_FORMATS as readonly unknown[]).includes(value)) return value as ReportFormat;
  throw usageError(`--format must be ${REPORT_FORMATS.join(' or ')}, got "${String(value)}"`);
};

/**
 * Without a projector service keeping them current, the report models may be missing, of an
 * older version or behind the log: bring them to the head first, so a report always describes
 * the whole log. Safe beside a running service: neither applies an event twice.
 */
export const catchUpReportModels = async (
  { eventStore, readStore }: ReadSide,
  context: CliContext,
  command: string,
): Promise<void> => {
  const head = await eventStore.headPosition();
  const stale = reportProjections.filter((projection) => {
    const live = readStore.checkpoint('live', projection.name);
    return (
      live === undefined ||
      live.version !== projection.version ||
      (head !== null && live.position < head)
    );
  });
  if (stale.length === 0) return;
  context.stderr.write(
    `ledger ${command}: the read models ${stale.map((projection) => projection.name).join(', ')} are not built or behind the log (is the projector running?); catching up first\n`,
  );
  const projector = createProjector({ readStore, eventStore, projections: reportProjections });
  projector.prepare();
  await projector.build();
  await projector.catchUp();
  context.stderr.write(`ledger ${command}: read models caught up to position ${head ?? 'none'}\n`);
};

/** Writes a rendered report to stdout, or to `--out` (resolved from the caller's directory). */
export const emit = async (
  text: string,
  out: string | undefined,
  env: CliEnv,
  context: CliContext,
  command: string,
): Promise<void> => {
  if (out === undefined) {
    await writeOut(context.stdout, text);
    return;
  }
  const file = resolve(env.callerDir, out);
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new CliError(
      EXIT.unavailable,
      `cannot write --out "${file}": ${(error as Error).message}`,
      { cause: error },
    );
  }
  context.stderr.write(`ledger ${command}: wrote ${file}\n`);
};

export const REPORT_OPTIONS = {
  'known-at': { type: 'string' },
  format: { type: 'string', default: 'json' },
  out: { type: 'string' },
} as const;

export const REPORT_OPTIONS_HELP = `  --known-at T         as the ledger knew it at T, an ISO-8601 timestamp with Z or an offset
                       (e.g. 2026-06-01T12:00:00Z), not in the future; default: everything
                       recorded so far
  --format json|csv    JSON (default) or CSV, on stdout alone; progress goes to stderr
  --out FILE           write it to FILE instead of stdout
  -h, --help           this help`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'the ecosystem on a day: networks, members, census, active projects (JSON or CSV)',
  help: `Usage: pnpm ledger report --valid-at YYYY-MM-DD [options]

The ecosystem on the day --valid-at: per network its members by category (from the membership
register's validity intervals), the latest census dated on or before the day, and the funded
projects active that day, with totals. Every report carries validAt, knownAt, position (how many
events of the log it includes: the same on every store) and hash (sha256 of its content): the same
arguments give the same bytes, on the embedded store and on EventStoreDB alike.

Reads the read models; when they are missing or behind the log (no projector running), it brings
them up to date first, saying so on stderr.

Options:
  --valid-at D         the day described, YYYY-MM-DD, from 1900-01-01 to 2099-12-31 (required)
${REPORT_OPTIONS_HELP}`,
  options: { 'valid-at': { type: 'string' }, ...REPORT_OPTIONS },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, context) {
    const validAt = requiredDate(values['valid-at'], '--valid-at');
    const knownAt = optionalKnownAt(values['known-at']);
    const format = reportFormat(values.format);
    const env = context.env();
    const text = await withReadSide(env, async (side) => {
      if (knownAt === undefined) await catchUpReportModels(side, context, 'report');
      const report = await ecosystemReport({ ...side, validAt, knownAt });
      return renderReport(report, format);
    });
    await emit(text, values.out as string | undefined, env, context, 'report');
  },
};
