import type { DomainEvent } from './registry.ts';
import type { PartyRef } from './shared/categories.ts';
import { type DomainError, domainError } from './shared/errors.ts';

/**
 * The checks admission adds to a decider's verdict, whatever state the verdict was reached on:
 * the decider must derive exactly the recorded fact, and every party the fact names must exist.
 */

const describe = (value: unknown): string => JSON.stringify(value) ?? 'absent';

/** The first path (under `path`) where two JSON values differ, with the value the ledger expects. */
const firstDifference = (
  expected: unknown,
  actual: unknown,
  path: string,
): { readonly field: string; readonly expected: unknown } | null => {
  if (expected === actual) return null;
  if (
    typeof expected !== 'object' ||
    typeof actual !== 'object' ||
    expected === null ||
    actual === null ||
    Array.isArray(expected) !== Array.isArray(actual)
  ) {
    return { field: path, expected };
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length !== actual.length) {
    return { field: path, expected };
  }
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const key of keys) {
    const difference = firstDifference(
      (expected as Record<string, unknown>)[key],
      (actual as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (difference !== null) return difference;
  }
  return null;
};

/** The decider derived another fact than the one recorded (e.g. a category change's `from`). */
export const checkDecided = (
  decided: readonly DomainEvent[],
  event: DomainEvent,
): DomainError | null => {
  const [only, ...more] = decided;
  if (only === undefined || more.length > 0 || only.type !== event.type) {
    return domainError(
      'invalid_state',
      'type',
      `must be the one fact its command records, not ${event.type}`,
    );
  }
  const difference = firstDifference(only.data, event.data, 'data');
  if (difference === null) return null;
  return domainError(
    'invalid_state',
    difference.field,
    `must be ${describe(difference.expected)}, as the ledger's earlier facts determine`,
  );
};

/** Which networks, organisations and projects the ledger holds as registered. */
export interface Registrations {
  readonly network: (networkId: string) => boolean;
  readonly organisation: (organisationId: string) => boolean;
  readonly project: (projectId: string) => boolean;
}

const unregisteredParty = (
  registrations: Registrations,
  party: PartyRef,
  field: string,
): DomainError | null => {
  if (party.kind === 'organisation') {
    return registrations.organisation(party.id)
      ? null
      : domainError(
          'not_registered',
          field,
          `names organisation "${party.id}", which is not registered`,
        );
  }
  return registrations.network(party.id)
    ? null
    : domainError('not_registered', field, `names network "${party.id}", which is not registered`);
};

/** Every network, organisation, project partner or project the event names must already be registered. */
export const checkReferences = (
  registrations: Registrations,
  event: DomainEvent,
): DomainError | null => {
  switch (event.type) {
    case 'MemberJoined':
    case 'MemberCategoryChanged':
    case 'MemberLeft':
      return unregisteredParty(
        registrations,
        { kind: 'organisation', id: event.data.organisationId },
        'data.organisationId',
      );
    case 'ProjectFunded':
    case 'ProjectProposed': {
      const { lead, partners, networks } = event.data;
      const refused =
        (lead === undefined ? null : unregisteredParty(registrations, lead, 'data.lead.id')) ??
        partners.reduce<DomainError | null>(
          (found, partner, index) =>
            found ??
            unregisteredParty(registrations, partner.party, `data.partners.${index}.party.id`),
          null,
        );
      if (refused !== null) return refused;
      return networks.reduce<DomainError | null>(
        (found, networkId, index) =>
          found ??
          unregisteredParty(
            registrations,
            { kind: 'network', id: networkId },
            `data.networks.${index}`,
          ),
        null,
      );
    }
    case 'ProjectPartnerAdded':
      return unregisteredParty(registrations, event.data.partner, 'data.partner.id');
    case 'SuccessStoryRecorded': {
      const index = (event.data.relatedProjects ?? []).findIndex(
        (projectId) => !registrations.project(projectId),
      );
      return index === -1
        ? null
        : domainError(
            'not_registered',
            `data.relatedProjects.${index}`,
            `names project "${event.data.relatedProjects?.[index]}", which is not registered`,
          );
    }
    case 'NetworkRegistered':
    case 'NetworkProfileChanged':
    case 'NetworkRecognised':
    case 'NetworkAffiliated':
    case 'MembershipCensusReported':
    // A correction names a fact of the register, whose member was checked when it was recorded.
    case 'MembershipRecordCorrected':
    case 'OrganisationRegistered':
    case 'OrganisationRenamed':
    case 'OrganisationProfileChanged':
    case 'ProjectCompleted':
      return null;
    default:
      return event satisfies never;
  }
};
