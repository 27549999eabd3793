/**
 * docs/extending.md quotes the code of its worked example. Every fenced block it marks with
 * `<!-- from: <path> -->` must appear, verbatim, in that file: when the code changes, this fails
 * until the guide is brought up to date.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GUIDE = readFileSync(join(ROOT, 'docs', 'extending.md'), 'utf8');

interface Quote {
  readonly path: string;
  readonly line: number;
  readonly code: string;
}

/** The marked blocks: the marker line, then a fence on the next line, up to its closing fence. */
const quotes = (markdown: string): Quote[] => {
  const lines = markdown.split('\n');
  const found: Quote[] = [];
  lines.forEach((text, index) => {
    const marker = /^<!-- from: (\S+) -->$/.exec(text);
    if (marker?.[1] === undefined) return;
    const fence = lines[index + 1];
    if (fence === undefined || !/^```\w*$/.test(fence)) {
      throw new Error(`docs/extending.md line ${index + 1}: a from-marker must precede a fence`);
    }
    const end = lines.indexOf('```', index + 2);
    if (end === -1) throw new Error(`docs/extending.md line ${index + 2}: the fence is not closed`);
    found.push({ path: marker[1], line: index + 1, code: lines.slice(index + 2, end).join('\n') });
  });
  return found;
};

const marked = quotes(GUIDE);

describe('docs/extending.md', () => {
  it('quotes the code of every step of the worked example', () => {
    const files = new Set(marked.map((quote) => quote.path));
    for (const path of [
      'packages/domain/src/successStories/events.ts',
      'packages/domain/src/registry.ts',
      'packages/domain/src/catalogExamples.ts',
      'packages/domain/test/stored-events.json',
      'packages/domain/src/successStories/decider.ts',
      'packages/domain/src/successStories/decider.unit.test.ts',
      'packages/commands/src/handler.ts',
      'packages/read-models/src/projections/successStories.ts',
      'apps/api/src/router/networks.ts',
      'apps/web/src/lib/components/SuccessStories.svelte',
      'apps/web/e2e/e-success-stories.e2e.test.ts',
    ]) {
      expect(files, path).toContain(path);
    }
  });

  it.each(marked)(
    'line $line: the block from $path is in that file, verbatim',
    ({ path, code }) => {
      const file = join(ROOT, path);
      expect(existsSync(file), `${path} does not exist`).toBe(true);
      expect(code.trim(), 'the block is empty').not.toBe('');
      expect(readFileSync(file, 'utf8').includes(code), `${path} no longer holds:\n${code}`).toBe(
        true,
      );
    },
  );

  it('names the commands the guide tells the reader to run', () => {
    expect(GUIDE).toContain('pnpm new:projection success-stories');
    expect(GUIDE).toContain('pnpm ledger catalog --format md --no-counts --out docs/events.md');
  });

  it('finds a block that no longer matches its file', () => {
    const stale = quotes(
      '<!-- from: packages/domain/src/registry.ts -->\n```ts\nexport const nothingLikeThis = 1;\n```\n',
    );
    expect(stale).toEqual([
      {
        path: 'packages/domain/src/registry.ts',
        line: 1,
        code: 'export const nothingLikeThis = 1;',
      },
    ]);
    const [only] = stale;
    expect(readFileSync(join(ROOT, only?.path ?? ''), 'utf8').includes(only?.code ?? '')).toBe(
      false,
    );
  });
});
