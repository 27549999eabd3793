import { type Command, writeOut } from '../cli.ts';
import { usageError } from '../errors.ts';
import { generateHistory } from '../generate/generator.ts';

const LINES_PER_WRITE = 1_000;

const positiveInteger = (value: unknown, option: string): number => {
  const text = String(value ?? '');
  if (!/^\d+$/.test(text.replaceAll('_', '')) || Number(text.replaceAll('_', '')) < 1) {
    throw usageError(`${option} must be a whole number, 1 or more, not "${text}"`);
  }
  return Number(text.replaceAll('_', ''));
};

export const generateCommand: Command = {
  name: 'generate',
  summary: 'write a reproducible synthetic history (JSON Lines) to stdout, for load and benchmarks',
  help: `Usage: pnpm ledger generate --events N [--seed S] > file.jsonl

Writes N ledger-event/1 lines: synthetic networks and organisations, joins, leaves, category
changes, censuses, corrections, backdated facts and projects across many networks, in an order
the importer admits. The same N and S always give the same bytes. Every event carries
metadata.synthetic = true and source "synthetic:generate --seed S"; every id is a
"synthetic-…" slug, so generated data can never pass for the real dataset.

Options:
  --events N    how many events (required; 1_000_000 is fine)
  --seed S      any text; default 1
  -h, --help    this help`,
  options: { events: { type: 'string' }, seed: { type: 'string', default: '1' } },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, context) {
    if (values.events === undefined) throw usageError('--events N is required');
    const events = positiveInteger(values.events, '--events');
    const seed = String(values.seed);
    let chunk: string[] = [];
    for (const line of generateHistory({ events, seed })) {
      chunk.push(line);
      if (chunk.length === LINES_PER_WRITE) {
        await writeOut(context.stdout, `${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    if (chunk.length > 0) await writeOut(context.stdout, `${chunk.join('\n')}\n`);
  },
};
