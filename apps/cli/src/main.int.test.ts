import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baseLines, joinLine, tempDir, writeLines } from './testSupport.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI as a user runs it: a child process, with the data directory and caller directory set. */
const ledger = (args: readonly string[], dir: string): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { cwd: dir, env: { PATH: process.env.PATH, LEDGER_DATA_DIR: dir, INIT_CWD: dir } },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });

describe('ledger as a child process', () => {
  it('imports a file with --format json: exit 0, one JSON object alone on stdout', async () => {
    const dir = tempDir();
    writeLines(dir, 'events.jsonl', [...baseLines(), joinLine('afil', 'acme')]);
    const run = await ledger(['import', 'events.jsonl', '--format', 'json'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'ok',
      read: 4,
      appended: 4,
      streams: 3,
    });
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses a bad file: exit 1, the reason as the last line of stderr, JSON alone on stdout', async () => {
    const dir = tempDir();
    writeLines(dir, 'bad.jsonl', [...baseLines(), joinLine('afil', 'ghost')]);
    const run = await ledger(['import', 'bad.jsonl', '--format', 'json'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'line 4: field data.organisationId: names organisation "ghost", which is not registered',
      'ledger import: 1 of 4 lines of "bad.jsonl" rejected; nothing was appended',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'rejected', appended: 0, rejected: 1 });
  });

  it('reports usage errors with exit 2 and prints help with exit 0', async () => {
    const dir = tempDir();
    const unknown = await ledger(['import', 'x.jsonl', '--frobnicate'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^ledger import: import: Unknown option '--frobnicate'/);
    expect(unknown.stderr.trimEnd().split('\n')).toHaveLength(1);
    const help = await ledger(['generate', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: pnpm ledger generate --events N');
    expect(help.stdout).toContain('Exit codes:');
  });

  it('generates to stdout', async () => {
    const run = await ledger(['generate', '--events', '5', '--seed', 'x'], tempDir());
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(5);
  });
});
