/**
 * Reading the read models: one function per question, each on the live views of a read store
 * (or any store a known-at replay produced). Cross-model questions (an organisation's networks,
 * a timeline's member counts) are joined here, at read time, so each projection stays
 * independent and replayable on its own.
 */
import { latestDay, type Source } from '@ledger/domain';
import type { ReadStore } from './readStore.ts';
import { countField, type MemberCounts } from './reports/validTime.ts';

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

export interface RegisterPeriod {
  readonly category: string;
  /** The date the category was recorded from, at the source's precision. */
  readonly from: string;
  readonly eventId: string;
  /** Days it counts: `[startDay, endDay)`; `endDay` is 9999-12-31 while open. */
  readonly startDay: string;
  readonly endDay: string;
}

export interface RegisterInterval {
  readonly organisationId: string;
  readonly joinEventId: string;
  readonly from: string;
  readonly dateQualifier: string;
  readonly to: string | null;
  readonly leaveEventId: string | null;
  readonly leaveReason: string | null;
  readonly periods: readonly RegisterPeriod[];
}

export interface RegisterCorrection {
  readonly correctionEventId: string;
  readonly correctsEventId: string;
  readonly organisationId: string | null;
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly recordedAt: string;
  readonly reason: string | null;
}

export interface RegisterCensus {
  readonly eventId: string;
  readonly asOf: string;
  readonly total: number;
  readonly companies: number | null;
  readonly research: number | null;
  readonly other: number | null;
  readonly approximate: boolean;
  readonly retracted: boolean;
  readonly source: Source;
}

export interface MembershipRegisterView {
  readonly networkId: string;
  /** The validity intervals that count, by member and join date. */
  readonly intervals: readonly RegisterInterval[];
  readonly census: readonly RegisterCensus[];
  readonly corrections: readonly RegisterCorrection[];
}

const nullableNumber = (value: unknown): number | null => (value === null ? null : Number(value));

/** A network's membership register: validity intervals by category, census points, corrections. */
export function membershipRegisterOf(store: ReadStore, networkId: string): MembershipRegisterView {
  const intervals = new Map<string, RegisterInterval & { periods: RegisterPeriod[] }>();
  // Periods name facts by log position; the facts table gives their event ids.
  for (const row of store.all(
    `SELECT p.*,
       (SELECT event_id FROM membership_facts WHERE seq = p.join_seq) AS join_event_id,
       (SELECT event_id FROM membership_facts WHERE seq = p.leave_seq) AS leave_event_id,
       (SELECT event_id FROM membership_facts WHERE seq = p.category_seq) AS category_event_id
     FROM membership_periods p WHERE p.network_id = ?
     ORDER BY p.from_date, p.organisation_id, p.interval_no, p.start_day`,
    networkId,
  )) {
    const key = `${String(row.organisation_id)}/${String(row.interval_no)}`;
    let interval = intervals.get(key);
    if (interval === undefined) {
      interval = {
        organisationId: String(row.organisation_id),
        joinEventId: String(row.join_event_id),
        from: String(row.from_date),
        dateQualifier: String(row.date_qualifier),
        to: text(row.to_date),
        leaveEventId: text(row.leave_event_id),
        leaveReason: text(row.leave_reason),
        periods: [],
      };
      intervals.set(key, interval);
    }
    interval.periods.push({
      category: String(row.category),
      from: String(row.category_from),
      eventId: String(row.category_event_id),
      startDay: String(row.start_day),
      endDay: String(row.end_day),
    });
  }
  const census = store
    .all('SELECT * FROM membership_census WHERE network_id = ? ORDER BY seq', networkId)
    .map(
      (row): RegisterCensus => ({
        eventId: String(row.event_id),
        asOf: String(row.as_of),
        total: Number(row.total),
        companies: nullableNumber(row.companies),
        research: nullableNumber(row.research),
        other: nullableNumber(row.other),
        approximate: Number(row.approximate) === 1,
        retracted: Number(row.retracted) === 1,
        source: JSON.parse(String(row.source)) as Source,
      }),
    );
  const corrections = store
    .all('SELECT * FROM membership_corrections WHERE network_id = ? ORDER BY seq', networkId)
    .map(
      (row): RegisterCorrection => ({
        correctionEventId: String(row.correction_event_id),
        correctsEventId: String(row.corrects_event_id),
        organisationId: text(row.organisation_id),
        field: String(row.field),
        before: JSON.parse(String(row.before)),
        after: JSON.parse(String(row.after)),
        recordedAt: String(row.recorded_at),
        reason: text(row.reason),
      }),
    );
  return { networkId, intervals: [...intervals.values()], census, corrections };
}

export interface TimelineEntry {
  readonly position: number;
  readonly eventId: string;
  readonly type: string;
  /** The date the event states, at its precision; null for a network registered without one. */
  readonly effectiveDate: string | null;
  readonly recordedAt: string;
  readonly data: unknown;
  /** Members at the end of the entry's date (its last day), with every correction applied. */
  readonly members: MemberCounts | null;
  /** The citation backing the fact (null only if the audit trail is not built yet). */
  readonly source: Source | null;
  /** Generated demo or test data, never a sourced fact. */
  readonly synthetic: boolean;
}

/** Every event concerning a network, in effective-date order, with the member counts after each. */
export function networkTimeline(store: ReadStore, networkId: string): TimelineEntry[] {
  // The citation comes from the audit trail, joined here: each projection stays on its own.
  const entries = store.all(
    `SELECT t.*, a.source AS source, a.synthetic AS synthetic FROM network_timeline t
     LEFT JOIN audit_events a ON a.position = t.position
     WHERE t.network_id = ? ORDER BY t.sort_day, t.position`,
    networkId,
  );
  const changes = store
    .all(
      'SELECT category, start_day, end_day FROM membership_periods WHERE network_id = ?',
      networkId,
    )
    .flatMap((row) => [
      { day: String(row.start_day), delta: 1, category: String(row.category) },
      { day: String(row.end_day), delta: -1, category: String(row.category) },
    ])
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const days = [
    ...new Set(
      entries.flatMap((row) =>
        row.effective_date === null ? [] : [latestDay(String(row.effective_date))],
      ),
    ),
  ].sort();
  const countsByDay = new Map<string, MemberCounts>();
  const running = { total: 0, companies: 0, research: 0, other: 0 };
  let next = 0;
  for (const day of days) {
    while (next < changes.length && (changes[next]?.day ?? '') <= day) {
      const change = changes[next] as (typeof changes)[number];
      running[countField(change.category)] += change.delta;
      running.total += change.delta;
      next++;
    }
    countsByDay.set(day, { ...running });
  }
  return entries.map((row) => {
    const effectiveDate = text(row.effective_date);
    return {
      position: Number(row.position),
      eventId: String(row.event_id),
      type: String(row.type),
      effectiveDate,
      recordedAt: String(row.recorded_at),
      data: JSON.parse(String(row.data)),
      members: effectiveDate === null ? null : (countsByDay.get(latestDay(effectiveDate)) ?? null),
      source:
        row.source === null || row.source === undefined
          ? null
          : (JSON.parse(String(row.source)) as Source),
      synthetic: Number(row.synthetic ?? 0) === 1,
    };
  });
}

export interface OrganisationView {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly city: string | null;
  readonly province: string | null;
  readonly country: string;
  readonly website: string | null;
  /** The registered name (no date), then each rename with its effective date, in date order. */
  readonly names: readonly { readonly name: string; readonly effectiveDate: string | null }[];
  readonly networks: readonly {
    readonly networkId: string;
    readonly from: string;
    readonly to: string | null;
    readonly categories: readonly string[];
  }[];
  readonly projects: readonly {
    readonly projectId: string;
    readonly title: string | null;
    readonly role: string | null;
  }[];
}

/** An organisation with its names over time and its ties to networks and projects; null if unknown. */
export function organisationOf(store: ReadStore, organisationId: string): OrganisationView | null {
  const row = store.get('SELECT * FROM organisations WHERE organisation_id = ?', organisationId);
  if (row === undefined) return null;
  const networks = new Map<
    string,
    { networkId: string; from: string; to: string | null; categories: string[] }
  >();
  for (const period of store.all(
    `SELECT network_id, interval_no, from_date, to_date, category FROM membership_periods
     WHERE organisation_id = ? ORDER BY network_id, interval_no, start_day`,
    organisationId,
  )) {
    const key = `${String(period.network_id)}/${String(period.interval_no)}`;
    let tie = networks.get(key);
    if (tie === undefined) {
      tie = {
        networkId: String(period.network_id),
        from: String(period.from_date),
        to: text(period.to_date),
        categories: [],
      };
      networks.set(key, tie);
    }
    if (tie.categories.at(-1) !== String(period.category))
      tie.categories.push(String(period.category));
  }
  return {
    id: organisationId,
    kind: String(row.kind),
    name: String(row.name),
    city: text(row.city),
    province: text(row.province),
    country: String(row.country),
    website: text(row.website),
    names: [
      { name: String(row.registered_name), effectiveDate: null },
      ...store
        .all(
          'SELECT name, effective_date FROM organisation_names WHERE organisation_id = ? ORDER BY effective_day, seq',
          organisationId,
        )
        .map((name) => ({ name: String(name.name), effectiveDate: String(name.effective_date) })),
    ],
    networks: [...networks.values()],
    projects: store
      .all(
        `SELECT pp.project_id, p.title, pp.role FROM project_partners pp
         LEFT JOIN projects p ON p.project_id = pp.project_id
         WHERE pp.party_kind = 'organisation' AND pp.party_id = ? ORDER BY pp.project_id`,
        organisationId,
      )
      .map((project) => ({
        projectId: String(project.project_id),
        title: text(project.title),
        role: text(project.role),
      })),
  };
}

export interface ProjectView {
  readonly id: string;
  readonly status: string;
  readonly title: string;
  readonly programme: string | null;
  readonly funder: string | null;
  readonly amount: { readonly value: number; readonly currency: string } | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly completedOn: string | null;
  readonly networks: readonly string[];
  readonly partners: readonly {
    readonly kind: string;
    readonly id: string;
    readonly role: string | null;
    readonly since: string | null;
  }[];
}

/** Projects, optionally only those reported under one network, by id. */
export function projectList(
  store: ReadStore,
  filter: { readonly networkId?: string } = {},
): ProjectView[] {
  const rows =
    filter.networkId === undefined
      ? store.all('SELECT * FROM projects ORDER BY project_id')
      : store.all(
          `SELECT p.* FROM projects p JOIN project_networks pn ON pn.project_id = p.project_id
           WHERE pn.network_id = ? ORDER BY p.project_id`,
          filter.networkId,
        );
  return rows.map((row) => {
    const id = String(row.project_id);
    return {
      id,
      status: String(row.status),
      title: String(row.title),
      programme: text(row.programme),
      funder: text(row.funder),
      amount:
        row.amount === null ? null : { value: Number(row.amount), currency: String(row.currency) },
      startDate: text(row.start_date),
      endDate: text(row.end_date),
      completedOn: text(row.completed_on),
      networks: store
        .all('SELECT network_id FROM project_networks WHERE project_id = ? ORDER BY network_id', id)
        .map((network) => String(network.network_id)),
      partners: store
        .all(
          'SELECT party_kind, party_id, role, since FROM project_partners WHERE project_id = ? ORDER BY seq, party_kind, party_id',
          id,
        )
        .map((partner) => ({
          kind: String(partner.party_kind),
          id: String(partner.party_id),
          role: text(partner.role),
          since: text(partner.since),
        })),
    };
  });
}

export interface AuditEntry {
  readonly position: number;
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly source: Source;
  readonly reason: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly schemaVersion: number;
  readonly synthetic: boolean;
  /** For a correction: the event it corrects, that event's type, and the correction itself. */
  readonly corrects: {
    readonly eventId: string;
    readonly type: string | null;
    readonly correction: unknown;
    readonly before: unknown;
    readonly after: unknown;
  } | null;
}

/** A record the audit trail answers for. */
export type AuditRecord =
  | { readonly kind: 'network' | 'organisation' | 'project'; readonly id: string }
  | { readonly kind: 'membership'; readonly networkId: string; readonly organisationId: string };

/** Every event that touched the record, in log order. */
export function auditTrail(store: ReadStore, record: AuditRecord): AuditEntry[] {
  let rows: ReturnType<ReadStore['all']>;
  if (record.kind === 'membership') {
    rows = store.all(
      'SELECT * FROM audit_events WHERE stream_id = ? AND organisation_id = ? ORDER BY position',
      `network-${record.networkId}`,
      record.organisationId,
    );
  } else {
    const stream = `${record.kind}-${record.id}`;
    rows = store.all(
      `SELECT * FROM audit_events WHERE position IN (
         SELECT position FROM audit_events WHERE stream_id = ?1
         UNION SELECT position FROM audit_touches WHERE record = ?1
         UNION SELECT position FROM audit_events WHERE ?2 IS NOT NULL AND organisation_id = ?2)
       ORDER BY position`,
      stream,
      record.kind === 'organisation' ? record.id : null,
    );
  }
  return rows.map((row) => {
    const correctsId = text(row.corrects_event_id);
    let corrects: AuditEntry['corrects'] = null;
    if (correctsId !== null) {
      const target = store.get(
        'SELECT type FROM audit_events WHERE stream_id = ? AND event_id = ?',
        String(row.stream_id),
        correctsId,
      );
      // Before and after come from the register, when it has been built.
      const applied = store.hasView('membership_corrections')
        ? store.get(
            'SELECT before, after FROM membership_corrections WHERE correction_event_id = ?',
            String(row.event_id),
          )
        : undefined;
      corrects = {
        eventId: correctsId,
        type: text(target?.type),
        correction: JSON.parse(String(row.correction)),
        before: applied === undefined ? null : JSON.parse(String(applied.before)),
        after: applied === undefined ? null : JSON.parse(String(applied.after)),
      };
    }
    return {
      position: Number(row.position),
      eventId: String(row.event_id),
      type: String(row.type),
      streamId: String(row.stream_id),
      recordedAt: String(row.recorded_at),
      actor: String(row.actor),
      source: JSON.parse(String(row.source)) as Source,
      reason: text(row.reason),
      correlationId: text(row.correlation_id),
      causationId: text(row.causation_id),
      schemaVersion: Number(row.schema_version),
      synthetic: Number(row.synthetic) === 1,
      corrects,
    };
  });
}

export interface SuccessStoryView {
  readonly storyId: string;
  readonly title: string;
  readonly summary: string;
  /** The date the story states, at its precision, and how it is meant (`on` or `by`). */
  readonly reportedOn: string;
  readonly dateQualifier: 'on' | 'by';
  readonly relatedProjects: readonly string[];
  readonly eventId: string;
  readonly recordedAt: string;
  /** The citation backing the story. */
  readonly source: Source;
  /** Generated demo or test data, never a sourced fact. */
  readonly synthetic: boolean;
}

/** A network's success stories, earliest first. */
export function successStoriesOf(store: ReadStore, networkId: string): SuccessStoryView[] {
  return store
    .all(
      'SELECT * FROM success_stories WHERE network_id = ? ORDER BY sort_day, position',
      networkId,
    )
    .map(
      (row): SuccessStoryView => ({
        storyId: String(row.story_id),
        title: String(row.title),
        summary: String(row.summary),
        reportedOn: String(row.reported_on),
        dateQualifier: row.date_qualifier === 'by' ? 'by' : 'on',
        relatedProjects: JSON.parse(String(row.related_projects)) as string[],
        eventId: String(row.event_id),
        recordedAt: String(row.recorded_at),
        source: JSON.parse(String(row.source)) as Source,
        synthetic: Number(row.synthetic) === 1,
      }),
    );
}
