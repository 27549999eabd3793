import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.ts';
import { readEnv } from '../env.ts';
import { Capture, type CliRun, runLedger, tempDir } from '../testSupport.ts';
import { diffCommand } from './diff.ts';
import { reportCommand } from './report.ts';

const ledger = async (argv: readonly string[], dataDir: string): Promise<CliRun> => {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, [reportCommand, diffCommand], {
    stdout,
    stderr,
    env: () => readEnv({ LEDGER_DATA_DIR: dataDir, INIT_CWD: dataDir }),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
};

interface NetworkDiff {
  id: string;
  presence: string;
  members: { joined: string[]; left: string[]; categoryChanged: unknown[] };
  projects: { started: string[]; ended: string[] };
  census: { from: { total: number } | null; to: { total: number } | null } | null;
}

interface Diff {
  from: string;
  to: string;
  knownAt: string | null;
  position: number | null;
  hash: string;
  totals: {
    joined: number;
    left: number;
    categoryChanged: number;
    projectsStarted: number;
    projectsEnded: number;
    censusChanged: number;
  };
  networks: NetworkDiff[];
}

describe('ledger diff', () => {
  let dir: string;
  let json: CliRun;

  beforeAll(async () => {
    dir = tempDir();
    expect((await runLedger(['seed'], dir)).code).toBe(0);
    json = await ledger(['diff', '--from', '2021-12-31', '--to', '2022-12-31'], dir);
  });

  it('lists what changed between the ends of 2021 and 2022, with totals that add up', () => {
    expect(json.code).toBe(0);
    expect(json.stderr).toContain('catching up first');
    const diff = JSON.parse(json.stdout) as Diff;
    expect(Object.keys(diff)).toEqual([
      'from',
      'to',
      'knownAt',
      'position',
      'hash',
      'totals',
      'networks',
      'receipt',
    ]);
    expect(diff).toMatchObject({ from: '2021-12-31', to: '2022-12-31' });
    const sum = (of: (network: NetworkDiff) => number) =>
      diff.networks.reduce((total, network) => total + of(network), 0);
    expect(diff.totals).toEqual({
      joined: sum((network) => network.members.joined.length),
      left: sum((network) => network.members.left.length),
      categoryChanged: sum((network) => network.members.categoryChanged.length),
      projectsStarted: sum((network) => network.projects.started.length),
      projectsEnded: sum((network) => network.projects.ended.length),
      censusChanged: diff.networks.filter((network) => network.census !== null).length,
    });
    expect(diff.totals.joined).toBeGreaterThan(0);
    expect(diff.totals.projectsStarted).toBeGreaterThan(0);
    // The 2022 report on the clusters is the first census the dataset holds for the programme.
    const programme = diff.networks.find(
      (network) => network.id === 'cluster-tecnologici-lombardi',
    );
    expect(programme?.census).toMatchObject({ from: null, to: { total: 755 } });
  });

  it('renders one CSV row per change, the same bytes on a rerun', async () => {
    const csv = await ledger(
      ['diff', '--from', '2021-12-31', '--to', '2022-12-31', '--format', 'csv'],
      dir,
    );
    expect(csv.code).toBe(0);
    expect(csv.stderr).toBe('');
    const [header, ...rows] = csv.stdout.trimEnd().split('\n');
    expect(header).toBe('from,to,known_at,position,hash,network_id,change,subject,before,after');
    const diff = JSON.parse(json.stdout) as Diff;
    const appeared = diff.networks.filter((network) => network.presence !== 'both').length;
    // One row per change counted in the totals, and one per network appearing or disappearing.
    const changes = Object.values(diff.totals).reduce((total, n) => total + n, 0);
    expect(rows).toHaveLength(appeared + changes);
    expect(rows.some((row) => row.includes(',census_changed,,,755 (2022)'))).toBe(true);
    const again = await ledger(
      ['diff', '--from', '2021-12-31', '--to', '2022-12-31', '--format', 'csv'],
      dir,
    );
    expect(again.stdout).toBe(csv.stdout);
  });

  it('finds nothing changed between a day and itself', async () => {
    const run = await ledger(['diff', '--from', '2022-12-31', '--to', '2022-12-31'], dir);
    expect(JSON.parse(run.stdout)).toMatchObject({
      totals: {
        joined: 0,
        left: 0,
        categoryChanged: 0,
        projectsStarted: 0,
        projectsEnded: 0,
        censusChanged: 0,
      },
    });
  });

  it.each([
    [['--from', '2022-12-31', '--to', '2021-12-31'], '--from must not be after --to (2021-12-31)'],
    [['--from', '2021-12-31'], '--to is required'],
    [['--from', '2021-12-32', '--to', '2022-12-31'], '--from must be a calendar date'],
    [['--from', '2021-12-31', '--to', '2100-01-01'], '--to must be between'],
  ])('refuses %j with exit 2, naming the option', async (args, reason) => {
    const run = await ledger(['diff', ...args], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`ledger diff: ${reason}`)).toBe(true);
  });
});
