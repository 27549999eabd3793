import { ecosystemDiff, renderDiff } from '@ledger/read-models';
import type { Command } from '../cli.ts';
import { usageError } from '../errors.ts';
import {
  catchUpReportModels,
  emit,
  optionalKnownAt,
  REPORT_OPTIONS,
  REPORT_OPTIONS_HELP,
  reportFormat,
  requiredDate,
  withReadSide,
} from './report.ts';

export const diffCommand: Command = {
  name: 'diff',
  summary: 'what changed between two days: members joined/left, categories, projects, census',
  help: `Usage: pnpm ledger diff --from YYYY-MM-DD --to YYYY-MM-DD [options]

Compares the ecosystem on two days, per network: members who joined or left, members whose
category changed, projects active on one day only (started or ended), and the latest census when
it differs; with totals, knownAt, position and hash as a report has. In CSV, one row per change.

Reads the read models; when they are missing or behind the log (no projector running), it brings
them up to date first, saying so on stderr.

Options:
  --from D             the earlier day, YYYY-MM-DD, from 1900-01-01 to 2099-12-31 (required)
  --to D               the later day, on or after --from (required)
${REPORT_OPTIONS_HELP}`,
  options: { from: { type: 'string' }, to: { type: 'string' }, ...REPORT_OPTIONS },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, context) {
    const from = requiredDate(values.from, '--from');
    const to = requiredDate(values.to, '--to');
    if (from > to) throw usageError(`--from must not be after --to (${to}), got "${from}"`);
    const knownAt = optionalKnownAt(values['known-at']);
    const format = reportFormat(values.format);
    const env = context.env();
    const text = await withReadSide(env, async (side) => {
      if (knownAt === undefined) await catchUpReportModels(side, context, 'diff');
      const diff = await ecosystemDiff({ ...side, from, to, knownAt });
      return renderDiff(diff, format);
    });
    await emit(text, values.out as string | undefined, env, context, 'diff');
  },
};
