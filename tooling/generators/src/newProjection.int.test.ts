/**
 * The generated files are real code: written into a copy of the read models (their sources, test
 * support, configuration, and a link to their installed dependencies), they must pass the strict
 * typecheck and their own test.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProjection } from './newProjection.ts';

const READ_MODELS = fileURLToPath(new URL('../../../packages/read-models/', import.meta.url));

let copy: string;

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'generators-read-models-'));
  cpSync(join(READ_MODELS, 'src'), join(copy, 'src'), { recursive: true });
  cpSync(join(READ_MODELS, 'test', 'support'), join(copy, 'test', 'support'), { recursive: true });
  copyFileSync(
    join(READ_MODELS, 'test', 'fastCheckSeed.ts'),
    join(copy, 'test', 'fastCheckSeed.ts'),
  );
  for (const file of ['package.json', 'tsconfig.json', 'vitest.config.ts']) {
    copyFileSync(join(READ_MODELS, file), join(copy, file));
  }
  symlinkSync(join(READ_MODELS, 'node_modules'), join(copy, 'node_modules'), 'dir');
  newProjection('generated-example', join(copy, 'src', 'projections'));
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

const node = (...args: string[]) =>
  spawnSync(process.execPath, args, { cwd: copy, encoding: 'utf8' });

describe('a generated projection', () => {
  it('passes the strict typecheck of the read models', () => {
    const result = node(join(copy, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit');
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('passes its own test', () => {
    const result = node(
      join(copy, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      'src/projections/generatedExample.int.test.ts',
    );
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(stripVTControlCharacters(result.stdout)).toMatch(/Tests\s+1 passed/);
  });
});
