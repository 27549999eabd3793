import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEDGER_FILE } from '@ledger/lombardy-dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.ts';
import { readEnv } from '../env.ts';
import { Capture, type CliRun, runLedger, tempDir } from '../testSupport.ts';
import { diffCommand } from './diff.ts';
import { rebuildCommand } from './rebuild.ts';
import { reportCommand } from './report.ts';
import { statusCommand } from './status.ts';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const DATASET_EVENTS = readFileSync(LEDGER_FILE, 'utf8')
  .split('\n')
  .filter((line) => line !== '').length;

/** The read-side commands in-process, on the embedded store in `dataDir`. */
const ledger = async (argv: readonly string[], dataDir: string): Promise<CliRun> => {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, [reportCommand, diffCommand, rebuildCommand, statusCommand], {
    stdout,
    stderr,
    env: () => readEnv({ LEDGER_DATA_DIR: dataDir, INIT_CWD: dataDir }),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
};

interface Counts {
  total: number;
  companies: number | null;
  research: number | null;
  other: number | null;
}

interface Report {
  validAt: string;
  knownAt: string | null;
  position: number | null;
  hash: string;
  totals: Record<string, number>;
  networks: {
    id: string;
    kind: string;
    members: Counts;
    census: (Counts & { date: string }) | null;
    projects: { id: string }[];
  }[];
}

/** A store seeded with the curated Lombardy dataset by the seed command; no read model built. */
const seeded = async (): Promise<string> => {
  const dir = tempDir();
  const seed = await runLedger(['seed'], dir);
  expect(seed.code).toBe(0);
  return dir;
};

describe('ledger report', () => {
  let dir: string;
  let first: CliRun;

  beforeAll(async () => {
    dir = await seeded();
    first = await ledger(['report', '--valid-at', '2022-12-31'], dir);
  });

  it('catches the read models up when none is built, saying so on stderr, and prints the report as JSON', () => {
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('catching up first');
    expect(first.stderr).toContain(`caught up to position ${DATASET_EVENTS}`);
    const report = JSON.parse(first.stdout) as Report;
    expect(Object.keys(report)).toEqual([
      'validAt',
      'knownAt',
      'position',
      'hash',
      'totals',
      'networks',
      'receipt',
    ]);
    expect(report.validAt).toBe('2022-12-31');
    expect(report.position).toBe(DATASET_EVENTS);
    expect(report.knownAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(report.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Object.keys(report.totals)).toEqual([
      'networks',
      'members',
      'companies',
      'research',
      'other',
      'projects',
    ]);
    expect(report.totals.networks).toBe(report.networks.length);
    for (const network of report.networks) {
      expect(network).toHaveProperty('members.total');
      expect(network).toHaveProperty('census');
      expect(Array.isArray(network.projects)).toBe(true);
    }
  });

  it('gives the same bytes on a rerun, with nothing on stderr once the models are current', async () => {
    const again = await ledger(['report', '--valid-at', '2022-12-31', '--format', 'json'], dir);
    expect(again).toEqual({ code: 0, stdout: first.stdout, stderr: '' });
  });

  it('shows the 2022 figures: the nine clusters’ censuses add up to 755 = 555 + 109 + 91', () => {
    const report = JSON.parse(first.stdout) as Report;
    const clusters = report.networks.filter((network) => network.kind === 'technology_cluster');
    expect(clusters).toHaveLength(9);
    const sum = (field: keyof Counts) =>
      clusters.reduce((total, network) => total + (network.census?.[field] ?? 0), 0);
    expect([sum('total'), sum('companies'), sum('research'), sum('other')]).toEqual([
      755, 555, 109, 91,
    ]);
    const programme = report.networks.find(
      (network) => network.id === 'cluster-tecnologici-lombardi',
    );
    expect(programme?.census).toMatchObject({
      date: '2022',
      total: 755,
      companies: 555,
      research: 109,
      other: 91,
    });
  });

  it('renders CSV, one row per network, the same on a rerun; --out writes the same bytes to a file', async () => {
    const csv = await ledger(['report', '--valid-at', '2022-12-31', '--format', 'csv'], dir);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'valid_at,known_at,position,hash,network_id,name,kind,members_total,companies,research,other,census_date,census_total,census_source,projects_active,project_ids',
    );
    const networks = (JSON.parse(first.stdout) as Report).networks;
    expect(lines).toHaveLength(networks.length + 1);
    expect(lines[1]?.startsWith(`2022-12-31,`)).toBe(true);
    expect(lines.some((line) => line.includes(',cluster-tecnologici-lombardi,'))).toBe(true);
    const again = await ledger(['report', '--valid-at', '2022-12-31', '--format', 'csv'], dir);
    expect(again.stdout).toBe(csv.stdout);

    const toFile = await ledger(
      ['report', '--valid-at', '2022-12-31', '--format', 'csv', '--out', 'report.csv'],
      dir,
    );
    expect(toFile.code).toBe(0);
    expect(toFile.stdout).toBe('');
    expect(toFile.stderr).toContain('report.csv');
    expect(readFileSync(join(dir, 'report.csv'), 'utf8')).toBe(csv.stdout);
  });

  it('gives an empty but valid report on a day before any fact', async () => {
    const run = await ledger(['report', '--valid-at', '1900-01-01'], dir);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report).toMatchObject({
      validAt: '1900-01-01',
      position: DATASET_EVENTS,
      totals: { networks: 0, members: 0, companies: 0, research: 0, other: 0, projects: 0 },
      networks: [],
    });
    expect(report.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const csv = await ledger(['report', '--valid-at', '1900-01-01', '--format', 'csv'], dir);
    expect(csv.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('reports as known at a time: everything once it was recorded, nothing before', async () => {
    const live = JSON.parse(first.stdout) as Report;
    const knownAt = live.knownAt as string;
    const later = await ledger(['report', '--valid-at', '2022-12-31', '--known-at', knownAt], dir);
    expect(later.code).toBe(0);
    const known = JSON.parse(later.stdout) as Report;
    expect(known).toMatchObject({ knownAt, position: DATASET_EVENTS, totals: live.totals });
    expect(known.networks).toEqual(live.networks);

    const before = await ledger(
      ['report', '--valid-at', '2022-12-31', '--known-at', '2000-01-01T00:00:00+01:00'],
      dir,
    );
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({
      knownAt: '1999-12-31T23:00:00.000Z',
      position: null,
      networks: [],
    });
  });

  it.each([
    [['--valid-at', '2022-02-30'], '--valid-at must be a calendar date YYYY-MM-DD'],
    [['--valid-at', '31/12/2022'], '--valid-at must be a calendar date YYYY-MM-DD'],
    [['--valid-at', '1899-12-31'], '--valid-at must be between 1900-01-01 and 2099-12-31'],
    [[], '--valid-at is required'],
    [['--valid-at', '2022-12-31', '--known-at', '2022-12-31'], '--known-at must be an ISO-8601'],
    [
      ['--valid-at', '2022-12-31', '--known-at', '2999-01-01T00:00:00Z'],
      '--known-at must not be in the future',
    ],
    [['--valid-at', '2022-12-31', '--format', 'xml'], '--format must be json or csv, got "xml"'],
  ])('refuses %j with exit 2, naming the option and the reason', async (args, reason) => {
    const run = await ledger(['report', ...args], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(`^ledger report: ${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 3 when the read store cannot be opened', async () => {
    const broken = tempDir();
    mkdirSync(join(broken, 'read'));
    writeFileSync(join(broken, 'read', 'read-models.sqlite'), 'not a database, just text\n');
    const run = await ledger(['report', '--valid-at', '2022-12-31'], broken);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^ledger report: cannot open the read store ".*read-models\.sqlite"/,
    );
  });

  it('as a child process, prints the JSON alone on stdout and the catch-up note on stderr', async () => {
    const child = await seeded();
    const run = await new Promise<CliRun>((resolve) => {
      execFile(
        process.execPath,
        [MAIN, 'report', '--valid-at', '2022-12-31', '--format', 'json'],
        { cwd: child, env: { PATH: process.env.PATH, LEDGER_DATA_DIR: child, INIT_CWD: child } },
        (error, stdout, stderr) => {
          resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
        },
      );
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('catching up first');
    const report = JSON.parse(run.stdout) as Report;
    expect(run.stdout).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(report.totals).toEqual((JSON.parse(first.stdout) as Report).totals);
  });
});
