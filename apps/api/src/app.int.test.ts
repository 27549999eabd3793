import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStore } from '@ledger/event-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { organisation, SOURCE } from '../test/fixtures.ts';
import { createClient, readAllEvents, testConfig } from '../test/support.ts';
import { startApi } from './app.ts';
import { firstAdminPasswordFile } from './auth/firstAdmin.ts';
import { createLogger } from './log.ts';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ledger-api-app-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the first start', () => {
  it('creates an admin with a generated password only its owner can read, and says how to sign in', async () => {
    const logs: string[] = [];
    const config = testConfig(dataDir, { firstAdmin: { username: 'admin', password: undefined } });
    const api = await startApi({ config, log: createLogger('info', (line) => logs.push(line)) });
    try {
      const file = firstAdminPasswordFile(dataDir);
      const password = readFileSync(file, 'utf8').trim();
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const told = logs
        .map((line) => JSON.parse(line))
        .find((entry) => entry.msg === 'first admin created');
      expect(told).toMatchObject({
        username: 'admin',
        passwordFile: file,
        signIn: expect.stringMatching(/auth\.signIn/),
      });
      expect(logs.join('')).not.toContain(password);

      const anonymous = createClient(api.url);
      const { token } = await anonymous.auth.signIn.mutate({ username: 'admin', password });
      await createClient(api.url, token).auth.changePassword.mutate({
        currentPassword: password,
        newPassword: 'the-admins-own-password',
      });
      expect(existsSync(file)).toBe(false);
    } finally {
      await api.close();
    }
    const again = await startApi({ config, log: createLogger('info', (line) => logs.push(line)) });
    try {
      expect(again.services.users.count()).toBe(1);
      expect(existsSync(firstAdminPasswordFile(dataDir))).toBe(false);
    } finally {
      await again.close();
    }
  });

  it('throttles sign-in after repeated failures, with Retry-After', async () => {
    const api = await startApi({
      config: testConfig(dataDir, { signInFailures: 3 }),
      log: createLogger('error', () => {}),
    });
    try {
      const anonymous = createClient(api.url);
      for (let i = 0; i < 3; i++) {
        await expect(
          anonymous.auth.signIn.mutate({ username: 'admin', password: `guess-${i}` }),
        ).rejects.toMatchObject({
          data: { code: 'UNAUTHORIZED' },
          message: 'the user name or the password is wrong, or the user is disabled',
        });
      }
      const response = await fetch(`${api.url}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'first-admin-password' }),
      });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await api.close();
    }
  });
});

describe('graceful shutdown', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
  });

  it('finishes every accepted command before the process exits on SIGTERM', async () => {
    const stderr: string[] = [];
    child = spawn(process.execPath, [join(import.meta.dirname, 'main.ts')], {
      env: {
        ...process.env,
        LEDGER_STORE: '',
        LEDGER_DATA_DIR: dataDir,
        LEDGER_API_PORT: '0',
        LEDGER_API_KDF_COST: '14',
        LEDGER_ADMIN_PASSWORD: 'first-admin-password',
        LEDGER_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) =>
      child?.once('exit', (code) => resolve(code)),
    );
    const url = await new Promise<string>((resolve, reject) => {
      child?.stderr?.on('data', (chunk: Buffer) => {
        stderr.push(chunk.toString());
        const match = /"msg":"api listening","url":"([^"]+)"/.exec(stderr.join(''));
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child?.once('exit', () => reject(new Error(`the API exited early: ${stderr.join('')}`)));
    });
    const { token } = await createClient(url).auth.signIn.mutate({
      username: 'admin',
      password: 'first-admin-password',
    });
    const admin = createClient(url, token);
    const live = new Promise<'ended'>((resolve) => {
      admin.live.changes.subscribe(undefined, {
        onData: () => {},
        onError: () => resolve('ended'),
        onComplete: () => resolve('ended'),
      });
    });

    // Four editors keep sending commands; SIGTERM comes while they are in full flow.
    const accepted: { events: readonly { id: string }[] }[] = [];
    const refusals: unknown[] = [];
    let sent = 0;
    const lane = async () => {
      for (;;) {
        const n = sent++;
        try {
          accepted.push(
            await admin.organisations.register.mutate({
              data: organisation(`shutdown-${n}`),
              expectedRevision: null,
              source: SOURCE,
            }),
          );
          if (accepted.length === 20) child?.kill('SIGTERM');
        } catch (error) {
          refusals.push(error);
          return;
        }
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    expect(await exited).toBe(0);
    expect(await live).toBe('ended');

    const store = await openEventStore({ dataDir });
    try {
      const logged = (await readAllEvents(store)).filter((event) =>
        event.streamId.startsWith('organisation-shutdown-'),
      );
      expect(accepted.length).toBeGreaterThanOrEqual(20);
      expect(refusals).toHaveLength(4);
      expect(logged.map((event) => event.id).sort()).toEqual(
        accepted.map((a) => a.events[0]?.id).sort(),
      );
    } finally {
      await store.close();
    }
    const log = stderr.join('');
    expect(log).toMatch(/"msg":"shutting down","signal":"SIGTERM"/);
    expect(log).toMatch(/"msg":"api stopped"/);
  });
});
