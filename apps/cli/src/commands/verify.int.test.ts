import { randomUUID } from 'node:crypto';
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  Anchorer,
  EMBEDDED_FILE_NAME,
  type EventData,
  openEmbeddedEventStore,
  withHashChain,
} from '@ledger/event-store';
import { describe, expect, it } from 'vitest';
import { runLedger, tempDir } from '../testSupport.ts';

const event = (text: string): EventData => ({
  id: randomUUID(),
  type: 'Noted',
  data: { text },
  metadata: { actor: 'test', source: { document: 'verify test' } },
});

/**
 * An embedded log of 3 streams, 30 events, anchored after 20 and after 30, closed (so the WAL is
 * folded into the file). Positions 1..30 are the events, 21 and 32 the anchors.
 */
async function chainedLog(): Promise<string> {
  const dir = tempDir();
  const store = withHashChain(
    await openEmbeddedEventStore({ file: join(dir, EMBEDDED_FILE_NAME) }),
  );
  const anchorer = new Anchorer(store);
  for (let i = 0; i < 20; i++)
    await store.appendToStream(`s-${i % 3}`, [event(`fact number ${i}`)]);
  await anchorer.anchor();
  for (let i = 20; i < 30; i++)
    await store.appendToStream(`s-${i % 3}`, [event(`fact number ${i}`)]);
  await anchorer.anchor();
  await store.close();
  return dir;
}

const sql = (dir: string, statement: string): void => {
  const db = new DatabaseSync(join(dir, EMBEDDED_FILE_NAME));
  db.exec(statement);
  db.close();
};

describe('ledger verify on the embedded store', () => {
  it('verifies a clean log, and says how much of it the anchors cover', async () => {
    const dir = await chainedLog();
    const run = await runLedger(['verify'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^the embedded log at .* verifies: 32 events in 4 streams, every link intact; 2 anchors, the last at position 32 covering 31 events; 0 events after the last anchor/,
    );
    const json = JSON.parse((await runLedger(['verify', '--format', 'json'], dir)).stdout);
    expect(json).toMatchObject({
      ok: true,
      events: 32,
      anchors: 2,
      firstBreak: null,
      damage: null,
    });
  });

  it('finds one flipped byte in the file, naming the event', async () => {
    const dir = await chainedLog();
    const file = join(dir, EMBEDDED_FILE_NAME);
    const pristine = readFileSync(file);
    // SQLite may keep stale copies of a row in free pages: flip the byte of the live one.
    let flipped = false;
    for (
      let at = pristine.indexOf('fact number 7"');
      at >= 0 && !flipped;
      at = pristine.indexOf('fact number 7"', at + 1)
    ) {
      const bytes = Buffer.from(pristine);
      bytes[at] = 'F'.charCodeAt(0);
      writeFileSync(file, bytes);
      const db = new DatabaseSync(file, { readOnly: true });
      const live = db.prepare('SELECT count(*) AS n FROM events WHERE instr(data, ?) > 0');
      flipped = live.get('Fact number 7"')?.n === 1;
      db.close();
    }
    expect(flipped).toBe(true);
    const run = await runLedger(['verify'], dir);
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(
      /does NOT verify: the first broken link is at position 8, stream s-1 revision 2 .*the event was altered after it was written/,
    );
    expect(run.stderr).toBe('ledger verify: the log does not verify at position 8\n');
  });

  it('finds one deleted event', async () => {
    const dir = await chainedLog();
    sql(dir, 'DELETE FROM events WHERE position = 5');
    const run = await runLedger(['verify'], dir);
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(/position 8, stream s-1 revision 2 .*1 event is missing before it/);
  });

  it('finds two events swapped in their stream, and two of different streams swapped in the log', async () => {
    const inStream = await chainedLog();
    // Positions 2 and 5 are s-1's revisions 0 and 1: the rows trade everything but their positions.
    sql(
      inStream,
      `CREATE TEMP TABLE pair AS SELECT * FROM events WHERE position IN (2, 5);
       UPDATE events SET revision = revision + 1000 WHERE position IN (2, 5);
       UPDATE events SET
         revision = (SELECT p.revision FROM pair p WHERE p.position = 7 - events.position),
         event_id = (SELECT p.event_id FROM pair p WHERE p.position = 7 - events.position),
         data = (SELECT p.data FROM pair p WHERE p.position = 7 - events.position),
         metadata = (SELECT p.metadata FROM pair p WHERE p.position = 7 - events.position)
       WHERE position IN (2, 5)`,
    );
    const first = await runLedger(['verify'], inStream);
    expect(first.code).toBe(6);
    expect(first.stdout).toMatch(
      /first broken link is at position 2, stream s-1 revision 1 .*the stream starts at revision 1, not 0/,
    );

    const acrossStreams = await chainedLog();
    // Positions 1 (s-0) and 2 (s-1) trade places: each stream's own order stays intact.
    sql(
      acrossStreams,
      `UPDATE events SET position = -position WHERE position IN (1, 2);
       UPDATE events SET position = 2 WHERE position = -1;
       UPDATE events SET position = 1 WHERE position = -2;`,
    );
    const second = await runLedger(['verify'], acrossStreams);
    expect(second.code).toBe(6);
    expect(second.stdout).toMatch(
      /first broken link is at position 21, stream ledger-anchors revision 0 .*is not what this anchor committed to/,
    );
  });

  it('reports a truncated file as damaged, saying how far it could be read', async () => {
    const dir = await chainedLog();
    const file = join(dir, EMBEDDED_FILE_NAME);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const run = await runLedger(['verify'], dir);
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(/is damaged: it cannot be read/);
    expect(run.stderr).toBe('ledger verify: the log is damaged\n');
  });
});

describe('ledger export', () => {
  it('writes a log anyone can verify, and a part of it that verifies as partial', async () => {
    const dir = await chainedLog();
    const whole = await runLedger(['export', '--out', 'log.jsonl'], dir);
    expect(whole.code).toBe(0);
    expect(whole.stderr).toMatch(
      /32 events written to .*log\.jsonl; verify with: pnpm ledger verify --file <file>\n$/,
    );
    const lines = readFileSync(join(dir, 'log.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(32);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      format: 'ledger-event/1',
      position: 1,
      revision: 0,
    });
    expect((await runLedger(['verify', '--file', 'log.jsonl'], dir)).code).toBe(0);

    expect((await runLedger(['export', '--stream', 's-2', '--out', 's2.jsonl'], dir)).code).toBe(0);
    expect((await runLedger(['verify', '--file', 's2.jsonl', '--partial'], dir)).stdout).toMatch(
      /verifies: 10 events in 1 streams/,
    );

    // An exported line edited by hand no longer verifies.
    lines[3] = (lines[3] as string).replace('fact number 3', 'fact number 33');
    writeFileSync(join(dir, 'edited.jsonl'), `${lines.join('\n')}\n`);
    const edited = await runLedger(['verify', '--file', 'edited.jsonl'], dir);
    expect(edited.code).toBe(6);
    expect(edited.stdout).toMatch(/position 4, stream s-0 revision 1/);
  });

  it('refuses bad options with the option named', async () => {
    const dir = tempDir();
    expect((await runLedger(['export', '--from', 'yesterday'], dir)).stderr).toBe(
      'ledger export: --from must be an ISO-8601 UTC instant such as 2026-06-01T12:00:00Z, not "yesterday"\n',
    );
    expect((await runLedger(['verify', '--partial'], dir)).stderr).toBe(
      'ledger verify: --partial applies to an export (--file), not to the store\n',
    );
  });
});
