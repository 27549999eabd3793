import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type AnchorRef,
  anchorDataOf,
  type RecordedEvent,
  verifyEvents,
} from '@ledger/event-store';
import {
  canonicalJson,
  ecosystemDiff,
  ecosystemReport,
  renderDiff,
  renderReport,
} from '@ledger/read-models';
import { type Command, FORMAT_OPTION, outputFormat, writeOut } from '../cli.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { splitCsvLine } from '../import/csv.ts';
import { withReadSide } from './report.ts';

/** What a report file claims: enough to recompute it and to find what it rests on. */
interface Claim {
  readonly format: 'json' | 'csv';
  /** The report as the file gives it: its content (JSON, receipt left out) or its bytes (CSV). */
  readonly content: string;
  readonly report: 'ecosystem' | 'diff';
  readonly arguments: Readonly<Record<string, string | null>>;
  readonly position: number;
  readonly knownAt: string;
  readonly anchor: AnchorRef | null;
  readonly hash: string;
}

const refuse = (file: string, reason: string): CliError =>
  new CliError(EXIT.rejected, `${file}: ${reason}`);

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const RECEIPT_FORMATS = ['ledger-receipt/2', 'ledger-receipt/1'];

/**
 * `embedded`: the configured store is the embedded file, whose positions count events, so a
 * receipt of format 1 (which quoted the store's positions) still reads right there.
 */
function claimOfJson(file: string, text: string, embedded: boolean): Claim {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw refuse(file, `is not JSON (${(error as Error).message})`);
  }
  const receipt = isObject(value) ? value.receipt : undefined;
  if (!isObject(receipt) || !RECEIPT_FORMATS.includes(String(receipt.format))) {
    throw refuse(file, 'carries no receipt (field receipt, format "ledger-receipt/2")');
  }
  if (receipt.format === 'ledger-receipt/1' && !embedded) {
    throw refuse(
      file,
      'its receipt (format ledger-receipt/1) gives the log position in the terms of the store that wrote it, which EventStoreDB numbers in bytes: verify it against the embedded store it was written on, or write the report again',
    );
  }
  const { report, arguments: args, position, knownAt, anchor, hash } = receipt;
  if (report !== 'ecosystem' && report !== 'diff') {
    throw refuse(file, 'receipt.report must be "ecosystem" or "diff"');
  }
  if (!isObject(args)) throw refuse(file, 'receipt.arguments must be an object');
  if (typeof position !== 'number' || typeof knownAt !== 'string') {
    throw refuse(
      file,
      'the report covers no event of the log (receipt.position is null): nothing to verify',
    );
  }
  if (typeof hash !== 'string') throw refuse(file, 'receipt.hash is missing');
  const { receipt: _receipt, ...content } = value as Record<string, unknown>;
  return {
    format: 'json',
    content: canonicalJson(content),
    report,
    arguments: args as Record<string, string | null>,
    position,
    knownAt,
    anchor: isObject(anchor) ? (anchor as unknown as AnchorRef) : null,
    hash,
  };
}

/** A CSV report or diff: its first row holds the arguments, the position and the hash. */
function claimOfCsv(file: string, text: string): Claim {
  const [header, first] = text.split('\n');
  const columns = splitCsvLine(header ?? '', ',');
  const row = first === undefined || first === '' ? null : splitCsvLine(first, ',');
  if (columns === null || row === null) {
    throw refuse(file, 'has no data row, so no receipt: verify the JSON form of the report');
  }
  const cell = (name: string): string | null => {
    const index = columns.indexOf(name);
    const value = index < 0 ? undefined : row[index];
    return value === undefined || value === '' ? null : value;
  };
  const report = columns[0] === 'valid_at' ? 'ecosystem' : columns[0] === 'from' ? 'diff' : null;
  const position = Number(cell('position'));
  const knownAt = cell('known_at');
  const hash = cell('hash');
  if (report === null || hash === null || knownAt === null || !Number.isSafeInteger(position)) {
    throw refuse(file, 'is not a report or diff CSV with known_at, position and hash columns');
  }
  return {
    format: 'csv',
    content: text,
    report,
    arguments:
      report === 'ecosystem'
        ? { validAt: cell('valid_at'), knownAt }
        : { from: cell('from'), to: cell('to'), knownAt },
    position,
    knownAt,
    anchor: null,
    hash,
  };
}

/**
 * The log up to the `position`-th event (a receipt counts events, so it reads the same on every
 * store), watching for the anchor the receipt names and noting its own count.
 */
async function* upTo(
  events: AsyncIterable<RecordedEvent>,
  position: number,
  seen: { anchor: RecordedEvent | null; anchorPosition: number | null },
  anchorId: string | undefined,
): AsyncGenerator<RecordedEvent> {
  let sequence = 0;
  for await (const event of events) {
    if (++sequence > position) return;
    if (event.id === anchorId) {
      seen.anchor = event;
      seen.anchorPosition = sequence;
    }
    yield event;
  }
}

export const verifyReportCommand: Command = {
  name: 'verify-report',
  summary: 'check a report or diff against the log: recompute it from its receipt',
  help: `Usage: pnpm ledger verify-report <file> [options]

Reads a report or diff written by "pnpm ledger report" or "pnpm ledger diff" (JSON, or CSV), takes
its receipt — the arguments, the last log position it includes, the anchor it rests on and its
content hash — and checks, against the configured store:
  1. the log up to that position verifies (hash chains and anchors, as "pnpm ledger verify");
  2. the anchor the receipt names is in the log, with the same digest;
  3. the report recomputed from the log, with the same arguments up to the same position, has
     the same content hash.

Options:
  --format text|json   a few lines of text (default) or one JSON object on stdout
  -h, --help           this help

Exits 0 when the report matches, 6 when it does not, 1 when the file carries no receipt.`,
  options: { ...FORMAT_OPTION },
  positionals: { min: 1, max: 1 },
  async run(values, positionals, context) {
    const format = outputFormat(values.format);
    const env = context.env();
    const name = positionals[0] as string;
    const file = resolve(env.callerDir, name);
    if (!existsSync(file)) throw usageError(`${file} does not exist`);
    const text = readFileSync(file, 'utf8');
    const claim = text.trimStart().startsWith('{')
      ? claimOfJson(name, text, env.store === undefined)
      : claimOfCsv(name, text);
    const outcome = await withReadSide(env, async ({ eventStore, readStore }) => {
      const seen = { anchor: null as RecordedEvent | null, anchorPosition: null as number | null };
      const log = await verifyEvents(
        upTo(eventStore.readAll(), claim.position, seen, claim.anchor?.eventId),
      );
      const source = {
        readStore,
        eventStore,
        knownAt: claim.knownAt,
        upTo: claim.position,
      };
      const recomputed =
        claim.report === 'ecosystem'
          ? await ecosystemReport({ ...source, validAt: String(claim.arguments.validAt) })
          : await ecosystemDiff({
              ...source,
              from: String(claim.arguments.from),
              to: String(claim.arguments.to),
            });
      const { receipt: _receipt, ...content } = recomputed;
      const sameContent =
        claim.format === 'json'
          ? canonicalJson(content) === claim.content
          : (claim.report === 'ecosystem'
              ? renderReport(recomputed as Awaited<ReturnType<typeof ecosystemReport>>, 'csv')
              : renderDiff(recomputed as Awaited<ReturnType<typeof ecosystemDiff>>, 'csv')) ===
            claim.content;
      const anchorData = seen.anchor === null ? null : anchorDataOf(seen.anchor.data);
      const anchorHolds =
        claim.anchor === null ||
        (seen.anchor !== null &&
          seen.anchorPosition === claim.anchor.position &&
          typeof anchorData !== 'string' &&
          anchorData?.digest === claim.anchor.digest &&
          anchorData.count === claim.anchor.count);
      return {
        logVerifies: log.ok,
        logBreak: log.firstBreak,
        events: log.events,
        anchorHolds,
        recomputedHash: recomputed.hash,
        sameContent,
      };
    });
    const matches =
      outcome.logVerifies &&
      outcome.anchorHolds &&
      outcome.recomputedHash === claim.hash &&
      outcome.sameContent;
    if (format === 'json') {
      await writeOut(
        context.stdout,
        `${JSON.stringify({ file: name, matches, claim, ...outcome })}\n`,
      );
    } else {
      const lines = [
        `${name}: ${matches ? 'MATCHES the log' : 'does NOT match the log'} (${claim.report === 'ecosystem' ? `report valid at ${claim.arguments.validAt}` : `diff from ${claim.arguments.from} to ${claim.arguments.to}`}, as known at ${claim.knownAt}, position ${claim.position})`,
        outcome.logVerifies
          ? `  the log up to position ${claim.position} verifies (${outcome.events.toLocaleString('en-US')} events)`
          : `  the log up to position ${claim.position} does NOT verify: at store position ${outcome.logBreak?.position}, stream ${outcome.logBreak?.streamId}: ${outcome.logBreak?.reason}`,
        claim.anchor === null
          ? '  the receipt names no anchor (CSV, or a report of a log not yet anchored)'
          : outcome.anchorHolds
            ? `  it rests on anchor ${claim.anchor.eventId} at position ${claim.anchor.position} (${claim.anchor.count.toLocaleString('en-US')} events), still in the log with the same digest`
            : `  the anchor it rests on, ${claim.anchor.eventId} at position ${claim.anchor.position}, is no longer in the log as it was`,
        outcome.recomputedHash === claim.hash
          ? `  recomputed from the log: the same content hash ${claim.hash}`
          : `  recomputed from the log: content hash ${outcome.recomputedHash}, not ${claim.hash}`,
        outcome.sameContent
          ? `  the file's content is exactly the recomputed report's`
          : `  the file's content differs from the recomputed report's: it was edited after it was written`,
      ];
      await writeOut(context.stdout, `${lines.join('\n')}\n`);
    }
    if (!matches) throw new CliError(EXIT.integrity, `${name} does not match the log`);
  },
};
