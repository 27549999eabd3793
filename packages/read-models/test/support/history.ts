/**
 * A deterministic synthetic history for tests and the benchmark: networks, organisations,
 * memberships (joins, leaves, category changes, censuses, corrections) and projects. Every
 * candidate event goes through the domain's admission (the deciders of each slice, against the
 * state of every stream it names); refused candidates are dropped, so the log is one the platform
 * could have recorded. Events come in bursts on one stream, appended in one call each.
 */
import {
  admit,
  createLedgerState,
  type DomainEvent,
  type EventEnvelope,
  eventRegistry,
  evolveLedger,
  type MemberCategory,
  streamOf,
} from '@ledger/domain';
import type { EventData, EventStore, JsonObject } from '@ledger/event-store';

export interface HistoryOptions {
  readonly seed: number;
  /** Events to generate (the last burst is cut to fit). */
  readonly events: number;
  readonly networks?: number;
}

export interface Append {
  readonly streamId: string;
  readonly events: readonly EventData[];
}

/** mulberry32: small, fast, and the same sequence on every machine. */
const random = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const CATEGORIES: readonly MemberCategory[] = ['company', 'research_organisation', 'other_body'];
const PROGRAMMES = ['Horizon 2020', 'Horizon Europe', 'Interreg', 'COSME', 'POR FESR'];
const NOW_START = Date.parse('2025-01-01T00:00:00.000Z');

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const dayString = (day: number): string => {
  const date = new Date(Date.UTC(2000, 0, 1) + day * 86_400_000);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
};
/** Days since 2000-01-01 of a year's first day. */
const dayOfYear = (year: number) =>
  Math.round((Date.UTC(year, 0, 1) - Date.UTC(2000, 0, 1)) / 86_400_000);
const LAST_DAY = dayOfYear(2024) + 360;

interface NetworkPlan {
  readonly id: string;
  cursor: number;
  readonly active: Map<string, MemberCategory>;
  readonly joins: { readonly eventId: string; readonly organisationId: string }[];
  readonly censuses: string[];
}

/** Yields the history's appends in log order. */
export function* generateHistory(options: HistoryOptions): Generator<Append> {
  const next = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const state = createLedgerState();
  let counter = 0;
  let clock = NOW_START;
  let emitted = 0;
  const idPrefix = pad(options.seed % 100_000_000, 8);
  /**
   * The n-th event's id: the platform's ids are random (UUID v4), so the counter is scrambled (a
   * bijection on 48 bits) for an index on ids to see them in no particular order, as it would.
   */
  const idOf = (n: number): string => {
    const mixed = (BigInt(n) * 0x9e3779b97f4bn + 0x5bd1e995n) & 0xffffffffffffn;
    return `${idPrefix}-0000-4000-8000-${mixed.toString(16).padStart(12, '0')}`;
  };
  const networks: NetworkPlan[] = [];
  const organisations: string[] = [];
  const projects: { id: string; start: number; partners: Set<string>; completed: boolean }[] = [];
  const networkCount = options.networks ?? 12;

  /** Admits candidates in order onto one stream; returns the append of those admitted. */
  const burst = (candidates: readonly DomainEvent[]): Append | null => {
    const now = new Date(clock).toISOString();
    clock += 1_000;
    const admitted: EventData[] = [];
    let streamId: string | null = null;
    for (const candidate of candidates) {
      if (emitted + admitted.length >= options.events) break;
      counter++;
      const id = idOf(counter);
      const metadata = {
        actor: 'generator:test-history',
        source: { document: 'synthetic history' },
        schemaVersion: eventRegistry[candidate.type].version,
        synthetic: true as const,
      };
      const envelope = {
        ...candidate,
        id,
        streamId: streamOf(candidate),
        revision: 0,
        position: 0,
        recordedAt: now,
        metadata,
      } as EventEnvelope<DomainEvent>;
      if (!admit(state, envelope, now).ok) continue;
      evolveLedger(state, envelope);
      streamId = envelope.streamId;
      admitted.push({
        id,
        type: candidate.type,
        data: candidate.data as unknown as JsonObject,
        metadata,
      });
    }
    if (streamId === null || admitted.length === 0) return null;
    emitted += admitted.length;
    return { streamId, events: admitted };
  };

  const registerNetwork = (n: number): DomainEvent[] => {
    const networkId = `net-${pad(n, 3)}`;
    const established = dayOfYear(2008 + (n % 7));
    networks.push({
      id: networkId,
      cursor: established + 30,
      active: new Map(),
      joins: [],
      censuses: [],
    });
    return [
      {
        type: 'NetworkRegistered',
        data: {
          networkId,
          kind: 'technology_cluster',
          name: `Cluster ${n}`,
          acronym: `C${n}`,
          headquarters: [{ city: 'Milano', province: 'MI' }],
          s3Ecosystems: [],
          technologyAreas: [],
          establishedOn: String(2008 + (n % 7)),
        },
      },
      {
        type: 'NetworkRecognised',
        data: { networkId, authority: 'Regione Lombardia', recognisedOn: String(2014 + (n % 3)) },
      },
    ];
  };

  const registerOrganisation = (): DomainEvent[] => {
    const organisationId = `org-${pad(organisations.length, 6)}`;
    organisations.push(organisationId);
    const kind = pick(CATEGORIES);
    const events: DomainEvent[] = [
      {
        type: 'OrganisationRegistered',
        data: { organisationId, kind, name: `Organisation ${organisations.length}`, country: 'IT' },
      },
    ];
    if (next() < 0.1) {
      events.push({
        type: 'OrganisationRenamed',
        data: {
          organisationId,
          name: `Organisation ${organisations.length} S.p.A.`,
          effectiveDate: dayString(dayOfYear(2015) + Math.floor(next() * 3000)),
        },
      });
    }
    return events;
  };

  const membershipBurst = (network: NetworkPlan): DomainEvent[] => {
    const events: DomainEvent[] = [];
    const size = 5 + Math.floor(next() * 25);
    for (let i = 0; i < size; i++) {
      network.cursor = Math.min(LAST_DAY, network.cursor + Math.floor(next() * 6));
      const date = dayString(network.cursor);
      const roll = next();
      const { id: networkId } = network;
      if (roll < 0.55 || network.active.size < 3) {
        const organisationId = pick(organisations);
        if (network.active.has(organisationId)) continue;
        const category = pick(CATEGORIES);
        const byYear = next() < 0.08;
        const eventIndex = counter + events.length + 1;
        events.push({
          type: 'MemberJoined',
          data: {
            networkId,
            organisationId,
            category,
            effectiveDate: byYear ? date.slice(0, 4) : date,
            dateQualifier: byYear ? 'by' : 'on',
          },
        });
        network.active.set(organisationId, category);
        network.joins.push({
          eventId: idOf(eventIndex),
          organisationId,
        });
      } else if (roll < 0.75) {
        const organisationId = pick([...network.active.keys()]);
        events.push({
          type: 'MemberLeft',
          data: { networkId, organisationId, effectiveDate: date, reason: 'withdrew' },
        });
        network.active.delete(organisationId);
      } else if (roll < 0.88) {
        const organisationId = pick([...network.active.keys()]);
        const from = network.active.get(organisationId) as MemberCategory;
        const to = pick(CATEGORIES.filter((category) => category !== from));
        events.push({
          type: 'MemberCategoryChanged',
          data: { networkId, organisationId, from, to, effectiveDate: date },
        });
        network.active.set(organisationId, to);
      } else if (roll < 0.94) {
        const counts = { company: 0, research_organisation: 0, other_body: 0 };
        for (const category of network.active.values()) counts[category]++;
        events.push({
          type: 'MembershipCensusReported',
          data: {
            networkId,
            asOf: date.slice(0, 7),
            total: network.active.size,
            companies: counts.company,
            researchOrganisations: counts.research_organisation,
            otherBodies: counts.other_body,
          },
        });
      } else if (network.joins.length > 0) {
        const target = pick(network.joins);
        const kind = next();
        events.push({
          type: 'MembershipRecordCorrected',
          data: {
            networkId,
            organisationId: target.organisationId,
            correctsEventId: target.eventId,
            correction:
              kind < 0.5
                ? { field: 'category', value: pick(CATEGORIES) }
                : kind < 0.85
                  ? {
                      field: 'effectiveDate',
                      value: dayString(network.cursor - 400 - Math.floor(next() * 200)),
                    }
                  : { field: 'retracted' },
          },
        });
      }
    }
    return events;
  };

  const projectBurst = (): DomainEvent[] => {
    const projectId = `prj-${pad(projects.length, 6)}`;
    const start = dayOfYear(2012) + Math.floor(next() * 4000);
    const end = start + 365 + Math.floor(next() * 1200);
    const partners = new Set<string>();
    const partnerCount = Math.floor(next() * 4);
    for (let i = 0; i < partnerCount; i++) partners.add(pick(organisations));
    const networkIds = new Set([pick(networks).id]);
    if (next() < 0.3) networkIds.add(pick(networks).id);
    projects.push({ id: projectId, start, partners, completed: false });
    return [
      {
        type: 'ProjectFunded',
        data: {
          projectId,
          title: `Project ${projects.length}`,
          programme: pick(PROGRAMMES),
          funder: 'Unione Europea',
          startDate: dayString(start),
          endDate: dayString(end),
          partners: [...partners].map((id) => ({ party: { kind: 'organisation', id } })),
          networks: [...networkIds],
          s3Ecosystems: [],
          pnrr: [],
          dateQualifier: 'on',
          amount: { value: Math.round(next() * 2_000_000), currency: 'EUR' },
          fundedOn: dayString(start - 60),
        },
      },
    ];
  };

  const projectFollowUp = (): DomainEvent[] => {
    const project = pick(projects);
    const events: DomainEvent[] = [];
    const partner = pick(organisations);
    if (!project.partners.has(partner)) {
      project.partners.add(partner);
      events.push({
        type: 'ProjectPartnerAdded',
        data: {
          projectId: project.id,
          partner: { kind: 'organisation', id: partner },
          effectiveDate: dayString(project.start + 90),
        },
      });
    }
    if (!project.completed && next() < 0.4) {
      project.completed = true;
      events.push({
        type: 'ProjectCompleted',
        data: {
          projectId: project.id,
          completedOn: dayString(Math.min(LAST_DAY, project.start + 700)),
        },
      });
    }
    return events;
  };

  for (let n = 0; n < networkCount && emitted < options.events; n++) {
    const append = burst(registerNetwork(n));
    if (append !== null) yield append;
  }
  while (organisations.length < 40 && emitted < options.events) {
    const append = burst(registerOrganisation());
    if (append !== null) yield append;
  }
  while (emitted < options.events) {
    const roll = next();
    const candidates =
      roll < 0.6
        ? membershipBurst(pick(networks))
        : roll < 0.78
          ? registerOrganisation()
          : roll < 0.9
            ? projectBurst()
            : projects.length > 0
              ? projectFollowUp()
              : [];
    const append = burst(candidates);
    if (append !== null) yield append;
  }
}

/**
 * Appends a generated history to a store; returns how many events and appends it wrote. With
 * `perCall` above 1, that many bursts go in one `appendMany` (one transaction in the embedded
 * store, so they share a `recordedAt`).
 */
export async function appendHistory(
  store: EventStore,
  options: HistoryOptions & { readonly perCall?: number },
): Promise<{ events: number; appends: number }> {
  const perCall = options.perCall ?? 1;
  let events = 0;
  let appends = 0;
  let pending: Append[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    await store.appendMany(
      pending.map((append) => ({ streamId: append.streamId, events: append.events })),
    );
    pending = [];
  };
  for (const append of generateHistory(options)) {
    pending.push(append);
    events += append.events.length;
    appends++;
    if (pending.length >= perCall) await flush();
  }
  await flush();
  return { events, appends };
}
