/**
 * Benchmark of the importer (not a test): `pnpm bench:import`.
 *
 * Generates 1,000,000 synthetic events to a file, then, each in a fresh embedded store and its own
 * child process (so peak memory is the child's own `maxRSS`):
 * 1. the store's raw batched-append rate: the same events, read from the same file, appended in
 *    batches of 1,000 with `appendToStream` to one stream, with no validation;
 * 2. for the diagnosis, raw multi-stream appends: the same events appended as the import appends
 *    them (`appendMany` of 10,000 events in file order, each to its own stream), with no
 *    validation;
 * 3. the import: `importFile`, validation and admission of every line and the appends, in one
 *    pass and one transaction, on the store as the CLI opens it (every event hash-chained).
 * Each is run five times, interleaved, the disk let settle between runs, and the median run
 * reported: on a machine shared with other work, a run of the import, on two threads, moved by
 * a second and more.
 * Targets: import rate >= 0.5 x raw rate; import peak memory < 512 MB. Each row also gives the
 * child's CPU time, which drifts less than the wall clock on a machine shared with other work.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EventData, openEmbeddedEventStore, withHashChain } from '@ledger/event-store';
import { generateHistory } from '../src/generate/generator.ts';
import { importFile } from '../src/import/importer.ts';
import { readLines } from '../src/import/lines.ts';

const [flag, mode, file, dir] = process.argv.slice(2);
/** `--events N` shrinks the run (e.g. to try the bench out); the targets are for 1,000,000. */
const EVENTS = flag === '--events' && mode !== undefined ? Number(mode) : 1_000_000;
const BATCH = 1_000;
/** The import's batch (`importFile`'s default `batchEvents`). */
const MANY_BATCH = 10_000;
const TARGET_RATIO = 0.5;
const TARGET_RSS_MB = 512;
/** Runs of each workload, interleaved: the machine is noisy. */
const ROUNDS = 5;

interface ChildResult {
  readonly events: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly maxRssMb: number;
}

const toEventData = (text: string): { stream: string; event: EventData } => {
  const line = JSON.parse(text) as EventData & { stream: string };
  return {
    stream: line.stream,
    event: { id: line.id, type: line.type, data: line.data, metadata: line.metadata },
  };
};

/** Runs in the child: one measured workload, its result as JSON on stdout. */
async function child(mode: string, file: string, dir: string): Promise<void> {
  const bare = await openEmbeddedEventStore({ file: join(dir, 'ledger.sqlite') });
  // The import runs on the store as `pnpm ledger import` opens it: hash-chained (docs/audit.md).
  const store = mode === 'import' ? withHashChain(bare) : bare;
  const started = performance.now();
  const cpu = process.cpuUsage();
  let events = 0;
  if (mode === 'import') {
    const summary = await importFile({ file, store, log: process.stderr });
    events = summary.appended;
  } else if (mode === 'raw') {
    let batch: EventData[] = [];
    let revision = -1;
    const flush = async () => {
      await store.appendToStream('bench-raw', batch, {
        expectedRevision: revision < 0 ? 'no_stream' : revision,
      });
      revision += batch.length;
      events += batch.length;
      batch = [];
    };
    for await (const { lines } of readLines(file)) {
      for (const line of lines) {
        batch.push(toEventData(line.text).event);
        if (batch.length === BATCH) await flush();
      }
    }
    if (batch.length > 0) await flush();
  } else {
    let requests: {
      streamId: string;
      events: EventData[];
      expectedRevision: number | 'no_stream';
    }[] = [];
    let inBatch = 0;
    const revisions = new Map<string, number>();
    const flush = async () => {
      await store.appendMany(requests);
      events += inBatch;
      requests = [];
      inBatch = 0;
    };
    for await (const { lines } of readLines(file)) {
      for (const line of lines) {
        const { stream, event } = toEventData(line.text);
        const last = requests.at(-1);
        const revision = revisions.get(stream);
        if (last?.streamId === stream) last.events.push(event);
        else
          requests.push({
            streamId: stream,
            events: [event],
            expectedRevision: revision ?? 'no_stream',
          });
        revisions.set(stream, (revision ?? -1) + 1);
        if (++inBatch === MANY_BATCH) await flush();
      }
    }
    if (inBatch > 0) await flush();
  }
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  await store.close();
  const result: ChildResult = {
    events,
    seconds,
    cpuSeconds: (user + system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * The Node options `pnpm ledger` runs with (package.json): a small young generation, since what
 * an import keeps is long-lived and V8 otherwise grows the nursery to 100 MB and more under its
 * allocation rate; and no allocation-site pretenuring, which, once it picked the line worker's
 * short-lived objects for the old generation (one import in four), grew its heap past 400 MB.
 * Every child gets them, baselines too.
 */
const CLI_NODE_OPTIONS = ['--max-semi-space-size=8', '--no-allocation-site-pretenuring'];

/**
 * Lets the disk settle between two children: each wrote and removed hundreds of MB, and the
 * file system's work on them (writing back, freeing) otherwise lands on the next child's fsyncs.
 * The import, run after the multi-stream appends, was 0.5-0.7 s slower for it.
 */
const settle = async (): Promise<void> => {
  execFileSync('sync');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
};

const runChild = (mode: string, file: string, dir: string): Promise<ChildResult> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...CLI_NODE_OPTIONS, fileURLToPath(import.meta.url), '--child', mode, file, dir],
      { maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${mode} child failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as ChildResult);
      },
    );
  });

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'ledger-bench-import-'));
  try {
    const file = join(root, 'history.jsonl');
    process.stderr.write(`generating ${EVENTS.toLocaleString('en-US')} events to ${file}\n`);
    const out = createWriteStream(file);
    let chunk: string[] = [];
    for (const line of generateHistory({ events: EVENTS, seed: 'bench' })) {
      chunk.push(line);
      if (chunk.length === BATCH) {
        if (!out.write(`${chunk.join('\n')}\n`)) {
          await new Promise<void>((resolve) => out.once('drain', resolve));
        }
        chunk = [];
      }
    }
    out.write(chunk.length > 0 ? `${chunk.join('\n')}\n` : '');
    await new Promise<void>((resolve) => out.end(resolve));

    // Rounds interleave the modes, so a noisy spell of the machine hits them alike; each mode's
    // median round is the one reported, and the import's peak memory is its highest.
    const runs: Record<string, ChildResult[]> = { raw: [], many: [], import: [] };
    // The file just written is still being written back: the first child must not pay for it.
    await settle();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of ['raw', 'many', 'import']) {
        process.stderr.write(`round ${round}/${ROUNDS}: ${mode} into a fresh embedded store\n`);
        const dir = mkdtempSync(join(root, `${mode}-`));
        runs[mode]?.push(await runChild(mode, file, dir));
        rmSync(dir, { recursive: true, force: true });
        await settle();
      }
    }
    const median = (of: readonly ChildResult[]): ChildResult | undefined =>
      [...of].sort((a, b) => a.seconds - b.seconds)[Math.floor(of.length / 2)];
    const results: Record<string, ChildResult | undefined> = {
      raw: median(runs.raw ?? []),
      many: median(runs.many ?? []),
      import: median(runs.import ?? []),
    };
    const rate = (r: ChildResult | undefined) => (r === undefined ? 0 : r.events / r.seconds);
    const row = (label: string, r: ChildResult | undefined) =>
      `${label.padEnd(50)}${Math.round(rate(r)).toLocaleString('en-US').padStart(10)} events/s  ${(r?.seconds ?? 0).toFixed(1).padStart(6)} s  cpu ${(r?.cpuSeconds ?? 0).toFixed(1).padStart(5)} s  peak RSS ${Math.round(r?.maxRssMb ?? 0)} MB`;
    const ratio = rate(results.import) / rate(results.raw);
    const cpuPerEvent = (r: ChildResult | undefined) =>
      r === undefined ? Number.NaN : r.cpuSeconds / r.events;
    const cpuRatio = cpuPerEvent(results.raw) / cpuPerEvent(results.import);
    const peak = Math.max(...(runs.import ?? []).map((run) => run.maxRssMb));
    const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
    process.stdout.write(
      [
        `import bench: ${EVENTS.toLocaleString('en-US')} generated events, embedded store, ${tmpdir()}; the median of ${ROUNDS} interleaved rounds (import: ${(runs.import ?? []).map((run) => `${run.seconds.toFixed(1)} s`).join(', ')})`,
        row('raw appendToStream, batches of 1,000, 1 stream', results.raw),
        row('raw appendMany, batches of 10,000 in file order', results.many),
        row('pnpm ledger import (validate, admit, append)', results.import),
        `import / raw batched rate: ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}) ${verdict(ratio >= TARGET_RATIO)}; by CPU time per event: ${cpuRatio.toFixed(2)}`,
        `  for the diagnosis: import / raw appendMany in file order (the same events, each to its own stream): ${(rate(results.import) / rate(results.many)).toFixed(2)}`,
        `import peak memory: ${Math.round(peak)} MB (target < ${TARGET_RSS_MB} MB) ${verdict(peak < TARGET_RSS_MB)}`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (flag === '--child' && mode !== undefined && file !== undefined && dir !== undefined) {
  await child(mode, file, dir);
} else {
  await main();
}
