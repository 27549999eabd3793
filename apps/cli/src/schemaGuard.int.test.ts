/**
 * The schema guard on real and generated history: every event of the curated Lombardy dataset
 * and of a generated history reads back through the current schemas and upcasters. A domain
 * change that breaks them fails `pnpm test` naming the event type, its version and the field.
 */
import { readFileSync } from 'node:fs';
import { parseStoredEvent } from '@ledger/domain';
import { LEDGER_FILE } from '@ledger/lombardy-dataset';
import { describe, expect, it } from 'vitest';
import { generateHistory } from './generate/generator.ts';

interface Line {
  readonly id: string;
  readonly stream: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly schemaVersion?: unknown };
}

/** Each event that no longer reads: `Type vN (line L): field reason; …`. */
const unreadable = (lines: Iterable<string>): string[] => {
  const failures: string[] = [];
  let number = 0;
  for (const text of lines) {
    number++;
    const line = JSON.parse(text) as Line;
    const parsed = parseStoredEvent({
      id: line.id,
      type: line.type,
      streamId: line.stream,
      revision: 0,
      position: number,
      recordedAt: '2026-01-01T00:00:00.000Z',
      data: line.data,
      metadata: line.metadata,
    });
    if (!parsed.ok) {
      failures.push(
        `${line.type} v${String(line.metadata.schemaVersion)} (line ${number}): ${parsed.issues
          .map((issue) => `${issue.field} ${issue.reason}`)
          .join('; ')}`,
      );
    }
  }
  return failures;
};

describe('stored history still reads through the current schemas', () => {
  it('every event of the curated Lombardy dataset', () => {
    const lines = readFileSync(LEDGER_FILE, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(150);
    expect(unreadable(lines)).toEqual([]);
  });

  it('every event of a generated history of 20,000 events', () => {
    expect(unreadable(generateHistory({ events: 20_000, seed: 'schema-guard' }))).toEqual([]);
  });
});
