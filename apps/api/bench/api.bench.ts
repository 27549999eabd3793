/**
 * Benchmark of the API (not a test): `pnpm bench:api`.
 *
 * The API runs in a child process on the embedded store, seeded with the Lombardy dataset plus
 * synthetic members (so a membership page has some weight); two bare `node:http` servers answer
 * the same JSON, one writing bytes encoded once, one serialising per request (bench/bare.ts).
 * This process is the client, over keep-alive connections: first closed-loop at full speed (the
 * maximum rate), then open-loop at half the API's maximum rate (requests issued on schedule, so
 * queueing on the connections counts).
 *
 * Targets: the API serves at least 0.5 of a bare JSON endpoint's throughput, with p99 ≤ 20 ms at
 * half its maximum rate. BENCH_SECONDS (default 5) sets each measurement's length,
 * BENCH_CONNECTIONS (default 16) the number of connections, BENCH_ONLY a page to measure alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventData, openEventStore } from '@ledger/event-store';
import { lombardyEvents } from '@ledger/lombardy-dataset';
import { LoadClient } from './loadClient.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** Only the pages whose name contains this (e.g. `overview`). */
const ONLY = process.env.BENCH_ONLY ?? '';
const SYNTHETIC_MEMBERS = 400;
const NETWORK = 'afil';
const ADMIN_PASSWORD = 'bench-admin-password';
const PAGES = {
  'ecosystem overview': '/trpc/reports.ecosystem',
  'membership page': `/trpc/memberships.register?input=${encodeURIComponent(JSON.stringify({ networkId: NETWORK }))}`,
} as const;

const metadata = {
  actor: 'bench:api',
  source: { document: 'bench' },
  schemaVersion: 1,
  synthetic: true,
};

const event = (type: string, data: Record<string, unknown>): EventData => ({
  id: randomUUID(),
  type,
  data: data as EventData['data'],
  metadata,
});

async function seed(dataDir: string): Promise<number> {
  const store = await openEventStore({ dataDir });
  try {
    for (const curated of lombardyEvents) {
      await store.appendToStream(curated.stream, [
        {
          id: curated.id,
          type: curated.type,
          data: curated.data as never,
          metadata: curated.metadata as never,
        },
      ]);
    }
    const categories = ['company', 'research_organisation', 'other_body'] as const;
    const members: EventData[] = [];
    for (let i = 0; i < SYNTHETIC_MEMBERS; i++) {
      const organisationId = `bench-org-${i}`;
      await store.appendToStream(`organisation-${organisationId}`, [
        event('OrganisationRegistered', {
          organisationId,
          kind: 'company',
          name: `Bench ${i}`,
          country: 'IT',
        }),
      ]);
      const category = categories[i % 3] ?? 'company';
      members.push(
        event('MemberJoined', {
          networkId: NETWORK,
          organisationId,
          category,
          effectiveDate: `${2015 + (i % 8)}-0${1 + (i % 9)}`,
          dateQualifier: 'on',
        }),
      );
      if (i % 5 === 0) {
        members.push(
          event('MemberLeft', {
            networkId: NETWORK,
            organisationId,
            effectiveDate: '2024-06',
            reason: 'withdrew',
          }),
        );
      }
    }
    await store.appendToStream(`network-${NETWORK}`, members);
    return (await store.headPosition()) ?? 0;
  } finally {
    await store.close();
  }
}

/** A port nobody listens on right now. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** A Node child: its stdout piped (read for what it announces), its stderr shown. */
const spawnNode = (args: string[], env: NodeJS.ProcessEnv): ChildProcess =>
  spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });

/** Resolves with the first match of `pattern` in the child's output. */
const awaitOutput = (child: ChildProcess, pattern: RegExp): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) =>
      reject(new Error(`child exited (${code}) before it was ready: ${text}`)),
    );
  });

interface Target {
  readonly origin: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

interface Measure {
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

const clientFor = (target: Target): LoadClient => {
  const { hostname, port } = new URL(target.origin);
  return new LoadClient(
    { host: hostname, port: Number(port), path: target.path, headers: target.headers },
    CONNECTIONS,
  );
};

const summary = (latencies: number[], rate: number, errors: number): Measure => {
  latencies.sort((a, b) => a - b);
  return { rate, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors };
};

/** Closed loop: every connection sends its next request as soon as the last one is answered. */
async function maxRate(target: Target): Promise<Measure> {
  const client = clientFor(target);
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS * 1_000;
  const worker = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const status = await client.get().catch(() => 0);
      if (status !== 200) errors++;
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1_000;
  client.close();
  return summary(latencies, latencies.length / elapsed, errors);
}

/**
 * Open loop at `rate` requests/s: requests are issued on schedule whether or not earlier ones
 * were answered, so a slow server queues them (on the connections) and the wait counts. The
 * clock starts when a request is issued, not when it was due: on a 2-CPU machine this client
 * is itself late now and then, and its lateness is not the server's latency.
 */
async function atRate(target: Target, rate: number): Promise<Measure> {
  const client = clientFor(target);
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  const start = performance.now();
  const total = Math.floor(rate * SECONDS);
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1_000) * rate));
      for (; sent < due; sent++) {
        const issued = performance.now();
        pending.push(
          client.get().then(
            (status) => {
              if (status !== 200) errors++;
              latencies.push(performance.now() - issued);
            },
            () => {
              errors++;
            },
          ),
        );
      }
      // A timer, not setImmediate: a spinning client would take the CPU the servers need.
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  client.close();
  return summary(latencies, rate, errors);
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(8);

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-api-'));
  const children: ChildProcess[] = [];
  try {
    process.stdout.write(
      `seeding ${dataDir} (Lombardy dataset + ${SYNTHETIC_MEMBERS} synthetic members of ${NETWORK})…\n`,
    );
    const head = await seed(dataDir);

    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const api = spawnNode([join(import.meta.dirname, '../src/main.ts')], {
      LEDGER_STORE: '',
      LEDGER_DATA_DIR: dataDir,
      LEDGER_API_PORT: String(port),
      LEDGER_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // Per-request lines are info: the bench measures the API, not the terminal.
      LEDGER_LOG_LEVEL: 'warn',
    });
    children.push(api);
    api.stdout?.resume();
    for (;;) {
      const health = await fetch(`${origin}/health`).catch(() => undefined);
      if (health?.status === 200) break;
      if (api.exitCode !== null) throw new Error('the API exited before it was ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const signIn = await fetch(`${origin}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { result } = (await signIn.json()) as { result: { data: { token: string } } };
    const headers = { authorization: `Bearer ${result.data.token}` };
    // Wait, through read-your-writes, until the read models hold the whole seeded log.
    const caughtUp = `/trpc/memberships.register?input=${encodeURIComponent(JSON.stringify({ networkId: NETWORK, minPosition: head }))}`;
    for (;;) {
      const response = await fetch(`${origin}${caughtUp}`, { headers });
      if (response.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const bodies: Record<string, string> = {};
    for (const path of Object.values(PAGES)) {
      bodies[path] = await (await fetch(`${origin}${path}`, { headers })).text();
    }
    const bodiesFile = join(dataDir, 'bare-bodies.json');
    writeFileSync(bodiesFile, JSON.stringify(bodies));
    const bareOrigins: Record<'bytes' | 'json', string> = { bytes: '', json: '' };
    for (const mode of ['bytes', 'json'] as const) {
      const bare = spawnNode([join(import.meta.dirname, 'bare.ts'), bodiesFile, mode], {});
      children.push(bare);
      bareOrigins[mode] = `http://127.0.0.1:${await awaitOutput(bare, /^(\d+)\n/)}`;
    }

    process.stdout.write(
      `\n${cpus().length} CPUs (load average ${loadavg()[0]?.toFixed(2)} before the run: other work on the machine shows in the tails), ${CONNECTIONS} keep-alive connections, ${SECONDS} s per measurement; the API and each bare server in its own process, the load from this one.\n` +
        'bare bytes: the same answer encoded once and written as is; bare json: serialised per request, as a hand-written JSON endpoint does.\n\n',
    );
    process.stdout.write(
      'page                 | bytes  | server     |  max req/s |  p50 ms |  p99 ms || at half API max: req/s |  p50 ms |  p99 ms\n',
    );
    process.stdout.write(`${'-'.repeat(120)}\n`);
    const verdicts: string[] = [];
    for (const [name, path] of Object.entries(PAGES).filter(([page]) => page.includes(ONLY))) {
      const apiTarget = { origin, path, headers };
      await maxRate(apiTarget);
      const apiMax = await maxRate(apiTarget);
      const apiHalf = await atRate(apiTarget, apiMax.rate / 2);
      const rows: [string, Measure, Measure][] = [['api', apiMax, apiHalf]];
      for (const mode of ['bytes', 'json'] as const) {
        const bareTarget = { origin: bareOrigins[mode], path, headers: {} };
        rows.push([
          `bare ${mode}`,
          await maxRate(bareTarget),
          await atRate(bareTarget, apiMax.rate / 2),
        ]);
      }
      const size = Buffer.byteLength(bodies[path] ?? '');
      for (const [server, max, half] of rows) {
        process.stdout.write(
          `${name.padEnd(20)} | ${String(size).padStart(6)} | ${server.padEnd(10)} | ${fmt(max.rate)}   | ${fmt(max.p50, 2)}| ${fmt(max.p99, 2)}|| ${fmt(half.rate)}               | ${fmt(half.p50, 2)}| ${fmt(half.p99, 2)}${max.errors + half.errors > 0 ? `  (${max.errors + half.errors} errors)` : ''}\n`,
        );
      }
      const ratio = (mode: number) => apiMax.rate / (rows[mode]?.[1].rate ?? Number.NaN);
      const [bytes, json] = [ratio(1), ratio(2)];
      verdicts.push(
        `${name}: throughput ${(json * 100).toFixed(0)}% of bare json (target ≥ 50%) ${json >= 0.5 ? 'PASS' : 'MISS'}, ${(bytes * 100).toFixed(0)}% of bare bytes ${bytes >= 0.5 ? 'PASS' : 'MISS'}; p99 at half max ${apiHalf.p99.toFixed(2)} ms (target ≤ 20 ms) ${apiHalf.p99 <= 20 ? 'PASS' : 'MISS'}${apiMax.errors + apiHalf.errors > 0 ? `; ${apiMax.errors + apiHalf.errors} errors` : ''}`,
      );
    }
    process.stdout.write(`\n${verdicts.join('\n')}\n`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((child) =>
        child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null,
      ),
    );
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
