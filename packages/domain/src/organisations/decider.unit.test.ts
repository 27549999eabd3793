import { describe, expect, it } from 'vitest';
import { envelopes, fold } from '../shared/testSupport.ts';
import {
  decideChangeOrganisationProfile,
  decideOrganisationCommand,
  decideRegisterOrganisation,
  decideRenameOrganisation,
  evolveOrganisation,
  initialOrganisationState,
  type OrganisationState,
} from './decider.ts';

const now = '2024-06-01T10:00:00Z';
const registration = {
  organisationId: 'a2a-ambiente',
  kind: 'company' as const,
  name: 'A2A Ambiente',
  city: 'Brescia',
  province: 'BS',
  country: 'IT',
};

const registered = (): OrganisationState => {
  const decided = decideRegisterOrganisation(
    { type: 'RegisterOrganisation', now, data: registration },
    initialOrganisationState,
  );
  return fold(
    evolveOrganisation,
    initialOrganisationState,
    envelopes(decided.ok ? decided.value : []),
  );
};

describe('organisation deciders', () => {
  it('registers an organisation once', () => {
    expect(registered()).toEqual({
      status: 'registered',
      organisationId: 'a2a-ambiente',
      names: ['A2A Ambiente'],
    });
    const again = decideRegisterOrganisation(
      { type: 'RegisterOrganisation', now, data: registration },
      registered(),
    );
    expect(again.ok ? null : again.error).toMatchObject({
      code: 'already_registered',
      field: 'data.organisationId',
    });
  });

  it('renames a registered organisation, refusing the same name or a future date', () => {
    const rename = {
      organisationId: 'a2a-ambiente',
      name: 'A2A Ambiente S.p.A.',
      effectiveDate: '2019',
    };
    expect(
      decideOrganisationCommand({ type: 'RenameOrganisation', now, data: rename }, registered()),
    ).toEqual({
      ok: true,
      value: [{ type: 'OrganisationRenamed', data: rename }],
    });
    const same = decideRenameOrganisation(
      { type: 'RenameOrganisation', now, data: { ...rename, name: 'A2A Ambiente' } },
      registered(),
    );
    expect(same.ok ? null : same.error).toMatchObject({ code: 'no_change', field: 'data.name' });
    const future = decideRenameOrganisation(
      { type: 'RenameOrganisation', now, data: { ...rename, effectiveDate: '2030' } },
      registered(),
    );
    expect(future.ok ? null : future.error).toMatchObject({
      code: 'in_the_future',
      field: 'data.effectiveDate',
    });
  });

  it('refuses commands on an unregistered organisation', () => {
    const result = decideChangeOrganisationProfile(
      {
        type: 'ChangeOrganisationProfile',
        now,
        data: {
          organisationId: 'a2a-ambiente',
          effectiveDate: '2020',
          changes: { city: 'Milano' },
        },
      },
      initialOrganisationState,
    );
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'not_registered',
      field: 'data.organisationId',
    });
  });

  it('accepts a profile change of a registered organisation', () => {
    const result = decideChangeOrganisationProfile(
      {
        type: 'ChangeOrganisationProfile',
        now,
        data: {
          organisationId: 'a2a-ambiente',
          effectiveDate: '2020',
          changes: { city: 'Milano', province: 'MI' },
        },
      },
      registered(),
    );
    expect(result.ok).toBe(true);
  });
});
