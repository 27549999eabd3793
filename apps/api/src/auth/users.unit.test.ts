import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsernameTakenError, UserStore } from './users.ts';

describe('UserStore', () => {
  let dir: string;
  let now: Date;
  let users: UserStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-users-'));
    now = new Date('2026-01-01T10:00:00.000Z');
    users = new UserStore(join(dir, 'users.sqlite'), () => now);
  });
  afterEach(() => {
    users.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates users with unique names', () => {
    users.create('maria', 'editor', 'scrypt$hash');
    expect(users.count()).toBe(1);
    expect(users.find('maria')).toMatchObject({
      username: 'maria',
      role: 'editor',
      disabled: false,
      passwordHash: 'scrypt$hash',
    });
    expect(() => users.create('maria', 'viewer', 'x')).toThrow(UsernameTakenError);
  });

  it('keeps only a hash of each session token', () => {
    const maria = users.create('maria', 'editor', 'h');
    const session = users.createSession(maria.id, 60_000);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.expiresAt).toBe('2026-01-01T10:01:00.000Z');
    users.close();
    expect(readFileSync(join(dir, 'users.sqlite')).includes(session.token)).toBe(false);
    users = new UserStore(join(dir, 'users.sqlite'), () => now);
    expect(users.resolve(session.token)).toMatchObject({ username: 'maria', role: 'editor' });
  });

  it('forgets expired sessions and refuses disabled users', () => {
    const maria = users.create('maria', 'editor', 'h');
    const session = users.createSession(maria.id, 60_000);
    now = new Date('2026-01-01T10:01:00.000Z');
    expect(users.resolve(session.token)).toBeNull();
    now = new Date('2026-01-01T10:00:00.000Z');
    const fresh = users.createSession(maria.id, 60_000);
    users.setDisabled('maria', true);
    expect(users.resolve(fresh.token)).toBeNull();
  });

  it('ends the sessions of a user whose role or password changes, or who signs out', () => {
    const maria = users.create('maria', 'editor', 'h');
    const one = users.createSession(maria.id, 60_000);
    users.setRole('maria', 'viewer');
    expect(users.resolve(one.token)).toBeNull();
    const two = users.createSession(maria.id, 60_000);
    users.setPassword('maria', 'new');
    expect(users.resolve(two.token)).toBeNull();
    const three = users.createSession(maria.id, 60_000);
    const identity = users.resolve(three.token);
    if (identity === null) throw new Error('session expected');
    users.endSession(identity.sessionHash);
    expect(users.resolve(three.token)).toBeNull();
    expect(users.setRole('nobody', 'admin')).toBeUndefined();
  });
});
