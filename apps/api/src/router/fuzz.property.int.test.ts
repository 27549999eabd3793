/**
 * Property: whatever arrives at a command — random JSON, random bytes, or a valid command
 * mutated field by field with hostile values — the server answers, never with a 5xx, never with
 * a stack trace or SQL, and the log grows only when it answers 200 (by the events it reports).
 * 10,000 cases per property, over real HTTP.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { funding, network, organisation, SOURCE } from '../../test/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/support.ts';

const RUNS = 10_000;

/** A valid input for each command, on records the seeded dataset holds or that can be created. */
const TEMPLATES: Readonly<Record<string, Record<string, unknown>>> = {
  'organisations.register': { data: organisation('fuzz-org'), expectedRevision: null },
  'organisations.rename': {
    data: { organisationId: 'regione-lombardia', name: 'Regione', effectiveDate: '2023-01' },
    expectedRevision: 0,
  },
  'networks.register': { data: network('fuzz-net'), expectedRevision: null },
  'networks.recordAffiliation': {
    data: {
      networkId: 'afil',
      internationalNetwork: 'ECCP',
      effectiveDate: '2023',
      dateQualifier: 'on',
    },
    expectedRevision: 0,
  },
  'memberships.recordJoin': {
    data: {
      networkId: 'afil',
      organisationId: 'regione-lombardia',
      category: 'other_body',
      effectiveDate: '2021-05',
      dateQualifier: 'on',
    },
    expectedRevision: 0,
  },
  'memberships.reportCensus': {
    data: { networkId: 'afil', asOf: '2023', total: 150, companies: 120 },
    expectedRevision: 0,
  },
  'projects.recordFunding': {
    data: funding('fuzz-project', 'afil', 'regione-lombardia'),
    expectedRevision: null,
  },
};

const PATHS = Object.keys(TEMPLATES);

const HOSTILE = [
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\u0000',
  '\uD800',
  '🦄'.repeat(1_000),
  'x'.repeat(200_000),
  '2019-02-30',
  '0000-00-00',
  '-1',
  'NaN',
  '__proto__',
  'constructor',
];

const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(...HOSTILE),
  fc.constantFrom<unknown>(null, true, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 50, max: 400 }).map((depth) => {
    let value: unknown = 'deep';
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  }),
);

/** The field paths of a template, dotted, down to its leaves. */
const pathsOf = (value: unknown, prefix: string[] = []): string[][] => {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  return [prefix, ...entries.flatMap(([key, inner]) => pathsOf(inner, [...prefix, key]))];
};

const mutate = (
  template: Record<string, unknown>,
  path: readonly string[],
  change: 'delete' | 'replace' | 'add',
  value: unknown,
): unknown => {
  const copy = structuredClone(template) as Record<string, unknown>;
  if (path.length === 0) return change === 'replace' ? value : { ...copy, unexpected: value };
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1) as string;
  if (change === 'delete') delete node[last];
  else if (change === 'replace') node[last] = value;
  else if (node[last] !== null && typeof node[last] === 'object') {
    (node[last] as Record<string, unknown>).unexpected = value;
  } else node[`${last}Extra`] = value;
  return copy;
};

/** A structure-aware mutation of a valid command: one field removed, replaced or joined by another. */
const mutatedCommand = fc.constantFrom(...PATHS).chain((path) => {
  const template = { ...(TEMPLATES[path] as Record<string, unknown>), source: SOURCE };
  return fc
    .record({
      field: fc.constantFrom(...pathsOf(template)),
      change: fc.constantFrom<'delete' | 'replace' | 'add'>('delete', 'replace', 'add'),
      value: hostileValue,
      // Someone else's name in the body: the actor comes from the session, never from here.
      actor: fc.boolean(),
    })
    .map(({ field, change, value, actor }) => {
      const body = mutate(template, field, change, value);
      return {
        path,
        body: JSON.stringify(
          actor && body !== null && typeof body === 'object'
            ? { ...body, actor: 'user:admin' }
            : body,
        ),
      };
    });
});

const randomBody = fc.record({
  path: fc.constantFrom(...PATHS),
  body: fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'),
    fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    fc.string({ maxLength: 256 }),
  ),
});

describe('command inputs, fuzzed over HTTP', () => {
  let t: TestApi;
  let head: number;

  beforeAll(async () => {
    t = await startTestApi('embedded', { seed: true });
    head = (await t.api.services.eventStore.headPosition()) ?? 0;
  });
  afterAll(() => t.close());

  const send = async (path: string, body: string) => {
    const response = await fetch(`${t.url}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.tokens.editor}` },
      body,
    });
    return { status: response.status, text: await response.text() };
  };

  /** The answer is clear and the log grew only by what a 200 reports. */
  const judge = async (path: string, body: string): Promise<boolean> => {
    const { status, text } = await send(path, body);
    const after = (await t.api.services.eventStore.headPosition()) ?? 0;
    expect(status, `${path} ${body.slice(0, 200)}: ${text.slice(0, 300)}`).toBeLessThan(500);
    expect(text).not.toMatch(/\bat [\w.<>]+ \(|SQLITE|node:internal/);
    if (status === 200) {
      const position = (JSON.parse(text) as { result: { data: { position: number } } }).result.data
        .position;
      expect(after).toBeGreaterThan(head);
      expect(position).toBe(after);
    } else {
      expect(after, `${path} answered ${status} but the log grew`).toBe(head);
      const message = (JSON.parse(text) as { error: { message: string } }).error.message;
      expect(message.length).toBeGreaterThan(0);
    }
    head = after;
    return true;
  };

  it(`answers ${RUNS.toLocaleString('en-US')} mutated commands clearly, writing only what it accepts`, async () => {
    await fc.assert(
      fc.asyncProperty(mutatedCommand, ({ path, body }) => judge(path, body)),
      { numRuns: RUNS },
    );
    // The actor in a body never reaches the log.
    for (const event of await t.events()) {
      expect(String(event.metadata.actor)).not.toBe('user:admin');
    }
  }, 600_000);

  it(`answers ${RUNS.toLocaleString('en-US')} random bodies clearly, writing nothing`, async () => {
    const before = head;
    await fc.assert(
      fc.asyncProperty(randomBody, ({ path, body }) => judge(path, body)),
      { numRuns: RUNS },
    );
    expect(head).toBe(before);
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
  }, 600_000);
});
