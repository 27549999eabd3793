import { IsoTimestamp } from '@ledger/domain';
import {
  ecosystemDiff,
  ecosystemReport,
  REPORT_FORMATS,
  renderDiff,
  renderReport,
} from '@ledger/read-models';
import { z } from 'zod';
import { MinPosition } from '../procedures.ts';
import { type Context, router, viewerProcedure } from '../trpc.ts';

// Dates are checked by the report engine, as for the CLI; here they are only bounded.
const ReportDate = z
  .string({ error: 'must be a calendar date YYYY-MM-DD (e.g. 2019-12-31)' })
  .max(40, { error: 'must be a calendar date YYYY-MM-DD (e.g. 2019-12-31)' });

const KnownAt = IsoTimestamp.optional().describe(
  'Transaction time: the report as the ledger knew it at this instant (not in the future).',
);

const Format = z.enum(REPORT_FORMATS, { error: `must be one of ${REPORT_FORMATS.join(', ')}` });
const CONTENT_TYPES = { json: 'application/json', csv: 'text/csv' } as const;

let day: { readonly until: number; readonly value: string } | undefined;

/** Today (UTC) by the server clock; worked out once a second, not on every call. */
const today = (ctx: Context): string => {
  const now = ctx.services.clock();
  if (day === undefined || now.getTime() >= day.until || now.getTime() < day.until - 1_000) {
    day = { until: now.getTime() + 1_000, value: now.toISOString().slice(0, 10) };
  }
  return day.value;
};

const ecosystemReportOf = (
  ctx: Context,
  input: { readonly validAt?: string | undefined; readonly knownAt?: string | undefined },
) => {
  const { readSide, eventStore, clock } = ctx.services;
  const validAt = input.validAt ?? today(ctx);
  return readSide.cached(`report:${validAt}@${input.knownAt ?? 'now'}`, () =>
    ecosystemReport({
      readStore: readSide.store,
      eventStore,
      validAt,
      knownAt: input.knownAt,
      now: clock(),
    }),
  );
};

const ecosystemDiffOf = (
  ctx: Context,
  input: { readonly from: string; readonly to: string; readonly knownAt?: string | undefined },
) => {
  const { readSide, eventStore, clock } = ctx.services;
  return readSide.cached(`diff:${input.from}:${input.to}@${input.knownAt ?? 'now'}`, () =>
    ecosystemDiff({
      readStore: readSide.store,
      eventStore,
      from: input.from,
      to: input.to,
      knownAt: input.knownAt,
      now: clock(),
    }),
  );
};

export const reportsRouter = router({
  /** The ecosystem overview: every network on `validAt` (default today), as known now or at `knownAt`. */
  ecosystem: viewerProcedure
    .input(
      z
        .strictObject({
          validAt: ReportDate.optional(),
          knownAt: KnownAt,
          minPosition: MinPosition,
        })
        .optional(),
    )
    .query(async ({ ctx, input, signal }) => {
      if (input?.minPosition !== undefined)
        await ctx.services.readSide.waitFor(input.minPosition, signal);
      return ecosystemReportOf(ctx, input ?? {});
    }),
  /** What changed between two days, per network. */
  diff: viewerProcedure
    .input(
      z.strictObject({
        from: ReportDate,
        to: ReportDate,
        knownAt: KnownAt,
        minPosition: MinPosition,
      }),
    )
    .query(async ({ ctx, input, signal }) => {
      if (input.minPosition !== undefined)
        await ctx.services.readSide.waitFor(input.minPosition, signal);
      return ecosystemDiffOf(ctx, input);
    }),
  /**
   * The report as a file, for readers who take it elsewhere: the CLI's bytes, with the log
   * position and hash that let anyone check a copy against the ledger.
   */
  exportEcosystem: viewerProcedure
    .input(z.strictObject({ validAt: ReportDate.optional(), knownAt: KnownAt, format: Format }))
    .query(async ({ ctx, input }) => {
      const report = await ecosystemReportOf(ctx, input);
      return {
        format: input.format,
        contentType: CONTENT_TYPES[input.format],
        position: report.position,
        hash: report.hash,
        body: renderReport(report, input.format),
      };
    }),
  exportDiff: viewerProcedure
    .input(z.strictObject({ from: ReportDate, to: ReportDate, knownAt: KnownAt, format: Format }))
    .query(async ({ ctx, input }) => {
      const diff = await ecosystemDiffOf(ctx, input);
      return {
        format: input.format,
        contentType: CONTENT_TYPES[input.format],
        position: diff.position,
        hash: diff.hash,
        body: renderDiff(diff, input.format),
      };
    }),
});
