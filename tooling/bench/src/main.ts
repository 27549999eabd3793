/**
 * `pnpm bench`: runs every benchmark of the workspace one after the other (they would disturb
 * each other's figures if run together), shows their progress as they go, and writes
 * docs/benchmarks.md with the figures, the ratios, the machine and the date.
 * `pnpm bench -- store api` runs only the named ones.
 */
import { spawn } from 'node:child_process';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';
import { type BenchRun, benchmarksMarkdown } from './report.ts';

const BENCHES = [
  {
    name: 'store',
    filter: '@ledger/event-store',
    script: 'bench:store',
    about:
      'The embedded event store against raw SQLite: batched and single appends, multi-stream appends, full-log reads, and a 1,000,000-event log against an empty one.',
  },
  {
    name: 'import',
    filter: '@ledger/cli',
    script: 'bench:import',
    about:
      "Importing a generated 1,000,000-event file against the store's raw batched-append rate; peak memory.",
  },
  {
    name: 'projector',
    filter: '@ledger/read-models',
    script: 'bench:projector',
    about:
      'Full rebuild of every read model against reading and decoding the log; valid-time and known-at report latency on 1,000,000 events.',
  },
  {
    name: 'api',
    filter: '@ledger/api',
    script: 'bench:api',
    about:
      'The ecosystem overview and a membership page under concurrent load, against a bare node:http JSON endpoint.',
  },
  {
    name: 'web',
    filter: '@ledger/web',
    script: 'bench:web',
    about:
      'The overview page in headless Chromium: JavaScript transferred (gzip) and first contentful paint, against a bare static page.',
  },
] as const;

const workspaceRoot = (): string => {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('pnpm bench: cannot find the workspace root (pnpm-workspace.yaml)');
    dir = parent;
  }
  return dir;
};

const run = (root: string, bench: (typeof BENCHES)[number]): Promise<BenchRun> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('pnpm', ['--filter', bench.filter, 'run', bench.script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        name: bench.name,
        command: `pnpm bench:${bench.name}`,
        about: bench.about,
        exitCode: code ?? 1,
        seconds: (performance.now() - started) / 1000,
        stdout,
      });
    });
  });

const wanted = process.argv.slice(2).filter((arg) => arg !== '--');
const unknown = wanted.filter((name) => !BENCHES.some((bench) => bench.name === name));
if (unknown.length > 0) {
  process.stderr.write(
    `pnpm bench: unknown benchmark ${unknown.map((name) => `"${name}"`).join(', ')} (benchmarks: ${BENCHES.map((b) => b.name).join(', ')})\n`,
  );
  process.exit(2);
}

const root = workspaceRoot();
const selected = BENCHES.filter((bench) => wanted.length === 0 || wanted.includes(bench.name));
const runs: BenchRun[] = [];
for (const [index, bench] of selected.entries()) {
  process.stderr.write(`\n[${index + 1}/${selected.length}] pnpm bench:${bench.name}\n`);
  runs.push(await run(root, bench));
}
const cpu = cpus();
const markdown = benchmarksMarkdown(
  runs,
  {
    cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.versions.node,
  },
  new Date(),
);
const target = join(root, 'docs', 'benchmarks.md');
writeFileSync(`${target}.tmp`, markdown);
renameSync(`${target}.tmp`, target);
process.stderr.write(`\npnpm bench: wrote ${target}\n`);
process.exitCode = runs.some((result) => result.exitCode !== 0) ? 1 : 0;
