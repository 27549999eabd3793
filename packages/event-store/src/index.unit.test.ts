import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMBEDDED_FILE_NAME, openEventStore } from './index.ts';

const scratch = await mkdtemp(join(tmpdir(), 'ledger-open-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('openEventStore', () => {
  it.each([undefined, '', '  '])(
    'opens the embedded file <dataDir>/ledger.sqlite when LEDGER_STORE is %j',
    async (store) => {
      const dataDir = join(scratch, randomUUID());
      const opened = await openEventStore({ store, dataDir });
      try {
        await opened.appendToStream('organisation-x', [
          { id: randomUUID(), type: 'Registered', data: {}, metadata: {} },
        ]);
        expect(existsSync(join(dataDir, EMBEDDED_FILE_NAME))).toBe(true);
      } finally {
        await opened.close();
      }
    },
  );

  it('refuses any other LEDGER_STORE, naming the accepted forms without echoing credentials', async () => {
    const error = await openEventStore({
      store: 'postgres://admin:secret@db:5432/ledger',
      dataDir: scratch,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    const { message } = error as Error;
    expect(message).toContain('LEDGER_STORE');
    expect(message).toContain('esdb://');
    expect(message).toContain('esdb+discover://');
    expect(message).toContain('"postgres://"');
    expect(message).not.toContain('secret');
    await expect(openEventStore({ store: 'ledger.sqlite', dataDir: scratch })).rejects.toThrow(
      /LEDGER_STORE .*got a value without a scheme/,
    );
  });

  it('needs a data directory for the embedded store', async () => {
    await expect(openEventStore({ dataDir: '' })).rejects.toThrow(/dataDir/);
  });
});
