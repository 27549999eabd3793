import { parseStreamId, STREAM_CATEGORIES } from '@ledger/domain';
import { type Command, FORMAT_OPTION, outputFormat, writeOut } from '../cli.ts';
import { describeStore, withStore } from '../store.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show the store: kind, location, event count, head position, streams by category',
  help: `Usage: pnpm ledger status [options]

Reads the whole log once and reports where the store is, how many events it holds, its head
position, and how many streams of each category (network, organisation, project) it has.

Options:
  --format text|json   a few lines of text (default) or one JSON object on stdout
  -h, --help           this help`,
  options: { ...FORMAT_OPTION },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, context) {
    const format = outputFormat(values.format);
    const env = context.env();
    const store = describeStore(env);
    const report = await withStore(env, async (opened) => {
      const streams = new Map<string, string>();
      let events = 0;
      for await (const event of opened.readAll()) {
        events++;
        if (!streams.has(event.streamId)) {
          streams.set(event.streamId, parseStreamId(event.streamId)?.category ?? 'other');
        }
      }
      const byCategory: Record<string, number> = Object.fromEntries(
        [...STREAM_CATEGORIES, 'other'].map((category) => [category, 0]),
      );
      for (const category of streams.values())
        byCategory[category] = (byCategory[category] ?? 0) + 1;
      return { events, head: await opened.headPosition(), streams: streams.size, byCategory };
    });
    if (format === 'json') {
      await writeOut(
        context.stdout,
        `${JSON.stringify({ store: store.kind, location: store.location, ...report })}\n`,
      );
      return;
    }
    const categories = Object.entries(report.byCategory)
      .filter(([category, n]) => category !== 'other' || n > 0)
      .map(([category, n]) => `${n} ${category}`)
      .join(', ');
    await writeOut(
      context.stdout,
      `store:   ${store.kind} (${store.location})
events:  ${report.events.toLocaleString('en-US')} (head position ${report.head ?? 'none: empty log'})
streams: ${report.streams.toLocaleString('en-US')} (${categories})
`,
    );
  },
};
