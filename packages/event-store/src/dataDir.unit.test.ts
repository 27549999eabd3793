import { existsSync } from 'node:fs';
import { join, parse } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findWorkspaceRoot, resolveDataDir } from './dataDir.ts';

describe('the data directory', () => {
  const root = findWorkspaceRoot(import.meta.dirname);

  it('is found from the folder holding pnpm-workspace.yaml', () => {
    expect(existsSync(join(root, 'pnpm-workspace.yaml'))).toBe(true);
  });

  it('defaults to ./data under the repository root when unset or blank', () => {
    expect(resolveDataDir(undefined, import.meta.dirname)).toBe(join(root, 'data'));
    expect(resolveDataDir('  ', import.meta.dirname)).toBe(join(root, 'data'));
  });

  it('takes a relative value from the repository root and keeps an absolute one', () => {
    expect(resolveDataDir('tmp/ledger', import.meta.dirname)).toBe(join(root, 'tmp', 'ledger'));
    const absolute = join(parse(root).root, 'srv', 'ledger');
    expect(resolveDataDir(absolute, import.meta.dirname)).toBe(absolute);
  });

  it('says so when there is no repository above', () => {
    expect(() => findWorkspaceRoot(parse(root).root)).toThrow(/no pnpm-workspace.yaml/);
  });
});
