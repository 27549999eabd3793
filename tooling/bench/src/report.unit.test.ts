import { describe, expect, it } from 'vitest';
import { benchmarksMarkdown, verdictLines } from './report.ts';

const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 24, os: 'Linux 6.1', node: '24.11.0' };

describe('docs/benchmarks.md', () => {
  it('picks the verdict lines of an output', () => {
    expect(
      verdictLines('read 1,000 ev/s\n  ratio = 0.74   target >= 0.70   PASS\nx MISS y\nMISSING\n'),
    ).toEqual(['ratio = 0.74   target >= 0.70   PASS', 'x MISS y']);
  });

  it('summarises each run, then gives its targets and whole output, with machine and date', () => {
    const markdown = benchmarksMarkdown(
      [
        {
          name: 'store',
          command: 'pnpm bench:store',
          about: 'Appends.',
          exitCode: 0,
          seconds: 61.4,
          stdout: 'a 0.8 PASS\nb 0.4 MISS\n',
        },
        {
          name: 'api',
          command: 'pnpm bench:api',
          about: 'Requests.',
          exitCode: 1,
          seconds: 2,
          stdout: '',
        },
        {
          name: 'web',
          command: 'pnpm bench:web',
          about: 'Pages.',
          exitCode: 0,
          seconds: 9,
          stdout: 'FCP 300 ms\n',
        },
      ],
      machine,
      new Date('2026-11-23T10:00:00.000Z'),
    );
    expect(markdown).toContain(
      'Measured on 2026-11-23 (2026-11-23T10:00:00.000Z) on Test CPU, 2 cores, 24 GiB, Linux 6.1, Node 24.11.0.',
    );
    expect(markdown).toContain('| store | `pnpm bench:store` | 1 of 2 targets missed | 61 s |');
    expect(markdown).toContain('| api | `pnpm bench:api` | failed (exit 1) | 2 s |');
    expect(markdown).toContain('| web | `pnpm bench:web` | ran (no targets) | 9 s |');
    expect(markdown).toContain(
      '## store\n\nAppends.\n\nTargets:\n\n- `a 0.8 PASS`\n- `b 0.4 MISS`\n\n```text\na 0.8 PASS\nb 0.4 MISS\n```',
    );
    expect(markdown).toContain('## api\n\nRequests.\n\n```text\n(no output)\n```');
  });
});
