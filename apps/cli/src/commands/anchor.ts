import { Anchorer } from '@ledger/event-store';
import { type Command, FORMAT_OPTION, outputFormat, writeOut } from '../cli.ts';
import { withStore } from '../store.ts';

export const anchorCommand: Command = {
  name: 'anchor',
  summary: 'anchor the log now: commit to a digest of every event so far (docs/audit.md)',
  help: `Usage: pnpm ledger anchor [options]

Appends an anchor to the log (stream ledger-anchors): the digest of every event before it, in
order, so that altering, removing, reordering or re-dating any of them is detected by "pnpm
ledger verify". The projector service anchors the log on its own (every 1,000 events, or every
minute with new events); this anchors it now, e.g. after an import. Nothing is appended when no
event arrived since the last anchor.

Options:
  --format text|json   a line of text (default) or one JSON object on stdout
  -h, --help           this help`,
  options: { ...FORMAT_OPTION },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, context) {
    const format = outputFormat(values.format);
    const anchored = await withStore(context.env(), (store) => new Anchorer(store).anchor());
    if (format === 'json') {
      await writeOut(context.stdout, `${JSON.stringify({ anchored })}\n`);
      return;
    }
    await writeOut(
      context.stdout,
      anchored === null
        ? 'anchor: nothing to anchor, no event arrived since the last anchor\n'
        : `anchor: anchored ${anchored.data.count.toLocaleString('en-US')} events at position ${anchored.position} (digest ${anchored.data.digest})\n`,
    );
  },
};
