import { parseStreamId, STREAM_CATEGORIES } from '@ledger/domain';
import {
  type Lag,
  type ProjectionStatus,
  type ProjectorStatus,
  projectorStatus,
} from '@ledger/read-models';
import { type Command, FORMAT_OPTION, outputFormat, writeOut } from '../cli.ts';
import { describeStore } from '../store.ts';
import { withReadSide } from './report.ts';

const count = (n: number): string => n.toLocaleString('en-US');

const lagText = (lag: Lag): string =>
  `${lag.atLeast ? 'over ' : ''}${count(lag.events)} events, ${lag.ms === null ? '? ms' : `${count(lag.ms)} ms`}`;

const projectionLine = (projection: ProjectionStatus, width: number): string => {
  const { live, build } = projection;
  const parts = [
    projection.name.padEnd(width),
    projection.state.padEnd(8),
    live === null
      ? 'no live model'
      : `position ${live.position === null ? 'none' : count(live.position)}, lag ${lagText(live.lag)}, ${count(live.errors)} error${live.errors === 1 ? '' : 's'}`,
  ];
  if (build !== null) {
    parts.push(
      `; build v${build.version} in progress at ${build.position === null ? 'the start' : `position ${count(build.position)}`} (lag ${lagText(build.lag)}, ${count(build.errors)} error${build.errors === 1 ? '' : 's'})`,
    );
  }
  return `  ${parts.join('  ')}`.trimEnd();
};

const projectorText = (projector: ProjectorStatus, readStore: string): string => {
  const service =
    projector.service === null
      ? 'no projector service has run on it'
      : `projector service pid ${projector.service.pid}, last heartbeat ${projector.service.heartbeatAt}`;
  const width = Math.max(...projector.projections.map((projection) => projection.name.length));
  return `read store: ${readStore} (${service}; ${projector.snapshots} snapshot${projector.snapshots === 1 ? '' : 's'})
${projector.projections.map((projection) => projectionLine(projection, width)).join('\n')}
`;
};

export const statusCommand: Command = {
  name: 'status',
  summary: 'show the store (events, head, streams) and the read models: position, lag, errors',
  help: `Usage: pnpm ledger status [options]

Reads the whole log once and reports where the store is, how many events it holds, its head
position, and how many streams of each category (network, organisation, project) it has.
Then the read models (<data dir>/read/read-models.sqlite) the projector keeps: per projection its
state (live, building, outdated, missing), position, lag behind the head in events and in
milliseconds of transaction time, errors, and any rebuild in progress.

Options:
  --format text|json   a few lines of text (default) or one JSON object on stdout
  -h, --help           this help`,
  options: { ...FORMAT_OPTION },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, context) {
    const format = outputFormat(values.format);
    const env = context.env();
    const store = describeStore(env);
    const report = await withReadSide(env, async ({ eventStore: opened, readStore }) => {
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
      const head = await opened.headPosition();
      const projector = await projectorStatus({ readStore, eventStore: opened });
      return {
        events,
        head,
        streams: streams.size,
        byCategory,
        projector: { readStore: readStore.file, ...projector },
      };
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
${projectorText(report.projector, report.projector.readStore)}`,
    );
  },
};
