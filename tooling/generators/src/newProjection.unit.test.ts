import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GeneratorInputError, newProjection, projectionNames } from './newProjection.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'generators-'));
  writeFileSync(
    join(dir, 'timeline.ts'),
    "export const x = { name: 'network-timeline', tables: [{ name: 'timeline_projects' }] };\n",
  );
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });

describe('pnpm new:projection', () => {
  it('derives the file, export and table names from the projection name', () => {
    expect(projectionNames('success-stories')).toEqual({
      name: 'success-stories',
      file: 'successStories',
      exportName: 'successStoriesProjection',
      table: 'success_stories',
    });
  });

  it('writes the projection and its test, and says how to register it', () => {
    const result = run('success-stories', '--dir', dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'successStories.int.test.ts',
      'successStories.ts',
      'timeline.ts',
    ]);
    expect(result.stdout).toContain(
      "import { successStoriesProjection } from './successStories.ts'; // then list successStoriesProjection in builtInProjections",
    );
    const projection = readFileSync(join(dir, 'successStories.ts'), 'utf8');
    expect(projection).toContain('export const successStoriesProjection = defineProjection({');
    expect(projection).toContain("name: 'success-stories',");
    expect(projection).toContain('INSERT INTO {success_stories} (type, events)');
    const test = readFileSync(join(dir, 'successStories.int.test.ts'), 'utf8');
    expect(test).toContain("import { successStoriesProjection } from './successStories.ts';");
    expect(test).toContain("readStore.all('SELECT type, events FROM success_stories')");
  });

  it('refuses to run again over what it wrote, and changes nothing', () => {
    expect(run('success-stories', '--dir', dir).status).toBe(0);
    const before = readFileSync(join(dir, 'successStories.ts'), 'utf8');
    const again = run('success-stories', '--dir', dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(
      /^new:projection: name "success-stories" is taken: .*successStories\.ts already exists\n$/,
    );
    expect(readFileSync(join(dir, 'successStories.ts'), 'utf8')).toBe(before);
  });

  it('refuses a name an existing projection or table already declares', () => {
    expect(() => newProjection('network-timeline', dir)).toThrow(
      'name "network-timeline" is taken: timeline.ts already declares "network-timeline"',
    );
    expect(() => newProjection('timeline-projects', dir)).toThrow(
      'name "timeline-projects" is taken: timeline.ts already declares "timeline_projects"',
    );
    expect(readdirSync(dir)).toEqual(['timeline.ts']);
  });

  it.each(['Success', 'success_stories', '-stories', 'stories-', 'two--hyphens', '9lives', ''])(
    'refuses the malformed name "%s", saying what a name must be',
    (name) => {
      expect(() => newProjection(name, dir)).toThrow(GeneratorInputError);
      expect(() => newProjection(name, dir)).toThrow(
        `name "${name}" must be lowercase words of letters and digits joined by single hyphens`,
      );
    },
  );

  it('refuses a missing name or a second one with the usage', () => {
    for (const args of [[], ['one', 'two'], ['one', '--dir']]) {
      const result = run(...args);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('usage: pnpm new:projection <name>');
    }
  });
});
