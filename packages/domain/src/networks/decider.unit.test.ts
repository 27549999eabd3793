import { describe, expect, it } from 'vitest';
import { envelopes, fold } from '../shared/testSupport.ts';
import type { RecordRecognition, RegisterNetwork } from './commands.ts';
import {
  decideChangeNetworkProfile,
  decideNetworkCommand,
  decideRecordAffiliation,
  decideRecordRecognition,
  decideRegisterNetwork,
  evolveNetwork,
  initialNetworkState,
  type NetworkState,
} from './decider.ts';

const now = '2024-06-01T10:00:00Z';

const registration: RegisterNetwork['data'] = {
  networkId: 'le2c',
  kind: 'technology_cluster',
  name: 'Lombardy Energy Cleantech Cluster',
  acronym: 'LE2C',
  headquarters: [{ city: 'Milano', province: 'MI' }],
  s3Ecosystems: ['sostenibilita'],
  technologyAreas: ['Energia', 'Ambiente'],
  establishedOn: '2014',
};

const registered = (): NetworkState => {
  const decided = decideRegisterNetwork(
    { type: 'RegisterNetwork', now, data: registration },
    initialNetworkState,
  );
  if (!decided.ok) throw new Error(decided.error.message);
  return fold(evolveNetwork, initialNetworkState, envelopes(decided.value));
};

describe('RegisterNetwork', () => {
  it('registers a new network', () => {
    expect(
      decideRegisterNetwork(
        { type: 'RegisterNetwork', now, data: registration },
        initialNetworkState,
      ),
    ).toEqual({
      ok: true,
      value: [{ type: 'NetworkRegistered', data: registration }],
    });
  });

  it('refuses a network already registered', () => {
    const result = decideRegisterNetwork(
      { type: 'RegisterNetwork', now, data: registration },
      registered(),
    );
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'already_registered',
      field: 'data.networkId',
    });
  });

  it('refuses a founding date in the future', () => {
    const result = decideRegisterNetwork(
      { type: 'RegisterNetwork', now, data: { ...registration, establishedOn: '2025' } },
      initialNetworkState,
    );
    expect(result.ok ? null : result.error).toEqual({
      code: 'in_the_future',
      field: 'data.establishedOn',
      reason: 'must not be in the future (2025 is after 2024-06-01)',
      message: 'data.establishedOn must not be in the future (2025 is after 2024-06-01)',
    });
  });
});

describe('ChangeNetworkProfile', () => {
  const change = {
    networkId: 'le2c',
    effectiveDate: '2021',
    changes: { s3Ecosystems: ['sostenibilita' as const] },
  };

  it('accepts a change on a registered network', () => {
    expect(
      decideChangeNetworkProfile({ type: 'ChangeNetworkProfile', now, data: change }, registered())
        .ok,
    ).toBe(true);
  });

  it('refuses a change on an unregistered network', () => {
    const result = decideChangeNetworkProfile(
      { type: 'ChangeNetworkProfile', now, data: change },
      initialNetworkState,
    );
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'not_registered',
      field: 'data.networkId',
    });
  });

  it('refuses a change dated before the network was established', () => {
    const result = decideChangeNetworkProfile(
      { type: 'ChangeNetworkProfile', now, data: { ...change, effectiveDate: '2013-12' } },
      registered(),
    );
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'before_establishment',
      field: 'data.effectiveDate',
      reason: 'must not be before the network was established (2013-12 is before 2014)',
    });
  });
});

describe('RecordRecognition', () => {
  const recognition = {
    networkId: 'le2c',
    authority: 'Regione Lombardia',
    phase: 'start_up' as const,
    recognisedOn: '2014',
  };

  it('accepts a recognition in the founding year', () => {
    expect(
      decideRecordRecognition({ type: 'RecordRecognition', now, data: recognition }, registered())
        .ok,
    ).toBe(true);
  });

  const recorded = (...data: RecordRecognition['data'][]): NetworkState =>
    fold(
      evolveNetwork,
      registered(),
      envelopes(
        data.map((recognitionData) => ({ type: 'NetworkRecognised', data: recognitionData })),
        2,
      ),
    );
  const consolidation = {
    ...recognition,
    phase: 'consolidation' as const,
    recognisedOn: '2022',
    dateQualifier: 'by' as const,
  };

  it('accepts a consolidation attested only by a later date', () => {
    expect(
      decideRecordRecognition(
        { type: 'RecordRecognition', now, data: consolidation },
        recorded(recognition),
      ),
    ).toEqual({ ok: true, value: [{ type: 'NetworkRecognised', data: consolidation }] });
  });

  it("refuses a consolidation surely before the same authority's start-up", () => {
    const early = { ...consolidation, recognisedOn: '2015', dateQualifier: 'on' as const };
    const started = recorded({ ...recognition, recognisedOn: '2016-03' });
    for (const dateQualifier of ['on', 'by'] as const) {
      const result = decideRecordRecognition(
        { type: 'RecordRecognition', now, data: { ...early, dateQualifier } },
        started,
      );
      expect(result.ok ? null : result.error).toEqual({
        code: 'out_of_order',
        field: 'data.recognisedOn',
        reason: 'must not be before the start-up recognised by Regione Lombardia (2016-03)',
        message: expect.any(String),
      });
    }
    const later = decideRecordRecognition(
      { type: 'RecordRecognition', now, data: { ...recognition, recognisedOn: '2016-03' } },
      recorded(early),
    );
    expect(later.ok ? null : later.error).toMatchObject({
      code: 'out_of_order',
      reason: 'must not be after the consolidation recognised by Regione Lombardia (2015)',
    });
  });

  it('lets a start-up known only "by" a date, or by another authority, precede nothing', () => {
    const early = { ...consolidation, recognisedOn: '2015', dateQualifier: 'on' as const };
    expect(
      decideRecordRecognition(
        { type: 'RecordRecognition', now, data: early },
        recorded({ ...recognition, recognisedOn: '2016', dateQualifier: 'by' }),
      ).ok,
    ).toBe(true);
    expect(
      decideRecordRecognition(
        { type: 'RecordRecognition', now, data: early },
        recorded({ ...recognition, authority: 'Ministero', recognisedOn: '2016' }),
      ).ok,
    ).toBe(true);
  });

  it('refuses a "by" recognition whose date is before the founding', () => {
    const result = decideRecordRecognition(
      { type: 'RecordRecognition', now, data: { ...consolidation, recognisedOn: '2013' } },
      registered(),
    );
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'before_establishment',
      field: 'data.recognisedOn',
    });
  });

  it('refuses a recognition dated in the future', () => {
    const result = decideRecordRecognition(
      { type: 'RecordRecognition', now, data: { ...recognition, recognisedOn: '2024-06-02' } },
      registered(),
    );
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'in_the_future',
      field: 'data.recognisedOn',
    });
  });
});

describe('RecordAffiliation', () => {
  const affiliation = {
    networkId: 'le2c',
    internationalNetwork: 'Vanguard Initiative',
    effectiveDate: '2022',
    dateQualifier: 'by' as const,
  };

  it('accepts a first affiliation and refuses the same one twice', () => {
    const first = decideNetworkCommand(
      { type: 'RecordAffiliation', now, data: affiliation },
      registered(),
    );
    expect(first.ok).toBe(true);
    const state = fold(evolveNetwork, registered(), envelopes(first.ok ? first.value : [], 2));
    const again = decideRecordAffiliation(
      { type: 'RecordAffiliation', now, data: affiliation },
      state,
    );
    expect(again.ok ? null : again.error).toMatchObject({
      code: 'no_change',
      field: 'data.internationalNetwork',
    });
  });

  it('refuses an affiliation of an unregistered network', () => {
    const result = decideRecordAffiliation(
      { type: 'RecordAffiliation', now, data: affiliation },
      initialNetworkState,
    );
    expect(result.ok ? null : result.error).toMatchObject({ code: 'not_registered' });
  });
});
