import { type DomainEvent, type EventMetadata, eventRegistry, streamOf } from '@ledger/domain';
import { curatedEventId } from './event-id.ts';
import {
  clusterCensusFacts,
  clusterConsolidationFacts,
  clusterProfileFacts,
} from './facts/clusters.ts';
import type { CuratedFact } from './facts/fact.ts';
import { membershipFacts, otherNetworkFacts } from './facts/networks.ts';
import { organisationFacts } from './facts/organisations.ts';
import { projectFacts } from './facts/projects.ts';

/** Who records the curated facts. */
export const DATASET_ACTOR = 'dataset:lombardy';

/** A curated fact as the ledger holds it: a domain event with its stream, id and metadata. */
export type CuratedEvent = DomainEvent & {
  readonly id: string;
  readonly stream: string;
  readonly metadata: EventMetadata;
};

/**
 * Causal order: organisations, then networks with their recognitions and affiliations, then the
 * memberships that refer to both, then the projects that refer to all of them; facts curated later
 * for streams that already exist come last, so the ids of the earlier events stay as they were.
 */
const orderedFacts = (): CuratedFact[] => [
  ...organisationFacts(),
  ...clusterProfileFacts(),
  ...otherNetworkFacts(),
  ...clusterCensusFacts(),
  ...membershipFacts(),
  ...projectFacts(),
  ...clusterConsolidationFacts(),
];

// A fact's type and data are correlated member by member; rebuilding the pair loses that for TS.
const eventOf = (fact: CuratedFact): DomainEvent =>
  ({ type: fact.type, data: fact.data }) as DomainEvent;

const toEvent = (fact: CuratedFact, stream: string, ordinal: number): CuratedEvent => {
  const metadata: EventMetadata = {
    actor: DATASET_ACTOR,
    source: fact.source,
    ...(fact.reason === undefined ? {} : { reason: fact.reason }),
    schemaVersion: eventRegistry[fact.type].version,
  };
  return { ...eventOf(fact), id: curatedEventId(stream, ordinal), stream, metadata };
};

/** Builds the dataset: each event's id derives from its stream and its position in that stream. */
export const buildLombardyEvents = (
  facts: readonly CuratedFact[] = orderedFacts(),
): CuratedEvent[] => {
  const nextOrdinal = new Map<string, number>();
  return facts.map((fact) => {
    const stream = streamOf(eventOf(fact));
    const ordinal = nextOrdinal.get(stream) ?? 0;
    nextOrdinal.set(stream, ordinal + 1);
    return toEvent(fact, stream, ordinal);
  });
};

/** Every curated event of the Lombardy ecosystem, in log order. */
export const lombardyEvents: readonly CuratedEvent[] = buildLombardyEvents();
