import { join } from 'node:path';
import { findWorkspaceRoot } from '@ledger/event-store';
import { describe, expect, it } from 'vitest';
import { ProjectorConfigError, readEnv } from './env.ts';

const WORKSPACE_ROOT = findWorkspaceRoot(import.meta.dirname);

describe('the projector configuration', () => {
  it('defaults to ./data under the workspace root, and the embedded store', () => {
    expect(readEnv({})).toEqual({
      store: undefined,
      dataDir: join(WORKSPACE_ROOT, 'data'),
      readStoreFile: join(WORKSPACE_ROOT, 'data', 'read', 'read-models.sqlite'),
      buildBatchSize: undefined,
      anchorEveryEvents: 1_000,
      anchorEveryMs: 60_000,
    });
  });

  it('resolves a relative data directory against the workspace root, keeps an absolute one', () => {
    expect(readEnv({ LEDGER_DATA_DIR: 'tmp/ledger' }).dataDir).toBe(
      join(WORKSPACE_ROOT, 'tmp', 'ledger'),
    );
    expect(
      readEnv({ LEDGER_DATA_DIR: '/var/ledger', LEDGER_STORE: 'esdb://h:2113' }),
    ).toMatchObject({
      dataDir: '/var/ledger',
      store: 'esdb://h:2113',
      readStoreFile: '/var/ledger/read/read-models.sqlite',
    });
  });

  it('reads the rebuild batch size, and refuses one that is not a positive whole number', () => {
    expect(readEnv({ LEDGER_PROJECTOR_BUILD_BATCH: '2000' }).buildBatchSize).toBe(2000);
    for (const value of ['0', '-5', '1.5', 'many']) {
      expect(() => readEnv({ LEDGER_PROJECTOR_BUILD_BATCH: value })).toThrow(
        new ProjectorConfigError(
          `LEDGER_PROJECTOR_BUILD_BATCH must be a whole number of events, 1 or more, got "${value}"`,
        ),
      );
    }
  });

  it('reads how often to anchor the log, refusing what is not a positive whole number', () => {
    expect(
      readEnv({ LEDGER_ANCHOR_EVERY_EVENTS: '50', LEDGER_ANCHOR_EVERY_SECONDS: '5' }),
    ).toMatchObject({ anchorEveryEvents: 50, anchorEveryMs: 5_000 });
    expect(() => readEnv({ LEDGER_ANCHOR_EVERY_SECONDS: '0.5' })).toThrow(
      'LEDGER_ANCHOR_EVERY_SECONDS must be a whole number of seconds, 1 or more, got "0.5"',
    );
  });
});
