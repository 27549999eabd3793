import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { findWorkspaceRoot } from '@ledger/event-store';
import { describe, expect, it } from 'vitest';
import { EnvError, readEnv } from './env.ts';

describe('readEnv', () => {
  it('has defaults for everything, the data directory under the workspace root', () => {
    const config = readEnv({});
    expect(config).toMatchObject({
      store: undefined,
      host: '127.0.0.1',
      port: 4000,
      bodyLimit: 1_048_576,
      timeoutMs: 15_000,
      readWaitMs: 5_000,
      projector: 'inline',
      kdfCost: 15,
      firstAdmin: { username: 'admin', password: undefined },
      logLevel: 'info',
    });
    expect(config.dataDir).toBe(join(findWorkspaceRoot(import.meta.dirname), 'data'));
    expect(isAbsolute(config.dataDir)).toBe(true);
  });

  it('reads every variable, an empty one meaning unset', () => {
    const config = readEnv({
      LEDGER_STORE: 'esdb://localhost:2113?tls=false',
      LEDGER_DATA_DIR: join(tmpdir(), 'ledger'),
      LEDGER_API_HOST: '0.0.0.0',
      LEDGER_API_PORT: '8080',
      LEDGER_API_BODY_LIMIT: '2048',
      LEDGER_API_PROJECTOR: 'external',
      LEDGER_ADMIN_USERNAME: 'Root',
      LEDGER_ADMIN_PASSWORD: 'twelve-chars-at-least',
      LEDGER_API_SESSION_TTL_MINUTES: '',
    });
    expect(config).toMatchObject({
      store: 'esdb://localhost:2113?tls=false',
      dataDir: join(tmpdir(), 'ledger'),
      host: '0.0.0.0',
      port: 8080,
      bodyLimit: 2048,
      projector: 'external',
      firstAdmin: { username: 'root', password: 'twelve-chars-at-least' },
      sessionTtlMs: 12 * 60 * 60_000,
    });
  });

  it('names each bad variable and its reason, never echoing a password', () => {
    expect(() => readEnv({ LEDGER_API_PORT: '70000', LEDGER_API_PROJECTOR: 'maybe' })).toThrow(
      'LEDGER_API_PORT must be at most 65535; LEDGER_API_PROJECTOR must be "inline" or "external"',
    );
    expect(() => readEnv({ LEDGER_ADMIN_PASSWORD: 'short-pw' })).toThrow(EnvError);
    expect(() => readEnv({ LEDGER_ADMIN_PASSWORD: 'short-pw' })).not.toThrow(/short-pw/);
  });
});
