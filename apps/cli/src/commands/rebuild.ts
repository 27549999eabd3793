import {
  type BuildProgress,
  builtInProjections,
  type ProjectionError,
  rebuildProjections,
  UnknownProjectionError,
} from '@ledger/read-models';
import { type Command, FORMAT_OPTION, outputFormat, writeOut } from '../cli.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { Progress } from '../import/progress.ts';
import { withReadSide } from './report.ts';

const PROJECTION_NAMES = builtInProjections.map((projection) => projection.name);

const errorLine = (error: ProjectionError): string =>
  `${error.projection}: skipped event ${error.eventId} (${error.eventType}) at position ${error.position}: ${error.message}`;

/** Share of the log the builds have covered: the furthest-behind build against the head. */
const coveredFraction = (progress: BuildProgress): number => {
  if (progress.head === null || progress.head <= 0 || progress.builds.length === 0) return 1;
  const behind = Math.min(...progress.builds.map((build) => build.position));
  return Math.max(0, behind) / progress.head;
};

export const rebuildCommand: Command = {
  name: 'rebuild',
  summary: 'rebuild read models from the whole log beside the live ones, then swap them in',
  help: `Usage: pnpm ledger rebuild [projection...] [options]

Rebuilds the named read models (all of them when none is named) from the start of the log, in
new tables beside the live ones, and swaps each in when it has caught up: readers see the old
model or the new one, never a half-built one. Safe while the projector service runs.

Progress goes to stderr: a bar on a terminal, a plain line every tenth of the way otherwise.
Every event a model could not apply is listed on stderr, one line each.

Projections: ${PROJECTION_NAMES.join(', ')}

Options:
  --format text|json   a line of text (default) or one JSON object on stdout, with every error
  -h, --help           this help

Exit 1 when events could not be applied (the rebuilt models were swapped in without them);
exit 2 for an unknown projection name.`,
  options: { ...FORMAT_OPTION },
  positionals: { min: 0, max: PROJECTION_NAMES.length },
  async run(values, positionals, context) {
    const format = outputFormat(values.format);
    const unknown = positionals.filter((name) => !PROJECTION_NAMES.includes(name));
    if (unknown.length > 0) {
      throw usageError(
        `unknown projection${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')}; the projections are ${PROJECTION_NAMES.join(', ')}`,
      );
    }
    const names = [...new Set(positionals)];
    const chosen = names.length === 0 ? PROJECTION_NAMES : names;
    const result = await withReadSide(context.env(), async (side) => {
      const head = await side.eventStore.headPosition();
      context.stderr.write(
        `ledger rebuild: rebuilding ${chosen.join(', ')} from the start of the log (head position ${head ?? 'none: empty log'})\n`,
      );
      const progress = new Progress(context.stderr, 'rebuild', 'events');
      let read = 0;
      try {
        const rebuilt = await rebuildProjections({
          ...side,
          names,
          onProgress: (step) => {
            read += step.read;
            progress.update(read, coveredFraction(step));
          },
        });
        progress.done(read);
        return rebuilt;
      } catch (error) {
        if (error instanceof UnknownProjectionError) throw usageError(error.message);
        throw error;
      }
    });
    for (const error of result.errorList) context.stderr.write(`${errorLine(error)}\n`);
    const summary = {
      status: result.errors === 0 ? 'ok' : 'errors',
      projections: chosen,
      swapped: result.swapped,
      events: result.events,
      errors: result.errors,
      errorList: result.errorList,
    };
    await writeOut(
      context.stdout,
      format === 'json'
        ? `${JSON.stringify(summary)}\n`
        : `rebuild: swapped in ${result.swapped.length} read model${result.swapped.length === 1 ? '' : 's'} (${result.swapped.join(', ')}) after ${result.events.toLocaleString('en-US')} events; ${result.errors} error${result.errors === 1 ? '' : 's'}\n`,
    );
    if (result.errors > 0) {
      throw new CliError(
        EXIT.rejected,
        `${result.errors} event${result.errors === 1 ? '' : 's'} could not be applied (listed above); the rebuilt models were swapped in without them`,
      );
    }
  },
};
