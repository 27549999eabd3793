import {
  createLedgerState,
  type DomainEvent,
  type EventEnvelope,
  eventRegistry,
  evolveLedger,
  evolveMembership,
  evolveNetwork,
  evolveOrganisation,
  evolveProject,
  evolveSuccessStories,
  initialMembershipState,
  initialNetworkState,
  initialOrganisationState,
  initialProjectState,
  initialSuccessStoryState,
  type LedgerState,
  type MembershipState,
  type NetworkState,
  type NetworkStreamEvent,
  type OrganisationEvent,
  type OrganisationState,
  type ProjectEvent,
  type ProjectState,
  parseStoredEvent,
  parseStreamId,
  type StreamCategory,
  type SuccessStoryState,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';

/** What the deciders of a stream's slice read, folded from the stream with the slice's `evolve`. */
export type SliceState =
  | {
      readonly category: 'network';
      readonly network: NetworkState;
      readonly membership: MembershipState;
      readonly successStories: SuccessStoryState;
    }
  | { readonly category: 'organisation'; readonly organisation: OrganisationState }
  | { readonly category: 'project'; readonly project: ProjectState };

/** A stream as the last load saw it. */
export interface StreamState {
  readonly streamId: string;
  /** Revision of the stream's last event; `null` while the stream has none. */
  readonly revision: number | null;
  readonly slice: SliceState;
  /**
   * The stream's share of the ledger state the domain's admission reads. Folded in place as the
   * stream grows, so a holder sees later events too: read it, never keep it across an append.
   */
  readonly ledger: LedgerState;
}

/** A stored event of the stream could not be read back as a domain event: the log needs repair. */
export class CorruptStreamError extends Error {
  override readonly name = 'CorruptStreamError';
}

interface Entry {
  revision: number | null;
  slice: SliceState;
  readonly ledger: LedgerState;
}

const initialSlice = (category: StreamCategory): SliceState => {
  switch (category) {
    case 'network':
      return {
        category,
        network: initialNetworkState,
        membership: initialMembershipState,
        successStories: initialSuccessStoryState,
      };
    case 'organisation':
      return { category, organisation: initialOrganisationState };
    case 'project':
      return { category, project: initialProjectState };
    default:
      return category satisfies never;
  }
};

const isNetworkStreamEvent = (
  event: EventEnvelope<DomainEvent>,
): event is EventEnvelope<NetworkStreamEvent> => eventRegistry[event.type].stream === 'network';
const isOrganisationEvent = (
  event: EventEnvelope<DomainEvent>,
): event is EventEnvelope<OrganisationEvent> => eventRegistry[event.type].stream === 'organisation';
const isProjectEvent = (event: EventEnvelope<DomainEvent>): event is EventEnvelope<ProjectEvent> =>
  eventRegistry[event.type].stream === 'project';

const evolveSlice = (slice: SliceState, event: EventEnvelope<DomainEvent>): SliceState => {
  switch (slice.category) {
    case 'network':
      return isNetworkStreamEvent(event)
        ? {
            category: 'network',
            network: evolveNetwork(slice.network, event),
            membership: evolveMembership(slice.membership, event),
            successStories: evolveSuccessStories(slice.successStories, event),
          }
        : slice;
    case 'organisation':
      return isOrganisationEvent(event)
        ? { category: 'organisation', organisation: evolveOrganisation(slice.organisation, event) }
        : slice;
    case 'project':
      return isProjectEvent(event)
        ? { category: 'project', project: evolveProject(slice.project, event) }
        : slice;
    default:
      return slice satisfies never;
  }
};

/**
 * The states of recently used streams, kept between commands so a command reads only the events
 * appended since the last one on its stream. The store stays the truth: every load reads the
 * stream's tail, so events written by another process are folded in too.
 */
export class StreamStates {
  readonly #store: EventStore;
  readonly #capacity: number;
  readonly #entries = new Map<string, Entry>();

  constructor(store: EventStore, capacity: number) {
    this.#store = store;
    this.#capacity = capacity;
  }

  async load(streamId: string): Promise<StreamState> {
    const parsed = parseStreamId(streamId);
    if (parsed === null) throw new TypeError(`"${streamId}" is not a stream of the ledger`);
    const known = this.#entries.get(streamId);
    const read = await this.#store.readStream(streamId, {
      fromRevision: known?.revision == null ? 'start' : known.revision + 1,
    });
    // From here to the return nothing awaits: concurrent loads of one stream fold each event once.
    const entry = this.#entries.get(streamId) ??
      known ?? {
        revision: null,
        slice: initialSlice(parsed.category),
        ledger: createLedgerState(),
      };
    if (read.status === 'found') {
      for (const recorded of read.events) {
        if (recorded.revision !== (entry.revision ?? -1) + 1) continue;
        const event = parseStoredEvent(recorded);
        if (!event.ok) {
          const issues = event.issues.map((issue) => `${issue.field} ${issue.reason}`).join('; ');
          throw new CorruptStreamError(
            `stream "${streamId}" revision ${recorded.revision} cannot be read: ${issues}`,
          );
        }
        entry.slice = evolveSlice(entry.slice, event.event);
        evolveLedger(entry.ledger, event.event);
        entry.revision = recorded.revision;
      }
    }
    this.#remember(streamId, entry);
    return { streamId, revision: entry.revision, slice: entry.slice, ledger: entry.ledger };
  }

  #remember(streamId: string, entry: Entry): void {
    this.#entries.delete(streamId);
    this.#entries.set(streamId, entry);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }
}
