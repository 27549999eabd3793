/**
 * The whole stack on a fresh data directory, for the browser tests and the benchmark: the real
 * dataset seeded with the CLI, the API (inline projector, a free port), users of each role, and
 * the built web app. Nothing binds a fixed port; everything is removed on stop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppRouter } from '@ledger/api';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WEB = fileURLToPath(new URL('../', import.meta.url));

export const ADMIN_PASSWORD = 'e2e-admin-password-long';
export const PASSWORD = 'e2e-user-password-long';
export const USERS = {
  viewer: 'lettore',
  editor: 'redattore',
  editor2: 'redattrice',
  auditor: 'revisore',
} as const;
export type E2eUser = keyof typeof USERS;

/**
 * The generated history imported beside the real one: three networks (no technology cluster, so
 * the clusters' census sum the tests check stays the real one), members, censuses, corrections.
 */
export const SYNTHETIC = ['--events', '30', '--seed', 'c'] as const;
export const SYNTHETIC_NETWORK = 'synthetic-net-0000';

export interface Stack {
  readonly webUrl: string;
  readonly apiUrl: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/** Lines of a process's output kept to explain its unexpected end. */
const OUTPUT_KEPT = 200;
const stopping = new WeakSet<ChildProcess>();

/** Starts a Node process and resolves with the first output line `match` recognises. */
const startProcess = (
  name: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  match: (line: string) => string | undefined,
): Promise<{ child: ChildProcess; found: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${name} did not start within 30 s`)), 30_000);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${error.message}\n${output.join('\n')}`));
    };
    const read = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        output.push(line);
        if (output.length > OUTPUT_KEPT) output.shift();
        const found = settled ? undefined : match(line);
        if (found !== undefined) {
          settled = true;
          clearTimeout(timer);
          resolve({ child, found });
        }
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code, signal) => {
      const error = new Error(`${name} exited with code ${code}${signal ? ` (${signal})` : ''}`);
      // After start, a test would only see refused connections: say why the process went away.
      if (settled && !stopping.has(child)) {
        process.stderr.write(`${error.message}; its last output:\n${output.join('\n')}\n`);
      }
      fail(error);
    });
  });

/** Runs a CLI command to its end; its output goes to `stdout`, a file, when named. */
const run = (args: readonly string[], env: NodeJS.ProcessEnv, stdout?: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const output = stdout === undefined ? 'ignore' : openSync(stdout, 'w');
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env,
      stdio: ['ignore', output, 'pipe'],
    });
    // The child holds its own copy of the file's descriptor.
    if (typeof output === 'number') closeSync(output);
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} failed (${code}): ${errors}`)),
    );
  });

const stopProcess = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    stopping.add(child);
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

export type Client = TRPCClient<AppRouter>;

export const client = (apiUrl: string, token?: string): Client =>
  createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${apiUrl}/trpc`,
        headers: () => (token === undefined ? {} : { authorization: `Bearer ${token}` }),
      }),
    ],
  });

export const signInApi = async (apiUrl: string, username: string, password: string) =>
  (await client(apiUrl).auth.signIn.mutate({ username, password })).token;

export async function startStack(): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-web-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.reverse().map(stopProcess));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const base = { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_STORE: '' };
    await run(['apps/cli/src/main.ts', 'seed'], base);
    // A few generated facts beside the real ones, so the pages' "synthetic data" label is seen.
    const synthetic = join(dataDir, 'synthetic.jsonl');
    await run(['apps/cli/src/main.ts', 'generate', ...SYNTHETIC], base, synthetic);
    await run(['apps/cli/src/main.ts', 'import', synthetic], base);
    const api = await startProcess(
      'the API',
      ['apps/api/src/main.ts'],
      {
        ...base,
        LEDGER_API_PORT: '0',
        LEDGER_API_HOST: '127.0.0.1',
        LEDGER_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LEDGER_API_PROJECTOR: 'inline',
        // The cheapest hash the API accepts: sign-ins are many and the data is throwaway.
        LEDGER_API_KDF_COST: '14',
        LEDGER_API_SIGNIN_FAILURES: '50',
        LEDGER_LOG_LEVEL: 'info',
      },
      (line) => {
        if (!line.includes('"api listening"')) return undefined;
        return (JSON.parse(line) as { url: string }).url;
      },
    );
    children.push(api.child);
    const apiUrl = api.found;
    const admin = client(apiUrl, await signInApi(apiUrl, 'admin', ADMIN_PASSWORD));
    for (const [key, username] of Object.entries(USERS)) {
      const role = key === 'editor2' ? 'editor' : (key as Exclude<E2eUser, 'editor2'>);
      await admin.admin.users.create.mutate({ username, role, password: PASSWORD });
    }
    // The API builds its read models on start: the first report waits until they are there.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await admin.networks.list.query();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const port = await freePort();
    const webUrl = `http://127.0.0.1:${port}`;
    const web = await startProcess(
      'the web app',
      [join(WEB, 'build/index.js')],
      {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ORIGIN: webUrl,
        LEDGER_API_URL: apiUrl,
      },
      (line) => (line.startsWith('Listening on') ? webUrl : undefined),
    );
    children.push(web.child);
    return { webUrl, apiUrl, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
