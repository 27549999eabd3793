import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createMemoryEventStore,
  type EventStore,
  EventStoreUnavailableError,
  type JsonObject,
  openEventStore,
} from '@ledger/event-store';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../generate/generator.ts';
import {
  baseLines,
  Capture,
  eventLine,
  joinLine,
  networkLine,
  organisationLine,
  runLedger,
  tempDir,
  writeLines,
} from '../testSupport.ts';
import { ImportRejected, importFile } from './importer.ts';

const eventCount = async (dataDir: string): Promise<number> => {
  const store = await openEventStore({ dataDir });
  try {
    let count = 0;
    for await (const _ of store.readAll()) count++;
    return count;
  } finally {
    await store.close();
  }
};

/** Seeds the store with the base lines, imports `lines`, and checks nothing more was appended. */
const expectRejected = async (name: string, lines: readonly string[] | string) => {
  const dir = tempDir();
  expect((await runLedger(['import', writeLines(dir, 'base.jsonl', baseLines())], dir)).code).toBe(
    0,
  );
  const before = await eventCount(dir);
  const file = join(dir, name);
  writeFileSync(file, typeof lines === 'string' ? lines : lines.map((l) => `${l}\n`).join(''));
  const run = await runLedger(['import', name], dir);
  expect(await eventCount(dir)).toBe(before);
  expect(run.code).toBe(1);
  const stderr = run.stderr.trimEnd().split('\n');
  return { run, stderr, reason: stderr.at(-1) ?? '' };
};

describe('import refuses bad input and appends nothing of it', () => {
  it('malformed JSON: names the line', async () => {
    const { stderr, reason } = await expectRejected('bad.jsonl', [
      joinLine('afil', 'acme'),
      '{"format": "ledger-event/1", "id": ',
    ]);
    expect(stderr[0]).toMatch(/^line 2: field \(line\): is not valid JSON: /);
    expect(reason).toBe(
      'ledger import: 1 of 2 lines of "bad.jsonl" rejected; nothing was appended',
    );
  });

  it('an unknown event type', async () => {
    const { stderr } = await expectRejected('bad.jsonl', [
      eventLine('MemberBecameFamous', { networkId: 'afil' }),
    ]);
    expect(stderr[0]).toBe(
      'line 1: field type: must be a known event type, not "MemberBecameFamous"',
    );
  });

  it('a field of the wrong type', async () => {
    const { stderr } = await expectRejected('bad.jsonl', [
      eventLine('MembershipCensusReported', { networkId: 'afil', asOf: '2022', total: 'many' }),
    ]);
    expect(stderr[0]).toMatch(/^line 1: field data\.total: must be a whole number/);
  });

  it('a reference to an unknown network', async () => {
    const { stderr } = await expectRejected('bad.jsonl', [joinLine('nowhere', 'acme')]);
    expect(stderr[0]).toBe(
      'line 1: field data.networkId: names network "nowhere", which is not registered',
    );
  });

  it('a reference to an unknown organisation', async () => {
    const { stderr } = await expectRejected('bad.jsonl', [joinLine('afil', 'ghost')]);
    expect(stderr[0]).toBe(
      'line 1: field data.organisationId: names organisation "ghost", which is not registered',
    );
  });

  it('a file cut off mid-line', async () => {
    const whole = `${joinLine('afil', 'acme')}\n${joinLine('afil', 'beta')}\n`;
    const { stderr } = await expectRejected('cut.jsonl', whole.slice(0, whole.length - 30));
    expect(stderr[0]).toMatch(
      /^line 2: field \(line\): is cut off: the file ends inside this line/,
    );
  });

  it('a CSV with a missing column', async () => {
    const { stderr, reason } = await expectRejected('members.csv', [
      'rete,organizzazione,data,fonte',
      'afil,acme,2016,elenco-soci.pdf',
    ]);
    expect(stderr).toHaveLength(1);
    expect(reason).toBe(
      'ledger import: line 1: the header lacks column "category" (or "categoria")',
    );
  });

  it('a date in the future', async () => {
    const { stderr } = await expectRejected('future.jsonl', [
      joinLine('afil', 'acme', '2999-01-01'),
    ]);
    expect(stderr[0]).toMatch(/^line 1: field data\.effectiveDate: must not be in the future/);
  });

  it('an empty file', async () => {
    const { reason } = await expectRejected('empty.jsonl', '\n  \n');
    expect(reason).toBe('ledger import: "empty.jsonl" holds no events: nothing to import');
  });

  it('one bad line at the end: the valid lines before it are not appended either', async () => {
    const { stderr } = await expectRejected('late.jsonl', [
      organisationLine('gamma'),
      joinLine('afil', 'gamma'),
      joinLine('afil', 'acme', '2013'),
    ]);
    expect(stderr[0]).toBe(
      'line 3: field data.effectiveDate: must not be before the network was established (2013 is before 2014)',
    );
  });

  it('a line that repeats an earlier line’s id', async () => {
    const line = joinLine('afil', 'acme');
    const { stderr } = await expectRejected('twice.jsonl', [line, line]);
    expect(stderr[0]).toBe('line 2: field id: repeats the id of an earlier line of the file');
  });
});

describe('import', () => {
  it('appends a valid file, then appends nothing when it is imported again', async () => {
    const dir = tempDir();
    writeLines(dir, 'events.jsonl', [...baseLines(), joinLine('afil', 'acme')]);
    const first = await runLedger(['import', 'events.jsonl'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^events\.jsonl: 4 read, 4 appended, 0 skipped/);
    const second = await runLedger(['import', 'events.jsonl', '--format', 'json'], dir);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      status: 'ok',
      read: 4,
      appended: 0,
      skipped: 4,
      rejected: 0,
    });
    expect(await eventCount(dir)).toBe(4);
    const text = await runLedger(['import', 'events.jsonl'], dir);
    expect(text.stdout).toContain('nothing new: every event is already in the store');
  });

  it('--skip-invalid appends the valid lines and writes the rejected ones with reasons', async () => {
    const dir = tempDir();
    const bad = joinLine('afil', 'ghost');
    writeLines(dir, 'mixed.jsonl', [...baseLines(), bad, joinLine('afil', 'acme'), '{oops']);
    const run = await runLedger(
      ['import', 'mixed.jsonl', '--skip-invalid', '--rejected', 'out.jsonl', '--format', 'json'],
      dir,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ appended: 4, rejected: 2, read: 6 });
    expect(await eventCount(dir)).toBe(4);
    const rejected = readFileSync(join(dir, 'out.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rejected).toEqual([
      {
        line: 4,
        issues: [
          {
            field: 'data.organisationId',
            reason: 'names organisation "ghost", which is not registered',
          },
        ],
        text: bad,
      },
      {
        line: 6,
        issues: [{ field: '(line)', reason: expect.stringMatching(/^is not valid JSON/) }],
        text: '{oops',
      },
    ]);
  });

  it('reads a CSV membership list with Italian headers, semicolons and categories; re-import is a no-op', async () => {
    const dir = tempDir();
    await runLedger(['import', writeLines(dir, 'base.jsonl', baseLines())], dir);
    writeLines(dir, 'soci.csv', [
      'Rete;Organizzazione;Categoria;Data;Qualificatore;Fonte;Sezione',
      'afil;acme;Imprese;2016-03;entro;elenco-soci-2016.pdf;Soci',
      'afil;beta;organismi di ricerca;2017;il;elenco-soci-2017.pdf;',
    ]);
    const first = await runLedger(['import', 'soci.csv', '--format', 'json'], dir);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ format: 'csv', read: 2, appended: 2 });
    const store = await openEventStore({ dataDir: dir });
    const stream = await store.readStream('network-afil');
    await store.close();
    const events = stream.status === 'found' ? stream.events.slice(1) : [];
    expect(events.map((event) => [event.type, event.data])).toEqual([
      [
        'MemberJoined',
        {
          networkId: 'afil',
          organisationId: 'acme',
          category: 'company',
          effectiveDate: '2016-03',
          dateQualifier: 'by',
        },
      ],
      [
        'MemberJoined',
        {
          networkId: 'afil',
          organisationId: 'beta',
          category: 'research_organisation',
          effectiveDate: '2017',
          dateQualifier: 'on',
        },
      ],
    ]);
    expect(events[0]?.metadata).toEqual({
      actor: 'importer:csv',
      source: { document: 'elenco-soci-2016.pdf', section: 'Soci' },
      schemaVersion: 1,
      // The store's hash-chain link (docs/audit.md).
      chain: {
        v: 1,
        prev: expect.stringMatching(/^[0-9a-f]{64}$/),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    const again = await runLedger(['import', 'soci.csv', '--format', 'json'], dir);
    expect(JSON.parse(again.stdout)).toMatchObject({ appended: 0, skipped: 2 });
  });

  it('reads leaves from a CSV with an event column, naming the column of a bad cell', async () => {
    const dir = tempDir();
    await runLedger(['import', writeLines(dir, 'base.jsonl', baseLines())], dir);
    writeLines(dir, 'soci.csv', [
      'evento,network,organisation,category,effective_date,reason,source',
      'adesione,afil,acme,company,2016,,list.pdf',
      'uscita,afil,acme,,2018,,list.pdf',
    ]);
    const run = await runLedger(['import', 'soci.csv'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe('line 3: field reason (data.reason): is required');
  });

  it('shows progress on stderr for 10,000 lines or more, and none below', async () => {
    const dir = tempDir();
    const lines = [...generateHistory({ events: 10_000, seed: 'progress' })];
    const big = writeLines(dir, 'big.jsonl', lines);
    const small = writeLines(dir, 'small.jsonl', lines.slice(0, 9_999));
    const log = new Capture();
    await importFile({ file: small, store: createMemoryEventStore(), log });
    expect(log.text).toBe('');
    await importFile({ file: big, store: createMemoryEventStore(), log });
    const progress = log.text.trimEnd().split('\n');
    expect(progress.at(0)).toMatch(
      /^import big\.jsonl: validating: 10,000 lines \(100%, [\d,]+ lines\/s\)$/,
    );
    expect(progress.at(-1)).toMatch(/^import big\.jsonl: appending: 10,000 lines \(100%/);
    const tty = new Capture(true);
    await importFile({ file: big, store: createMemoryEventStore(), log: tty });
    expect(tty.text).toMatch(/\rimport big\.jsonl: validating \[█+\] 100%/);
  });

  it('appends in file order, in batches that span many streams', async () => {
    const dir = tempDir();
    const lines = [...generateHistory({ events: 3_000, seed: 'order' })];
    const file = writeLines(dir, 'history.jsonl', lines);
    const store = createMemoryEventStore();
    const batches: number[] = [];
    const counting: EventStore = {
      capabilities: store.capabilities,
      readStream: (stream, options) => store.readStream(stream, options),
      readAll: (options) => store.readAll(options),
      subscribeToAll: (options) => store.subscribeToAll(options),
      headPosition: () => store.headPosition(),
      close: () => store.close(),
      appendToStream: (stream, events, options) => store.appendToStream(stream, events, options),
      appendMany: (requests) => {
        batches.push(requests.reduce((sum, request) => sum + request.events.length, 0));
        return store.appendMany(requests);
      },
    };
    const summary = await importFile({
      file,
      store: counting,
      batchEvents: 97,
      log: new Capture(),
    });
    expect(summary.appended).toBe(3_000);
    expect(batches).toHaveLength(Math.ceil(3_000 / 97));
    expect(batches.slice(0, -1).every((size) => size === 97)).toBe(true);
    const log: [string, string][] = [];
    for await (const event of store.readAll()) log.push([event.streamId, event.id]);
    expect(log).toEqual(
      lines.map((line) => {
        const { stream, id } = JSON.parse(line) as { stream: string; id: string };
        return [stream, id];
      }),
    );
  });

  it('on a store without multi-stream transactions, says how much at least was appended', async () => {
    const dir = tempDir();
    const file = writeLines(dir, 'history.jsonl', [
      ...generateHistory({ events: 20, seed: 'partial' }),
    ]);
    const store = createMemoryEventStore();
    let calls = 0;
    const streamByStream: EventStore = {
      capabilities: { atomicMultiStreamAppend: false },
      readStream: (stream, options) => store.readStream(stream, options),
      readAll: (options) => store.readAll(options),
      subscribeToAll: (options) => store.subscribeToAll(options),
      headPosition: () => store.headPosition(),
      close: () => store.close(),
      appendToStream: (stream, events, options) => store.appendToStream(stream, events, options),
      appendMany: async (requests) => {
        calls++;
        if (calls === 2) throw new EventStoreUnavailableError('connection lost');
        return store.appendMany(requests);
      },
    };
    await expect(
      importFile({ file, store: streamByStream, batchEvents: 8, log: new Capture() }),
    ).rejects.toMatchObject({
      exitCode: 3,
      message:
        'store unavailable: connection lost; at least 8 events were appended before it; run the same import again to finish (it skips what is stored)',
    });
    const summary = await importFile({ file, store, log: new Capture() });
    expect(summary).toMatchObject({ skipped: 8, appended: 12 });
  });

  it('stops with a conflict when another writer races it; a re-run judges the file against what that writer wrote', async () => {
    const dir = tempDir();
    const file = writeLines(dir, 'events.jsonl', [...baseLines(), joinLine('afil', 'acme')]);
    const store = createMemoryEventStore();
    const rival = JSON.parse(networkLine('afil')) as {
      id: string;
      data: JsonObject;
      metadata: JsonObject;
    };
    let raced = false;
    const racing: EventStore = {
      capabilities: store.capabilities,
      readStream: (stream, options) => store.readStream(stream, options),
      readAll: (options) => store.readAll(options),
      subscribeToAll: (options) => store.subscribeToAll(options),
      headPosition: () => store.headPosition(),
      close: () => store.close(),
      appendToStream: (stream, events, options) => store.appendToStream(stream, events, options),
      appendMany: async (requests) => {
        if (requests.some((request) => request.streamId === 'network-afil') && !raced) {
          raced = true;
          await store.appendToStream('network-afil', [{ ...rival, type: 'NetworkRegistered' }]);
        }
        return store.appendMany(requests);
      },
    };
    await expect(importFile({ file, store: racing, log: new Capture() })).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringMatching(
        /^stream "network-afil" changed while importing \(another writer\?\); 0 events were appended before it/,
      ),
    });
    // The batch the conflict hit is one transaction: none of its events, of any stream, stayed.
    const stored: string[] = [];
    for await (const event of store.readAll()) stored.push(event.id);
    expect(stored).toEqual([rival.id]);
    const rerun = importFile({ file, store: racing, log: new Capture() });
    await expect(rerun).rejects.toBeInstanceOf(ImportRejected);
    await expect(rerun).rejects.toMatchObject({
      summary: {
        skipped: 0,
        rejections: [
          {
            line: 3,
            issues: [
              {
                field: 'data.networkId',
                reason: 'names network "afil", which is already registered',
              },
            ],
          },
        ],
      },
    });
  });

  describe('in one transaction, on the embedded store', () => {
    /** The store as the CLI opens it, with its transactions handed to `wrap`. */
    const embeddedWith = async (
      dir: string,
      wrap: (
        inTransaction: NonNullable<EventStore['appendInTransaction']>,
      ) => NonNullable<EventStore['appendInTransaction']>,
    ): Promise<EventStore> => {
      const store = await openEventStore({ dataDir: dir });
      const inTransaction = store.appendInTransaction?.bind(store);
      if (inTransaction === undefined) throw new Error('the embedded store holds transactions');
      return { ...store, appendInTransaction: wrap(inTransaction) };
    };

    it('appends nothing when the last line of a large file is rejected, though it appended before reading it', async () => {
      const dir = tempDir();
      const lines = [...generateHistory({ events: 5_000, seed: 'late' })];
      const file = writeLines(dir, 'late.jsonl', [...lines, '{"format": "ledger-event/1", "id": ']);
      let appends = 0;
      const store = await embeddedWith(
        dir,
        (inTransaction) => (work) =>
          inTransaction((tx) =>
            work({
              appendManyEncoded: (requests) => {
                appends++;
                return tx.appendManyEncoded(requests);
              },
            }),
          ),
      );
      try {
        const log = new Capture();
        const refused = await importFile({ file, store, batchEvents: 500, log }).catch(
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(ImportRejected);
        expect((refused as ImportRejected).message).toBe(
          '1 of 5,001 lines of "late.jsonl" rejected; nothing was appended',
        );
        expect(log.text).toContain('line 5001: field (line): is not valid JSON');
        expect(appends).toBeGreaterThan(1);
      } finally {
        await store.close();
      }
      expect(await eventCount(dir)).toBe(0);
      const skipping = await runLedger(['import', 'late.jsonl', '--skip-invalid'], dir);
      expect(skipping.code).toBe(0);
      expect(await eventCount(dir)).toBe(5_000);
    });

    it('judges a large file on its worker against what the store holds: a second import skips it all', async () => {
      const dir = tempDir();
      const lines = [...generateHistory({ events: 6_000, seed: 'twice' })];
      const first = writeLines(dir, 'first.jsonl', lines.slice(0, 3_000));
      const whole = writeLines(dir, 'whole.jsonl', lines);
      const store = await openEventStore({ dataDir: dir });
      try {
        expect(await importFile({ file: first, store, log: new Capture() })).toMatchObject({
          appended: 3_000,
        });
        // Over 1 MB: read on the worker thread, which gets the store's 3,000 events first.
        expect(await importFile({ file: whole, store, log: new Capture() })).toMatchObject({
          read: 6_000,
          skipped: 3_000,
          appended: 3_000,
          rejected: 0,
        });
        expect(await importFile({ file: whole, store, log: new Capture() })).toMatchObject({
          skipped: 6_000,
          appended: 0,
        });
      } finally {
        await store.close();
      }
      expect(await eventCount(dir)).toBe(6_000);
    });

    it('counts, in a refused file, the streams of every line it admitted, as two passes do', async () => {
      const dir = tempDir();
      const file = writeLines(dir, 'refused.jsonl', [
        '{"format": "ledger-event/1", "id": ',
        ...baseLines(),
      ]);
      const refusalOf = async (store: EventStore) => {
        try {
          const error = await importFile({ file, store, log: new Capture() }).catch(
            (caught: unknown) => caught,
          );
          expect(error).toBeInstanceOf(ImportRejected);
          return (error as ImportRejected).summary;
        } finally {
          await store.close();
        }
      };
      const onePass = await refusalOf(await openEventStore({ dataDir: dir }));
      const twoPasses = await refusalOf(createMemoryEventStore());
      expect(onePass).toMatchObject({ read: 4, rejected: 1, appended: 0, streams: 3 });
      expect({ ...onePass, seconds: 0 }).toEqual({ ...twoPasses, seconds: 0 });
    });

    it('shows one progress line for its one pass, for 10,000 lines or more', async () => {
      const dir = tempDir();
      const file = writeLines(dir, 'big.jsonl', [
        ...generateHistory({ events: 10_000, seed: 'progress' }),
      ]);
      const store = await openEventStore({ dataDir: dir });
      const log = new Capture();
      try {
        await importFile({ file, store, log });
      } finally {
        await store.close();
      }
      const progress = log.text.trimEnd().split('\n');
      expect(progress.at(-1)).toMatch(
        /^import big\.jsonl: 10,000 lines \(100%, [\d,]+ lines\/s\)$/,
      );
      expect(log.text).not.toMatch(/validating|appending/);
    });

    it('rolls the whole file back when the store fails part-way, and says nothing was appended', async () => {
      const dir = tempDir();
      const file = writeLines(dir, 'history.jsonl', [
        ...generateHistory({ events: 300, seed: 'failing' }),
      ]);
      const store = await embeddedWith(
        dir,
        (inTransaction) => (work) =>
          inTransaction((tx) => {
            let calls = 0;
            return work({
              appendManyEncoded: async (requests) => {
                calls++;
                if (calls === 3) throw new EventStoreUnavailableError('disk full');
                return tx.appendManyEncoded(requests);
              },
            });
          }),
      );
      try {
        await expect(
          importFile({ file, store, batchEvents: 50, log: new Capture() }),
        ).rejects.toMatchObject({
          exitCode: 3,
          message: 'store unavailable: disk full; nothing was appended; run the same import again',
        });
      } finally {
        await store.close();
      }
      expect(await eventCount(dir)).toBe(0);
    });

    it('stops with a conflict, appending nothing, when another writer got in before it', async () => {
      const dir = tempDir();
      const file = writeLines(dir, 'events.jsonl', [...baseLines(), joinLine('afil', 'acme')]);
      const rival = JSON.parse(networkLine('afil')) as {
        id: string;
        data: JsonObject;
        metadata: JsonObject;
      };
      const other = await openEventStore({ dataDir: dir });
      const store = await embeddedWith(dir, (inTransaction) => async (work) => {
        // Between the import reading the store and its transaction: another process appends.
        await other.appendToStream('network-afil', [{ ...rival, type: 'NetworkRegistered' }]);
        return inTransaction(work);
      });
      try {
        await expect(importFile({ file, store, log: new Capture() })).rejects.toMatchObject({
          exitCode: 4,
          message:
            'stream "network-afil" changed while importing (another writer?); nothing was appended; run the same import again',
        });
      } finally {
        await store.close();
        await other.close();
      }
      const stored: string[] = [];
      const reader = await openEventStore({ dataDir: dir });
      for await (const event of reader.readAll()) stored.push(event.id);
      await reader.close();
      expect(stored).toEqual([rival.id]);
    });
  });
});
