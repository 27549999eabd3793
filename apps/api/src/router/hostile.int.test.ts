import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { network, organisation, SOURCE } from '../../test/fixtures.ts';
import { callByPath } from '../../test/procedures.ts';
import { STORE_KINDS, startTestApi, type TestApi } from '../../test/support.ts';

const ORG = 'hostile-org';
const NET = 'hostile-net';
const UNKNOWN_EVENT = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';

const join = (data: Record<string, unknown> = {}) => ({
  data: {
    networkId: NET,
    organisationId: ORG,
    category: 'company',
    effectiveDate: '2020-05',
    dateQualifier: 'on',
    ...data,
  },
  expectedRevision: 0,
  source: SOURCE,
});

const register = (data: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  data: { ...organisation('hostile-new'), ...data },
  expectedRevision: null,
  source: SOURCE,
  ...rest,
});

const census = (data: Record<string, unknown>) => ({
  data: { networkId: NET, asOf: '2021', total: 10, ...data },
  expectedRevision: 0,
  source: SOURCE,
});

const nested = (depth: number): unknown => {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

interface Case {
  readonly name: string;
  readonly path: string;
  readonly input: unknown;
  readonly status: number;
  /** What the message must say: the field, and the reason. */
  readonly message: RegExp;
}

/** Hostile or malformed inputs sent through the tRPC client. */
const CASES: readonly Case[] = [
  // Shape of the command envelope.
  {
    name: 'no input at all',
    path: 'organisations.register',
    input: undefined,
    status: 400,
    message: /\(root\) is required/,
  },
  {
    name: 'input is a string',
    path: 'organisations.register',
    input: 'RegisterOrganisation',
    status: 400,
    message: /must be an object/,
  },
  {
    name: 'input is an array',
    path: 'organisations.register',
    input: [register()],
    status: 400,
    message: /must be an object/,
  },
  {
    name: 'data missing',
    path: 'organisations.register',
    input: { expectedRevision: null, source: SOURCE },
    status: 400,
    message: /data is required/,
  },
  {
    name: 'data is null',
    path: 'organisations.register',
    input: { ...register(), data: null },
    status: 400,
    message: /data must be an object/,
  },
  {
    name: 'data is a list',
    path: 'organisations.register',
    input: { ...register(), data: [organisation('x')] },
    status: 400,
    message: /data must be an object/,
  },
  {
    name: 'expectedRevision missing',
    path: 'organisations.register',
    input: { data: organisation('x'), source: SOURCE },
    status: 400,
    message: /expectedRevision is required/,
  },
  {
    name: 'expectedRevision negative',
    path: 'memberships.recordJoin',
    input: { ...join(), expectedRevision: -1 },
    status: 400,
    message: /expectedRevision must be the revision/,
  },
  {
    name: 'expectedRevision fractional',
    path: 'memberships.recordJoin',
    input: { ...join(), expectedRevision: 0.5 },
    status: 400,
    message: /expectedRevision must be the revision/,
  },
  {
    name: 'expectedRevision as text',
    path: 'memberships.recordJoin',
    input: { ...join(), expectedRevision: '0' },
    status: 400,
    message: /expectedRevision must be the revision/,
  },
  {
    name: 'expectedRevision beyond 2^53',
    path: 'memberships.recordJoin',
    input: { ...join(), expectedRevision: 2 ** 60 },
    status: 400,
    message: /expectedRevision/,
  },
  {
    name: 'source missing',
    path: 'organisations.register',
    input: { data: organisation('x'), expectedRevision: null },
    status: 400,
    message: /source is required/,
  },
  {
    name: 'source document blank',
    path: 'organisations.register',
    input: register({}, { source: { document: '   ' } }),
    status: 400,
    message: /source\.document must not be empty/,
  },
  {
    name: 'javascript: URL as source',
    path: 'organisations.register',
    input: register({}, { source: { document: 'x', url: 'javascript:alert(1)' } }),
    status: 400,
    message: /source\.url must be an http or https URL/,
  },
  // Fields the server sets itself.
  {
    name: "another user's actor",
    path: 'organisations.register',
    input: register({}, { actor: 'user:admin' }),
    status: 400,
    message: /actor is not accepted: the actor is the signed-in user/,
  },
  {
    name: 'metadata with an actor',
    path: 'organisations.register',
    input: register({}, { metadata: { actor: 'user:admin' } }),
    status: 400,
    message: /metadata is not accepted/,
  },
  {
    name: 'a client clock',
    path: 'organisations.register',
    input: register({}, { now: '2030-01-01T00:00:00Z' }),
    status: 400,
    message: /now is not accepted: the time of a command is the server clock/,
  },
  {
    name: 'a recordedAt',
    path: 'organisations.register',
    input: register({}, { recordedAt: '2001-01-01T00:00:00Z' }),
    status: 400,
    message: /recordedAt is not accepted/,
  },
  {
    name: 'an actor inside data',
    path: 'organisations.register',
    input: register({ actor: 'user:admin' }),
    status: 400,
    message: /data\.actor is not a known field/,
  },
  {
    name: 'unknown top-level field',
    path: 'organisations.register',
    input: register({}, { priority: 'high' }),
    status: 400,
    message: /priority is not a known field/,
  },
  {
    name: 'prototype pollution',
    path: 'organisations.register',
    input: JSON.parse(
      `{"data":{"__proto__":{"role":"admin"},"organisationId":"x","kind":"company","name":"X"},"expectedRevision":null,"source":{"document":"x"}}`,
    ),
    status: 400,
    message: /data\.__proto__ is not a known field/,
  },
  {
    name: 'constructor key',
    path: 'organisations.register',
    input: register({ constructor: { prototype: {} } }),
    status: 400,
    message: /data\.constructor is not a known field/,
  },
  // Injection strings where the model constrains the value.
  {
    name: 'SQL injection as an id',
    path: 'organisations.register',
    input: register({ organisationId: "x'; DROP TABLE users; --" }),
    status: 400,
    message: /data\.organisationId must be a slug/,
  },
  {
    name: 'SQL injection as a kind',
    path: 'organisations.register',
    input: register({ kind: "company' OR '1'='1" }),
    status: 400,
    message: /data\.kind must be one of/,
  },
  {
    name: 'SQL injection as a date',
    path: 'memberships.recordJoin',
    input: join({ effectiveDate: "2020'); DELETE FROM events; --" }),
    status: 400,
    message: /data\.effectiveDate/,
  },
  {
    name: 'path traversal as an id',
    path: 'organisations.register',
    input: register({ organisationId: '../../etc/passwd' }),
    status: 400,
    message: /data\.organisationId must be a slug/,
  },
  {
    name: 'markup as an id',
    path: 'organisations.register',
    input: register({ organisationId: '<script>alert(1)</script>' }),
    status: 400,
    message: /data\.organisationId must be a slug/,
  },
  {
    name: 'NUL byte in an id',
    path: 'organisations.register',
    input: register({ organisationId: 'acme\u0000' }),
    status: 400,
    message: /data\.organisationId must be a slug/,
  },
  {
    name: 'id one character too long',
    path: 'organisations.register',
    input: register({ organisationId: 'a'.repeat(81) }),
    status: 400,
    message: /data\.organisationId must be a slug/,
  },
  {
    name: 'javascript: URL as website',
    path: 'organisations.register',
    input: register({ website: 'javascript:alert(document.cookie)' }),
    status: 400,
    message: /data\.website must be an http or https URL/,
  },
  {
    name: 'province that is not a sigla',
    path: 'organisations.register',
    input: register({ province: 'Milano' }),
    status: 400,
    message: /data\.province must be a two-letter province code/,
  },
  {
    name: 'country that is not ISO',
    path: 'organisations.register',
    input: register({ country: 'ITA' }),
    status: 400,
    message: /data\.country must be an ISO 3166 alpha-2 country code/,
  },
  // Wrong types.
  {
    name: 'name as a number',
    path: 'organisations.register',
    input: register({ name: 42 }),
    status: 400,
    message: /data\.name must be a text/,
  },
  {
    name: 'name blank',
    path: 'organisations.register',
    input: register({ name: ' \t ' }),
    status: 400,
    message: /data\.name must not be empty/,
  },
  {
    name: 'census total as text',
    path: 'memberships.reportCensus',
    input: census({ total: '12' }),
    status: 400,
    message: /data\.total must be a whole number/,
  },
  {
    name: 'census total negative',
    path: 'memberships.reportCensus',
    input: census({ total: -1 }),
    status: 400,
    message: /data\.total must be a whole number, 0 or more/,
  },
  {
    name: 'census total fractional',
    path: 'memberships.reportCensus',
    input: census({ total: 10.5 }),
    status: 400,
    message: /data\.total must be a whole number/,
  },
  {
    name: 'census total null',
    path: 'memberships.reportCensus',
    input: census({ total: null }),
    status: 400,
    message: /data\.total must be a whole number/,
  },
  {
    name: 'census that does not add up',
    path: 'memberships.reportCensus',
    input: census({ total: 10, companies: 5, researchOrganisations: 1, otherBodies: 1 }),
    status: 400,
    message: /data\.total must equal companies \+ researchOrganisations \+ otherBodies \(7\)/,
  },
  {
    name: 'categories deeply nested',
    path: 'networks.register',
    input: {
      data: { ...network('hostile-x'), technologyAreas: [[[[['robotica']]]]] },
      expectedRevision: null,
      source: SOURCE,
    },
    status: 400,
    message: /data\.technologyAreas\.0 must be a text/,
  },
  {
    name: 'unknown fields nested 2,000 deep',
    path: 'organisations.register',
    input: register({ extra: nested(2_000) }),
    status: 400,
    message: /data\.extra is not a known field/,
  },
  {
    name: 'unknown S3 ecosystem',
    path: 'networks.register',
    input: {
      data: { ...network('hostile-x'), s3Ecosystems: ['space_mining'] },
      expectedRevision: null,
      source: SOURCE,
    },
    status: 400,
    message: /data\.s3Ecosystems\.0/,
  },
  {
    name: 'PNRR mission 7',
    path: 'projects.recordProposal',
    input: {
      data: {
        projectId: 'hostile-p',
        title: 'T',
        partners: [],
        networks: [],
        s3Ecosystems: [],
        pnrr: [{ mission: 7, component: 1 }],
      },
      expectedRevision: null,
      source: SOURCE,
    },
    status: 400,
    message: /data\.pnrr\.0\.mission must be a PNRR mission number, 1 to 6/,
  },
  {
    name: 'amount in another currency',
    path: 'projects.recordFunding',
    input: {
      data: {
        projectId: 'hostile-p',
        title: 'T',
        partners: [],
        networks: [],
        s3Ecosystems: [],
        pnrr: [],
        fundedOn: '2020',
        dateQualifier: 'on',
        amount: { value: 10, currency: 'USD' },
      },
      expectedRevision: null,
      source: SOURCE,
    },
    status: 400,
    message: /data\.amount\.currency must be "EUR"/,
  },
  {
    name: 'a lead that is a person',
    path: 'projects.recordProposal',
    input: {
      data: {
        projectId: 'hostile-p',
        title: 'T',
        lead: { kind: 'person', id: 'mario' },
        partners: [],
        networks: [],
        s3Ecosystems: [],
        pnrr: [],
      },
      expectedRevision: null,
      source: SOURCE,
    },
    status: 400,
    message: /data\.lead\.kind/,
  },
  {
    name: 'category that does not exist',
    path: 'memberships.recordJoin',
    input: join({ category: 'startup' }),
    status: 400,
    message: /data\.category must be one of/,
  },
  {
    name: 'date qualifier that does not exist',
    path: 'memberships.recordJoin',
    input: join({ dateQualifier: 'maybe' }),
    status: 400,
    message: /data\.dateQualifier must be one of "on", "by"/,
  },
  {
    name: 'correction of an unknown kind',
    path: 'memberships.correctRecord',
    input: {
      data: {
        networkId: NET,
        correctsEventId: UNKNOWN_EVENT,
        correction: { field: 'colour', value: 'red' },
      },
      expectedRevision: 0,
      source: SOURCE,
    },
    status: 400,
    message: /data\.correction\.field/,
  },
  {
    name: 'correction naming no UUID',
    path: 'memberships.correctRecord',
    input: {
      data: { networkId: NET, correctsEventId: '1 OR 1=1', correction: { field: 'retracted' } },
      expectedRevision: 0,
      source: SOURCE,
    },
    status: 400,
    message: /data\.correctsEventId must be a UUID/,
  },
  // Impossible dates.
  {
    name: '30 February',
    path: 'memberships.recordJoin',
    input: join({ effectiveDate: '2021-02-30' }),
    status: 400,
    message: /data\.effectiveDate/,
  },
  {
    name: '29 February of a common year',
    path: 'memberships.recordJoin',
    input: join({ effectiveDate: '2021-02-29' }),
    status: 400,
    message: /data\.effectiveDate/,
  },
  {
    name: 'month 13',
    path: 'memberships.recordJoin',
    input: join({ effectiveDate: '2021-13' }),
    status: 400,
    message: /data\.effectiveDate/,
  },
  {
    name: 'day zero',
    path: 'memberships.recordJoin',
    input: join({ effectiveDate: '2021-01-00' }),
    status: 400,
    message: /data\.effectiveDate/,
  },
  {
    name: 'slashed date',
    path: 'memberships.recordJoin',
    input: join({ effectiveDate: '2021/05/01' }),
    status: 400,
    message: /data\.effectiveDate/,
  },
  {
    name: 'date as a number',
    path: 'memberships.recordJoin',
    input: join({ effectiveDate: 20_210_501 }),
    status: 400,
    message: /data\.effectiveDate/,
  },
  {
    name: 'date with a time',
    path: 'memberships.recordJoin',
    input: join({ effectiveDate: '2021-05-01T00:00:00Z' }),
    status: 400,
    message: /data\.effectiveDate/,
  },
  // Valid shapes the domain refuses.
  {
    name: 'a date in the future',
    path: 'memberships.recordJoin',
    input: join({ effectiveDate: '2999-01' }),
    status: 422,
    message: /data\.effectiveDate must not be in the future/,
  },
  {
    name: 'a join before the network existed',
    path: 'memberships.recordJoin',
    input: join({ effectiveDate: '1999' }),
    status: 422,
    message: /data\.effectiveDate must not be before the network was established/,
  },
  {
    name: 'a member of an unregistered network',
    path: 'memberships.recordJoin',
    input: { ...join({ networkId: 'no-such-network' }), expectedRevision: null },
    status: 404,
    message: /data\.networkId names network "no-such-network", which is not registered/,
  },
  {
    name: 'an unregistered organisation joining',
    path: 'memberships.recordJoin',
    input: join({ organisationId: 'no-such-org' }),
    status: 404,
    message: /data\.organisationId names organisation "no-such-org", which is not registered/,
  },
  {
    name: 'a correction of a fact that never was',
    path: 'memberships.correctRecord',
    input: {
      data: { networkId: NET, correctsEventId: UNKNOWN_EVENT, correction: { field: 'retracted' } },
      expectedRevision: 0,
      source: SOURCE,
    },
    status: 422,
    message: /data\.correctsEventId names no join/,
  },
  {
    name: 'registering a record that exists',
    path: 'organisations.register',
    input: { data: organisation(ORG), expectedRevision: null, source: SOURCE },
    status: 409,
    message: /organisation-hostile-org is at revision 0, not none/,
  },
  {
    name: 'a stale revision',
    path: 'organisations.rename',
    input: {
      data: { organisationId: ORG, name: 'Renamed', effectiveDate: '2022' },
      expectedRevision: 7,
      source: SOURCE,
    },
    status: 409,
    message: /organisation-hostile-org is at revision 0, not 7/,
  },
];

describe.each(STORE_KINDS)('hostile and malformed commands (%s store)', (kind) => {
  let t: TestApi;
  let authorization: string;

  const count = async () => (await t.events()).length;

  const raw = async (
    path: string,
    body: string | Uint8Array,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${t.url}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization, ...headers },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as { error: { message: string } },
    };
  };

  beforeAll(async () => {
    t = await startTestApi(kind);
    authorization = `Bearer ${t.tokens.editor}`;
    await t.as.editor.organisations.register.mutate({
      data: organisation(ORG),
      expectedRevision: null,
      source: SOURCE,
    });
    await t.as.editor.networks.register.mutate({
      data: network(NET),
      expectedRevision: null,
      source: SOURCE,
    });
  });
  afterAll(() => t.close());

  it('holds more than 50 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CASES)(
    '$name: $status with a message naming the field, nothing appended',
    async ({ path, input, status, message }) => {
      const before = await count();
      const type = 'mutation' as const;
      const error = await callByPath(t.as.editor, { path, type }, input).then(
        () => new Error('the command was accepted'),
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TRPCClientError);
      const { data } = error as TRPCClientError<never>;
      expect((data as unknown as { httpStatus: number }).httpStatus).toBe(status);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/\bat .*\.ts:\d+|SQLITE|SELECT |INSERT /);
      expect(await count()).toBe(before);
    },
  );

  it('refuses a 10 MB string with 413 before reading it', async () => {
    const before = await count();
    const body = JSON.stringify(register({ name: 'x'.repeat(10 * 1024 * 1024) }));
    const answer = await raw('organisations.register', body);
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toMatch(/larger than 1048576 bytes/);
    expect(await count()).toBe(before);
  });

  it('refuses a body over the limit that does not announce its length', async () => {
    const before = await count();
    const chunk = new TextEncoder().encode(
      JSON.stringify(register({ name: 'y'.repeat(2 * 1024 * 1024) })),
    );
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < chunk.length; offset += 64 * 1024) {
          controller.enqueue(chunk.subarray(offset, offset + 64 * 1024));
        }
        controller.close();
      },
    });
    const response = await fetch(`${t.url}/trpc/organisations.register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await count()).toBe(before);
  });

  it('answers a list of 100,000 bad items with a bounded list of issues', async () => {
    const before = await count();
    const answer = await raw(
      'networks.register',
      JSON.stringify({
        data: {
          ...network('hostile-many'),
          technologyAreas: Array.from({ length: 100_000 }, () => 1),
        },
        expectedRevision: null,
        source: SOURCE,
      }),
    );
    expect(answer.status).toBe(400);
    const { error } = answer.body as { error: { message: string; data: { issues: unknown[] } } };
    expect(error.data.issues).toHaveLength(20);
    expect(error.message).toMatch(/^data\.technologyAreas\.0 must be a text; .*; and 99995 more$/);
    expect(await count()).toBe(before);
  });

  it('refuses an oversized batch through tRPC’s own handler too', async () => {
    const before = await count();
    const body = JSON.stringify({ 0: register({ name: 'z'.repeat(2 * 1024 * 1024) }) });
    const answer = await raw('organisations.register?batch=1', body);
    expect(answer.status).toBe(413);
    expect(await count()).toBe(before);
  });

  it('refuses a body that is not JSON, or nested past any sense', async () => {
    const before = await count();
    const broken = await raw('organisations.register', '{"data": {"organisationId": ');
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/not valid JSON/);
    const deep = await raw(
      'organisations.register',
      `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
    );
    expect(deep.status).toBe(400);
    expect(deep.body.error.message).toMatch(/must be an object/);
    expect(await count()).toBe(before);
  });

  it('refuses a body in another media type', async () => {
    const before = await count();
    const answer = await raw('organisations.register', JSON.stringify(register()), {
      'content-type': 'text/plain',
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(await count()).toBe(before);
  });

  it('stores injection strings in free text verbatim and harmlessly', async () => {
    const name = "Robert'); DROP TABLE events; -- <script>alert(1)</script>";
    const written = await t.as.editor.organisations.register.mutate({
      data: organisation('hostile-verbatim', name),
      expectedRevision: null,
      source: { document: "'; DELETE FROM users; --" },
    });
    const stored = (await t.events()).find((event) => event.position === written.position);
    expect(stored?.data.name).toBe(name);
    const read = await t.as.viewer.organisations.get.query({
      organisationId: 'hostile-verbatim',
      minPosition: written.position,
    });
    expect(read.name).toBe(name);
    expect(await t.as.admin.admin.users.list.query()).toHaveLength(4);
  });
});
