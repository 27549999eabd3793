import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisation, SOURCE } from '../test/fixtures.ts';
import { type Client, PASSWORD, STORE_KINDS, startTestApi, type TestApi } from '../test/support.ts';

const RACES = 1_000;

describe.each(STORE_KINDS)('two editors changing the same record at once (%s store)', (kind) => {
  let t: TestApi;
  let first: Client;
  let second: Client;

  beforeAll(async () => {
    t = await startTestApi(kind);
    await t.as.admin.admin.users.create.mutate({
      username: 'editor-2',
      role: 'editor',
      password: PASSWORD,
    });
    first = t.as.editor;
    second = t.client(await t.signIn('editor-2', PASSWORD));
  });
  afterAll(() => t.close());

  const rename = (client: Client, name: string, expectedRevision: number) =>
    client.organisations.rename
      .mutate({
        data: { organisationId: 'raced', name, effectiveDate: '2024' },
        expectedRevision,
        source: SOURCE,
      })
      .then(
        (accepted) => ({ ok: true as const, accepted, name }),
        (error: unknown) => ({ ok: false as const, error }),
      );

  it(`lets exactly one of each pair through, ${RACES} times, losing and duplicating nothing`, async () => {
    const created = await first.organisations.register.mutate({
      data: organisation('raced'),
      expectedRevision: null,
      source: SOURCE,
    });
    const winners: { id: string; name: string; revision: number }[] = [];
    for (let race = 0; race < RACES; race++) {
      const revision = created.revision + race;
      const outcomes = await Promise.all([
        rename(first, `First ${race}`, revision),
        rename(second, `Second ${race}`, revision),
      ]);
      const won = outcomes.filter((outcome) => outcome.ok);
      const lost = outcomes.filter((outcome) => !outcome.ok);
      expect(won, `race ${race}`).toHaveLength(1);
      expect(lost, `race ${race}`).toHaveLength(1);
      const loser = lost[0]?.ok === false ? lost[0].error : undefined;
      expect(loser).toBeInstanceOf(TRPCClientError);
      expect((loser as TRPCClientError<never>).data).toMatchObject({
        code: 'CONFLICT',
        httpStatus: 409,
        field: 'expectedRevision',
        stream: 'organisation-raced',
        currentRevision: revision + 1,
      });
      const [winner] = won;
      if (winner?.ok !== true) throw new Error('unreachable');
      expect(winner.accepted.revision).toBe(revision + 1);
      winners.push({
        id: winner.accepted.events[0]?.id ?? '',
        name: winner.name,
        revision: revision + 1,
      });
    }
    const stream = (await t.events()).filter((event) => event.streamId === 'organisation-raced');
    expect(stream).toHaveLength(RACES + 1);
    expect(new Set(stream.map((event) => event.id)).size).toBe(RACES + 1);
    expect(stream.map((event) => event.revision)).toEqual(stream.map((_, index) => index));
    expect(
      stream
        .slice(1)
        .map((event) => ({ id: event.id, name: event.data.name, revision: event.revision })),
    ).toEqual(winners);
    const actors = new Set(stream.slice(1).map((event) => event.metadata.actor));
    expect(
      [...actors].every((actor) => actor === 'user:editor-1' || actor === 'user:editor-2'),
    ).toBe(true);
  });
});
