import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DomainEvent,
  membersOn as domainMembersOn,
  type EventEnvelope,
  type MembershipRegisterState,
  membershipRegister,
  parseStoredEvent,
} from '@ledger/domain';
import { createMemoryEventStore, type EventData, type EventStore } from '@ledger/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjector, ecosystemReport, openReadStore, type ReadStore } from '../src/index.ts';
import { memberCountsOn } from '../src/reports/validTime.ts';
import { appendHistory } from './support/history.ts';

let dir: string;
let readStore: ReadStore;
let eventStore: EventStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'read-models-valid-time-'));
  eventStore = createMemoryEventStore();
  readStore = openReadStore({ file: join(dir, 'read-models.sqlite') });
});

afterEach(async () => {
  readStore.close();
  await eventStore.close();
  rmSync(dir, { recursive: true, force: true });
});

const build = async () => {
  const projector = createProjector({ readStore, eventStore, buildBatchSize: 500 });
  projector.prepare();
  await projector.build();
};

describe('members on a day', () => {
  it("matches the domain's membersOn on a generated history with corrections, on every day tried", async () => {
    await appendHistory(eventStore, { seed: 99, events: 4_000, networks: 3 });
    await build();
    let state: MembershipRegisterState = membershipRegister.initialState;
    let corrections = 0;
    for await (const recorded of eventStore.readAll()) {
      const parsed = parseStoredEvent(recorded);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      if (parsed.event.type === 'MembershipRecordCorrected') corrections++;
      state = membershipRegister.apply(state, parsed.event as EventEnvelope<DomainEvent>);
    }
    expect(corrections).toBeGreaterThan(10);
    const days: string[] = [];
    for (let year = 2008; year <= 2025; year++) {
      for (const monthDay of ['01-01', '03-15', '06-30', '09-01', '12-31'])
        days.push(`${year}-${monthDay}`);
    }
    for (const day of days) {
      const ours = memberCountsOn(readStore, day);
      for (const networkId of Object.keys(state.networks)) {
        const theirs = domainMembersOn(state, networkId, day);
        const counts = ours.get(networkId) ?? { total: 0, companies: 0, research: 0, other: 0 };
        expect({ day, networkId, ...counts }).toEqual({
          day,
          networkId,
          total: theirs?.total,
          companies: theirs?.byCategory.company,
          research: theirs?.byCategory.research_organisation,
          other: theirs?.byCategory.other_body,
        });
      }
    }
  });
});

describe('the Lombardy dataset', () => {
  it('reports the 2022 censuses of the regional clusters from their sources', async () => {
    const lines = readFileSync(
      new URL('../../../data/lombardy/ledger.jsonl', import.meta.url),
      'utf8',
    )
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as EventData & { stream: string });
    for (const line of lines) {
      await eventStore.appendToStream(line.stream, [
        { id: line.id, type: line.type, data: line.data, metadata: line.metadata },
      ]);
    }
    await build();
    const report = await ecosystemReport({ readStore, validAt: '2022-12-31' });
    const afil = report.networks.find((network) => network.id === 'afil');
    expect(afil?.census).toMatchObject({
      date: '2022',
      total: 144,
      companies: 116,
      research: 14,
      other: 14,
      source: { document: '003_b0113e97874011b2.txt' },
    });
    // The 2022 report's projects in progress for AFIL are active on its last day.
    expect(afil?.projects.map((project) => project.id)).toEqual(
      expect.arrayContaining(['admatrans4mers', 'ai-regio']),
    );
    expect(report.networks.find((network) => network.id === 'le2c')?.members.total).toBe(6);
    expect(report.networks.filter((network) => network.kind === 'technology_cluster')).toHaveLength(
      9,
    );
    const before = await ecosystemReport({ readStore, validAt: '2010-12-31' });
    expect(before.networks.every((network) => network.census === null)).toBe(true);
  });
});
