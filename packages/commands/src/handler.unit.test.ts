import type { Command } from '@ledger/domain';
import { createMemoryEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { beforeEach, describe, expect, it } from 'vitest';
import { type CommandHandler, type CommandRequest, createCommandHandler } from './handler.ts';
import { CorruptStreamError } from './streamStates.ts';

const NOW = '2025-03-01T10:00:00.000Z';
const source = { document: 'api-test.txt' };

const registerOrganisation = (organisationId: string, name = 'Acme S.p.A.'): Command => ({
  type: 'RegisterOrganisation',
  now: NOW,
  data: { organisationId, kind: 'company', name, country: 'IT' },
});

const registerNetwork = (networkId: string): Command => ({
  type: 'RegisterNetwork',
  now: NOW,
  data: {
    networkId,
    kind: 'technology_cluster',
    name: 'Cluster Test',
    headquarters: [{ city: 'Milano' }],
    s3Ecosystems: ['manifattura_avanzata'],
    technologyAreas: [],
    establishedOn: '2014',
  },
});

const recordJoin = (networkId: string, organisationId: string): Command => ({
  type: 'RecordJoin',
  now: NOW,
  data: {
    networkId,
    organisationId,
    category: 'company',
    effectiveDate: '2020-05',
    dateQualifier: 'on',
  },
});

const request = (
  command: Command,
  expectedRevision: number | null,
  actor = 'user:alice',
): CommandRequest => ({ command, expectedRevision, actor, source });

const all = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
};

describe('createCommandHandler', () => {
  let store: EventStore;
  let handler: CommandHandler;

  beforeEach(() => {
    store = createMemoryEventStore();
    handler = createCommandHandler({ store });
  });

  it('appends the decided fact with metadata from the caller, and returns its revision and position', async () => {
    const outcome = await handler.execute({
      ...request(registerOrganisation('acme'), null),
      reason: 'listed in the 2022 report',
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value).toMatchObject({ streamId: 'organisation-acme', revision: 0 });
    const [stored] = await all(store);
    expect(stored).toMatchObject({
      id: outcome.value.events[0]?.id,
      type: 'OrganisationRegistered',
      position: outcome.value.position,
      metadata: {
        actor: 'user:alice',
        source,
        reason: 'listed in the 2022 report',
        schemaVersion: 1,
      },
    });
    expect(stored?.metadata.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await handler.revisionOf('organisation-acme')).toBe(0);
    expect(await handler.revisionOf('organisation-nobody')).toBeNull();
  });

  it('refuses a stale revision with the current one and writes nothing', async () => {
    await handler.execute(request(registerOrganisation('acme'), null));
    const rename: Command = {
      type: 'RenameOrganisation',
      now: NOW,
      data: { organisationId: 'acme', name: 'Acme Group', effectiveDate: '2023' },
    };
    expect((await handler.execute(request(rename, 0))).ok).toBe(true);
    const stale = await handler.execute(
      request({ ...rename, data: { ...rename.data, name: 'X' } }, 0),
    );
    expect(stale).toEqual({
      ok: false,
      error: expect.objectContaining({
        kind: 'conflict',
        streamId: 'organisation-acme',
        expectedRevision: 0,
        currentRevision: 1,
      }),
    });
    expect(await all(store)).toHaveLength(2);
  });

  it('treats a registration of an existing record with no revision as a conflict', async () => {
    await handler.execute(request(registerOrganisation('acme'), null));
    const again = await handler.execute(request(registerOrganisation('acme'), null));
    expect(again).toMatchObject({ ok: false, error: { kind: 'conflict', currentRevision: 0 } });
  });

  it("returns the decider's refusal and writes nothing", async () => {
    await handler.execute(request(registerNetwork('cluster-test'), null));
    await handler.execute(request(registerOrganisation('acme'), null));
    const early: Command = {
      type: 'RecordJoin',
      now: NOW,
      data: {
        networkId: 'cluster-test',
        organisationId: 'acme',
        category: 'company',
        effectiveDate: '2010',
        dateQualifier: 'on',
      },
    };
    const outcome = await handler.execute(request(early, 0));
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'rejected',
        error: { code: 'before_establishment', field: 'data.effectiveDate' },
      },
    });
    expect(await all(store)).toHaveLength(2);
  });

  it('refuses a fact naming a record that was never registered', async () => {
    await handler.execute(request(registerNetwork('cluster-test'), null));
    const outcome = await handler.execute(request(recordJoin('cluster-test', 'ghost'), 0));
    expect(outcome).toMatchObject({
      ok: false,
      error: { kind: 'rejected', error: { code: 'not_registered', field: 'data.organisationId' } },
    });
    await handler.execute(request(registerOrganisation('ghost'), null));
    expect((await handler.execute(request(recordJoin('cluster-test', 'ghost'), 0))).ok).toBe(true);
  });

  it("records a success story in its network's stream once its related project exists", async () => {
    await handler.execute(request(registerNetwork('cluster-test'), null));
    const story: Command = {
      type: 'RecordSuccessStory',
      now: NOW,
      data: {
        networkId: 'cluster-test',
        storyId: 'first-story',
        title: 'First story',
        summary: 'The cluster delivered a regional roadmap.',
        reportedOn: '2020',
        dateQualifier: 'by',
        relatedProjects: ['roadmap'],
      },
    };
    expect(await handler.execute(request(story, 0))).toMatchObject({
      ok: false,
      error: {
        kind: 'rejected',
        error: { code: 'not_registered', field: 'data.relatedProjects.0' },
      },
    });
    const proposal = await handler.execute(
      request(
        {
          type: 'RecordProjectProposal',
          now: NOW,
          data: {
            projectId: 'roadmap',
            title: 'Roadmap',
            partners: [],
            networks: [],
            s3Ecosystems: [],
            pnrr: [],
          },
        },
        null,
      ),
    );
    expect(proposal.ok ? null : proposal.error).toBeNull();
    expect(await handler.execute(request(story, 0))).toMatchObject({
      ok: true,
      value: { streamId: 'network-cluster-test', events: [{ type: 'SuccessStoryRecorded' }] },
    });
  });

  it('refuses an empty actor as invalid metadata and writes nothing', async () => {
    const outcome = await handler.execute(request(registerOrganisation('acme'), null, '  '));
    expect(outcome).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        issues: [{ field: 'metadata.actor', reason: 'must not be empty' }],
      },
    });
    expect(await all(store)).toHaveLength(0);
  });

  it('lets exactly one of two concurrent commands on a stream through', async () => {
    await handler.execute(request(registerOrganisation('acme'), null));
    const rename = (name: string): Command => ({
      type: 'RenameOrganisation',
      now: NOW,
      data: { organisationId: 'acme', name, effectiveDate: '2023' },
    });
    const outcomes = await Promise.all([
      handler.execute(request(rename('One'), 0)),
      handler.execute(request(rename('Two'), 0)),
    ]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toMatchObject([
      { error: { kind: 'conflict', currentRevision: 1 } },
    ]);
    expect(await all(store)).toHaveLength(2);
  });

  it('folds events other writers appended since the stream was cached', async () => {
    await handler.execute(request(registerOrganisation('acme'), null));
    const other = createCommandHandler({ store });
    const rename: Command = {
      type: 'RenameOrganisation',
      now: NOW,
      data: { organisationId: 'acme', name: 'Acme Group', effectiveDate: '2023' },
    };
    expect((await other.execute(request(rename, 0))).ok).toBe(true);
    // The first handler's cache is at revision 0; it must see the rename to refuse a repeat.
    const repeat = await handler.execute(request(rename, 1));
    expect(repeat).toMatchObject({
      ok: false,
      error: { kind: 'rejected', error: { code: 'no_change' } },
    });
  });

  it('throws CorruptStreamError when a stored event cannot be read back', async () => {
    await store.appendToStream('organisation-acme', [
      { id: crypto.randomUUID(), type: 'OrganisationRegistered', data: { name: 1 }, metadata: {} },
    ]);
    await expect(handler.execute(request(registerOrganisation('acme'), 0))).rejects.toBeInstanceOf(
      CorruptStreamError,
    );
  });
});
