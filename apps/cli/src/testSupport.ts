// Test-only helpers: interchange lines, temporary directories, and the CLI run in-process.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type CliContext, runCli } from './cli.ts';
import { anchorCommand } from './commands/anchor.ts';
import { catalogCommand } from './commands/catalog.ts';
import { migrateCommand, restoreCommand } from './commands/copy.ts';
import { diffCommand } from './commands/diff.ts';
import { exportCommand } from './commands/export.ts';
import { generateCommand } from './commands/generate.ts';
import { importCommand } from './commands/import.ts';
import { reportCommand } from './commands/report.ts';
import { seedCommand } from './commands/seed.ts';
import { statusCommand } from './commands/status.ts';
import { verifyCommand } from './commands/verify.ts';
import { verifyReportCommand } from './commands/verifyReport.ts';
import { readEnv } from './env.ts';

const tempDirs: string[] = [];

/** A fresh directory in the OS temp dir, removed when its test file ends (`test/tempDirs.ts`). */
export const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  tempDirs.push(dir);
  return dir;
};

/** Removes every directory `tempDir` made: a test run would otherwise leave gigabytes behind. */
export const removeTempDirs = (): void => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};

export const metadata = {
  actor: 'test',
  source: { document: 'test-fixture.txt' },
  schemaVersion: 1,
};

/** One ledger-event/1 line; the stream follows from the type and data. */
export const eventLine = (
  type: string,
  data: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): string => {
  const stream = type.startsWith('Organisation')
    ? `organisation-${String(data.organisationId)}`
    : type.startsWith('Project')
      ? `project-${String(data.projectId)}`
      : `network-${String(data.networkId)}`;
  return JSON.stringify({
    format: 'ledger-event/1',
    id: randomUUID(),
    stream,
    type,
    data,
    metadata: type === 'NetworkRegistered' ? { ...metadata, schemaVersion: 2 } : metadata,
    ...overrides,
  });
};

export const organisationLine = (organisationId: string): string =>
  eventLine('OrganisationRegistered', {
    organisationId,
    kind: 'company',
    name: organisationId,
    country: 'IT',
  });

export const networkLine = (networkId: string): string =>
  eventLine('NetworkRegistered', {
    networkId,
    kind: 'technology_cluster',
    name: `Cluster ${networkId}`,
    headquarters: [{ city: 'Milano' }],
    s3Ecosystems: [],
    technologyAreas: [],
    establishedOn: '2014',
  });

export const joinLine = (
  networkId: string,
  organisationId: string,
  effectiveDate = '2016-03-01',
): string =>
  eventLine('MemberJoined', {
    networkId,
    organisationId,
    category: 'company',
    effectiveDate,
    dateQualifier: 'on',
  });

/** Two organisations and a network: what the facts of the tests refer to. */
export const baseLines = (): string[] => [
  organisationLine('acme'),
  organisationLine('beta'),
  networkLine('afil'),
];

export const writeLines = (dir: string, name: string, lines: readonly string[]): string => {
  const file = join(dir, name);
  writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
  return file;
};

/** A stream that keeps what is written to it; `isTTY` as asked. */
export class Capture extends Writable {
  text = '';
  readonly isTTY: boolean;

  constructor(isTTY = false) {
    super();
    this.isTTY = isTTY;
  }

  override _write(chunk: Buffer | string, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in-process with its embedded store in `dataDir` (or the EventStoreDB `store`) and
 * files taken from `dir`.
 */
export const runLedger = async (
  argv: readonly string[],
  dataDir: string,
  dir = dataDir,
  store?: string,
): Promise<CliRun> => {
  const stdout = new Capture();
  const stderr = new Capture();
  const context: CliContext = {
    stdout,
    stderr,
    env: () =>
      readEnv({
        LEDGER_DATA_DIR: dataDir,
        INIT_CWD: dir,
        ...(store === undefined ? {} : { LEDGER_STORE: store }),
      }),
  };
  const code = await runCli(
    argv,
    [
      importCommand,
      seedCommand,
      generateCommand,
      statusCommand,
      catalogCommand,
      verifyCommand,
      exportCommand,
      anchorCommand,
      verifyReportCommand,
      reportCommand,
      diffCommand,
      restoreCommand,
      migrateCommand,
    ],
    context,
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
};
