import type { DomainEvent } from '../registry.ts';
import type { Address, DateQualifier, NetworkKind } from '../shared/categories.ts';
import type { EventEnvelope } from '../shared/envelope.ts';
import type { NetworkId } from '../shared/ids.ts';
import {
  comparePartialDates,
  earliestDay,
  latestDay,
  type PartialDate,
} from '../shared/partialDate.ts';
import type { PnrrRef } from '../shared/pnrr.ts';
import type { Projection } from '../shared/projection.ts';
import type { S3Ecosystem } from '../shared/s3.ts';
import type {
  NetworkAffiliatedData,
  NetworkProfileChanges,
  NetworkRecognisedData,
  NetworkRegisteredData,
} from './events.ts';

export interface NetworkProfile {
  readonly name: string;
  readonly acronym?: string | undefined;
  readonly headquarters: readonly Address[];
  readonly website?: string | undefined;
  readonly s3Ecosystems: readonly S3Ecosystem[];
  readonly technologyAreas: readonly string[];
  readonly synergies?:
    | { readonly s3Ecosystems: readonly S3Ecosystem[]; readonly pnrr: readonly PnrrRef[] }
    | undefined;
}

export interface DirectoryEntry {
  readonly networkId: NetworkId;
  readonly kind: NetworkKind;
  readonly establishedOn: PartialDate | undefined;
  /** The profile with every recorded change applied in effective-date order. */
  readonly profile: NetworkProfile;
  /** In recorded order, each with its qualifier spelled out (`on` where the event omits it). */
  readonly recognitions: readonly DirectoryRecognition[];
  readonly affiliations: readonly Omit<NetworkAffiliatedData, 'networkId'>[];
  /** The profile as first registered, which the changes apply to. */
  readonly registeredProfile: NetworkProfile;
  readonly changes: readonly {
    readonly effectiveDate: PartialDate;
    readonly changes: NetworkProfileChanges;
  }[];
}

export type DirectoryRecognition = Omit<NetworkRecognisedData, 'networkId' | 'dateQualifier'> & {
  readonly dateQualifier: DateQualifier;
};

export interface NetworkDirectoryState {
  readonly networks: Readonly<Record<NetworkId, DirectoryEntry>>;
}

const profileOf = ({
  networkId: _networkId,
  kind: _kind,
  establishedOn: _establishedOn,
  ...profile
}: NetworkRegisteredData): NetworkProfile => profile;

const withoutUndefined = (changes: NetworkProfileChanges): Partial<NetworkProfile> =>
  Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));

// Changes apply in effective-date order (stable for ties), so a late-recorded older change never
// overrides a newer one.
const currentProfile = (
  entry: Pick<DirectoryEntry, 'registeredProfile' | 'changes'>,
): NetworkProfile =>
  Object.assign(
    {},
    entry.registeredProfile,
    ...[...entry.changes]
      .sort((a, b) => comparePartialDates(a.effectiveDate, b.effectiveDate))
      .map((change) => withoutUndefined(change.changes)),
  );

const update = (
  state: NetworkDirectoryState,
  networkId: NetworkId,
  change: (entry: DirectoryEntry) => DirectoryEntry,
): NetworkDirectoryState => {
  const entry = state.networks[networkId];
  return entry === undefined
    ? state
    : { networks: { ...state.networks, [networkId]: change(entry) } };
};

/** Per network: its current profile, recognitions and international affiliations. */
export const networkDirectory: Projection<NetworkDirectoryState> = {
  name: 'network-directory',
  // 2: recognitions carry their date qualifier, so states stored by version 1 are rebuilt.
  version: 2,
  initialState: { networks: {} },
  apply: (state, event: EventEnvelope<DomainEvent>) => {
    switch (event.type) {
      case 'NetworkRegistered': {
        const registeredProfile = profileOf(event.data);
        const entry: DirectoryEntry = {
          networkId: event.data.networkId,
          kind: event.data.kind,
          establishedOn: event.data.establishedOn,
          profile: registeredProfile,
          recognitions: [],
          affiliations: [],
          registeredProfile,
          changes: [],
        };
        return { networks: { ...state.networks, [entry.networkId]: entry } };
      }
      case 'NetworkProfileChanged': {
        const { networkId, ...change } = event.data;
        return update(state, networkId, (entry) => {
          const changes = [...entry.changes, change];
          return {
            ...entry,
            changes,
            profile: currentProfile({ registeredProfile: entry.registeredProfile, changes }),
          };
        });
      }
      case 'NetworkRecognised': {
        const { networkId, dateQualifier = 'on', ...recognition } = event.data;
        return update(state, networkId, (entry) => ({
          ...entry,
          recognitions: [...entry.recognitions, { ...recognition, dateQualifier }],
        }));
      }
      case 'NetworkAffiliated': {
        const { networkId, ...affiliation } = event.data;
        return update(state, networkId, (entry) => ({
          ...entry,
          affiliations: [...entry.affiliations, affiliation],
        }));
      }
      default:
        return state;
    }
  },
};

/**
 * The recognitions a network surely held on a date, read as its last day like a census `asOf`. An
 * `on` recognition counts from the first day of its period; a `by` one only from the last, since
 * the source vouches for it no earlier than that (as `membersOn` reads `by` joins).
 */
export const recognitionsOn = (
  entry: DirectoryEntry,
  date: PartialDate,
): readonly DirectoryRecognition[] =>
  entry.recognitions.filter(
    (recognition) =>
      (recognition.dateQualifier === 'by'
        ? latestDay(recognition.recognisedOn)
        : earliestDay(recognition.recognisedOn)) <= latestDay(date),
  );
