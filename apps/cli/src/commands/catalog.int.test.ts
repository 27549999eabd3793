import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventCatalog } from '@ledger/domain';
import { EMBEDDED_FILE_NAME, openEmbeddedEventStore } from '@ledger/event-store';
import { describe, expect, it } from 'vitest';
import { catalogMarkdown } from '../catalog/render.ts';
import { runLedger, tempDir } from '../testSupport.ts';

const EVENTS_DOC = join(import.meta.dirname, '../../../../docs/events.md');

describe('catalog', () => {
  it('docs/events.md is the catalog generated from the current schemas', () => {
    const expected = catalogMarkdown(eventCatalog(), null);
    const actual = readFileSync(EVENTS_DOC, 'utf8');
    expect(
      actual === expected,
      'docs/events.md is out of date: run `pnpm ledger catalog --format md --no-counts --out docs/events.md`',
    ).toBe(true);
  });

  it('counts the stored events of each type and version', async () => {
    const dir = tempDir();
    expect((await runLedger(['seed'], dir)).code).toBe(0);
    const run = await runLedger(['catalog', '--format', 'json'], dir);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as {
      events: { type: string }[];
      stored: Record<string, Record<string, number>>;
      uncatalogued: unknown[];
    };
    expect(json.events).toHaveLength(eventCatalog().events.length);
    expect(json.stored.NetworkRegistered).toEqual({ 2: 14 });
    expect(json.stored.MemberJoined?.[1]).toBeGreaterThan(0);
    expect(json.uncatalogued).toEqual([]);
    const text = await runLedger(['catalog'], dir);
    expect(text.stdout).toMatch(
      /^NetworkRegistered +v2 +network-\{networkId\} +stored v1 0, v2 14$/m,
    );
  });

  it('names stored events it cannot describe: an unknown type, a version it cannot read', async () => {
    const dir = tempDir();
    const store = await openEmbeddedEventStore({ file: join(dir, EMBEDDED_FILE_NAME) });
    const metadata = { actor: 'test', source: { document: 'test' } };
    await store.appendToStream('network-x', [
      {
        id: crypto.randomUUID(),
        type: 'AwardWon',
        data: {},
        metadata: { ...metadata, schemaVersion: 1 },
      },
      {
        id: crypto.randomUUID(),
        type: 'MemberJoined',
        data: {},
        metadata: { ...metadata, schemaVersion: 7 },
      },
    ]);
    await store.close();
    const run = await runLedger(['catalog', '--format', 'md'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '| [MemberJoined](#memberjoined) | v1 | `network-{networkId}` | v1: 0 |',
    );
    expect(run.stderr).toBe(
      'ledger catalog: 1 stored AwardWon event of schema version 1 is of a type the catalog does not know\n' +
        'ledger catalog: 1 stored MemberJoined event of schema version 7 cannot be read: the catalog has no such version\n',
    );
  });

  it('writes --out whole, relative to where the command was typed, and refuses a bad --format', async () => {
    const dir = tempDir();
    const written = await runLedger(
      ['catalog', '--no-counts', '--format', 'md', '--out', 'events.md'],
      dir,
    );
    expect(written).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'events.md'), 'utf8')).toBe(
      catalogMarkdown(eventCatalog(), null),
    );
    const bad = await runLedger(['catalog', '--format', 'yaml'], dir);
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'ledger catalog: --format must be one of text, json, md, not "yaml"\n',
    });
    const nowhere = await runLedger(
      ['catalog', '--no-counts', '--out', join(dir, 'missing', 'x.md')],
      dir,
    );
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/^ledger catalog: --out: cannot write .*x\.md: ENOENT/);
  });
});
