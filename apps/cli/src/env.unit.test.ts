import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, readEnv } from './env.ts';

describe('readEnv', () => {
  it('takes a relative data directory from the workspace root and files from INIT_CWD', () => {
    const env = readEnv({ INIT_CWD: '/somewhere/else' });
    expect(env.dataDir).toBe(join(env.workspaceRoot, 'data'));
    expect(env.callerDir).toBe('/somewhere/else');
    expect(env.store).toBeUndefined();
    expect(readEnv({ LEDGER_DATA_DIR: 'tmp/ledger' }).dataDir).toBe(
      join(env.workspaceRoot, 'tmp/ledger'),
    );
    expect(readEnv({ LEDGER_STORE: ' esdb://localhost:2113 ' }).store).toBe(
      'esdb://localhost:2113',
    );
    expect(readEnv({ LEDGER_STORE: '' }).store).toBeUndefined();
  });

  it('names the variable that is wrong', () => {
    expect(() => readEnv({ LEDGER_DATA_DIR: '  ' })).toThrow(EnvError);
    expect(() => readEnv({ LEDGER_DATA_DIR: '  ' })).toThrow(
      /^LEDGER_DATA_DIR must name a directory/,
    );
  });
});
