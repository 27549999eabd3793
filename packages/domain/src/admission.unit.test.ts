import { describe, expect, it } from 'vitest';
import {
  admit,
  commandForEvent,
  createLedgerState,
  evolveLedger,
  type LedgerEvent,
  type LedgerState,
} from './admission.ts';
import { parseCommand } from './commands.ts';
import { type DomainEvent, streamOf } from './registry.ts';
import { testMetadata, uuidFor } from './shared/testSupport.ts';

const NOW = '2024-06-01T10:00:00Z';
let next = 1;

const envelope = (event: DomainEvent): LedgerEvent => {
  const n = next++;
  return {
    ...event,
    id: uuidFor(n),
    streamId: streamOf(event),
    revision: 0,
    position: n,
    recordedAt: NOW,
    metadata: testMetadata,
  } as LedgerEvent;
};

const network = (networkId: string, establishedOn = '2014'): DomainEvent => ({
  type: 'NetworkRegistered',
  data: {
    networkId,
    kind: 'technology_cluster',
    name: `Cluster ${networkId}`,
    headquarters: [{ city: 'Milano' }],
    s3Ecosystems: [],
    technologyAreas: [],
    establishedOn,
  },
});

const organisation = (organisationId: string): DomainEvent => ({
  type: 'OrganisationRegistered',
  data: { organisationId, kind: 'company', name: organisationId, country: 'IT' },
});

const join = (networkId: string, organisationId: string, effectiveDate = '2016'): DomainEvent => ({
  type: 'MemberJoined',
  data: { networkId, organisationId, category: 'company', effectiveDate, dateQualifier: 'on' },
});

const project = (partners: string[], networks: string[]): DomainEvent => ({
  type: 'ProjectFunded',
  data: {
    projectId: 'fanghi',
    title: 'Fanghi',
    programme: 'Horizon 2020',
    funder: 'Commissione Europea',
    partners: partners.map((id) => ({ party: { kind: 'organisation', id } })),
    networks,
    s3Ecosystems: [],
    pnrr: [],
    fundedOn: '2020',
    dateQualifier: 'on',
  },
});

/** Admits and folds each event in turn; fails the test on the first refusal. */
const ledgerOf = (...events: DomainEvent[]): { state: LedgerState; ids: string[] } => {
  const state = createLedgerState();
  const ids: string[] = [];
  for (const event of events) {
    const candidate = envelope(event);
    const admitted = admit(state, candidate, NOW);
    if (!admitted.ok) throw new Error(admitted.error.message);
    evolveLedger(state, candidate);
    ids.push(candidate.id);
  }
  return { state, ids };
};

const refusal = (state: LedgerState, event: DomainEvent) => {
  const admitted = admit(state, envelope(event), NOW);
  return admitted.ok ? null : { code: admitted.error.code, field: admitted.error.field };
};

describe('commandForEvent', () => {
  it('gives every fact a command that parses, with the event data and the given clock', () => {
    const events: DomainEvent[] = [
      network('afil'),
      organisation('a2a'),
      join('afil', 'a2a'),
      project(['a2a'], ['afil']),
      {
        type: 'MemberCategoryChanged',
        data: {
          networkId: 'afil',
          organisationId: 'a2a',
          from: 'company',
          to: 'other_body',
          effectiveDate: '2018',
        },
      },
    ];
    for (const event of events) {
      const command = commandForEvent(event, NOW);
      expect(command.now).toBe(NOW);
      expect(parseCommand(command)).toEqual({ ok: true, command });
    }
  });

  it('leaves out the category a change starts from: the decider reads it from the record', () => {
    const command = commandForEvent(
      {
        type: 'MemberCategoryChanged',
        data: {
          networkId: 'afil',
          organisationId: 'a2a',
          from: 'company',
          to: 'other_body',
          effectiveDate: '2018',
        },
      },
      NOW,
    );
    expect(command).toEqual({
      type: 'ChangeMemberCategory',
      now: NOW,
      data: { networkId: 'afil', organisationId: 'a2a', to: 'other_body', effectiveDate: '2018' },
    });
  });
});

describe('admit', () => {
  it('admits facts whose stream and references are in place, without touching the state', () => {
    const { state } = ledgerOf(network('afil'), organisation('a2a'));
    const before = JSON.parse(JSON.stringify([...state.organisations.entries()]));
    expect(refusal(state, join('afil', 'a2a'))).toBeNull();
    expect([...state.organisations.entries()]).toEqual(before);
    expect(state.networks.get('afil')?.members.size).toBe(0);
  });

  it('refuses a join of an organisation that is not registered, naming the field', () => {
    const { state } = ledgerOf(network('afil'));
    expect(refusal(state, join('afil', 'ghost'))).toEqual({
      code: 'not_registered',
      field: 'data.organisationId',
    });
  });

  it('refuses a fact about a network that is not registered', () => {
    const { state } = ledgerOf(organisation('a2a'));
    expect(refusal(state, join('ghost', 'a2a'))).toEqual({
      code: 'not_registered',
      field: 'data.networkId',
    });
  });

  it('refuses a project naming an unknown partner or network, by index', () => {
    const { state } = ledgerOf(network('afil'), organisation('a2a'));
    expect(refusal(state, project(['a2a', 'ghost'], ['afil']))).toEqual({
      code: 'not_registered',
      field: 'data.partners.1.party.id',
    });
    expect(refusal(state, project(['a2a'], ['afil', 'nowhere']))).toEqual({
      code: 'not_registered',
      field: 'data.networks.1',
    });
  });

  it('refuses a date in the future', () => {
    const { state } = ledgerOf(network('afil'), organisation('a2a'));
    expect(refusal(state, join('afil', 'a2a', '2031-01-01'))).toEqual({
      code: 'in_the_future',
      field: 'data.effectiveDate',
    });
  });

  it('refuses a category change whose starting category is not the member’s', () => {
    const { state } = ledgerOf(network('afil'), organisation('a2a'), join('afil', 'a2a'));
    const change: DomainEvent = {
      type: 'MemberCategoryChanged',
      data: {
        networkId: 'afil',
        organisationId: 'a2a',
        from: 'research_organisation',
        to: 'other_body',
        effectiveDate: '2018',
      },
    };
    const admitted = admit(state, envelope(change), NOW);
    expect(admitted.ok ? null : admitted.error.message).toBe(
      'data.from must be "company", as the ledger\'s earlier facts determine',
    );
  });

  it('keeps each member’s record apart: a second join of one member is refused, of another admitted', () => {
    const { state } = ledgerOf(
      network('afil'),
      organisation('a2a'),
      organisation('b2b'),
      join('afil', 'a2a'),
    );
    expect(refusal(state, join('afil', 'a2a', '2017'))).toEqual({
      code: 'already_member',
      field: 'data.organisationId',
    });
    expect(refusal(state, join('afil', 'b2b', '2017'))).toBeNull();
  });

  it('decides corrections against the corrected member’s record and the censuses', () => {
    const { state, ids } = ledgerOf(network('afil'), organisation('a2a'), join('afil', 'a2a'), {
      type: 'MembershipCensusReported',
      data: { networkId: 'afil', asOf: '2022', total: 40 },
    });
    const joinId = ids[2] ?? '';
    const censusId = ids[3] ?? '';
    expect(
      refusal(state, {
        type: 'MembershipRecordCorrected',
        data: {
          networkId: 'afil',
          organisationId: 'a2a',
          correctsEventId: joinId,
          correction: { field: 'effectiveDate', value: '2015' },
        },
      }),
    ).toBeNull();
    expect(
      refusal(state, {
        type: 'MembershipRecordCorrected',
        data: {
          networkId: 'afil',
          correctsEventId: censusId,
          correction: { field: 'counts', total: 42 },
        },
      }),
    ).toBeNull();
    expect(
      refusal(state, {
        type: 'MembershipRecordCorrected',
        data: {
          networkId: 'afil',
          correctsEventId: joinId,
          correction: { field: 'retracted' },
        },
      }),
    ).toEqual({ code: 'unknown_fact', field: 'data.correctsEventId' });
  });

  it('follows a member across leave and rejoin once the facts are folded', () => {
    const { state } = ledgerOf(network('afil'), organisation('a2a'), join('afil', 'a2a', '2015'), {
      type: 'MemberLeft',
      data: { networkId: 'afil', organisationId: 'a2a', effectiveDate: '2018', reason: 'withdrew' },
    });
    expect(refusal(state, join('afil', 'a2a', '2017'))).toEqual({
      code: 'out_of_order',
      field: 'data.effectiveDate',
    });
    expect(refusal(state, join('afil', 'a2a', '2019'))).toBeNull();
  });
});
