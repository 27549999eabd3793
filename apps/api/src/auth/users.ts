/**
 * Users and sessions, in a local SQLite file beside the other local files (`<dataDir>/api/`), not
 * in the event log: who may sign in is configuration of this installation, not history of the
 * ecosystem. Session tokens are random 256-bit values; only their SHA-256 is stored, so a copy
 * of the file signs nobody in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { isRole, type Role } from './roles.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);
`;

export interface User {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly passwordChangedAt: string;
}

/** The signed-in caller, as a request's context holds it. */
export interface Identity {
  readonly userId: number;
  readonly username: string;
  readonly role: Role;
  /** The stored hash of the session token (never the token itself). */
  readonly sessionHash: string;
}

export interface NewSession {
  readonly token: string;
  readonly expiresAt: string;
}

export const usersFile = (dataDir: string): string => join(dataDir, 'api', 'users.sqlite');

/**
 * How long a resolved session is trusted without looking again. Sign-outs, role changes and
 * disabled users through this process take effect at once; through another process sharing the
 * file, within this delay.
 */
const RECENT_MS = 1_000;
const RECENT_MAX = 10_000;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

type Row = Record<string, unknown>;

const userOf = (row: Row): User => {
  const role = String(row.role);
  if (!isRole(role)) throw new Error(`user ${String(row.username)} has an unknown role`);
  return {
    id: Number(row.id),
    username: String(row.username),
    role,
    disabled: Number(row.disabled) === 1,
    createdAt: String(row.created_at),
    passwordChangedAt: String(row.password_changed_at),
  };
};

export class UsernameTakenError extends Error {
  override readonly name = 'UsernameTakenError';
}

export class UserStore {
  readonly #db: DatabaseSync;
  readonly #clock: () => Date;
  readonly #statements = new Map<string, StatementSync>();
  /** Sessions resolved in the last second: a request need not hit the file each time. */
  readonly #recent = new Map<
    string,
    { readonly identity: Identity; readonly expiresAt: number; readonly checkedAt: number }
  >();

  constructor(file: string, clock: () => Date = () => new Date()) {
    mkdirSync(dirname(file), { recursive: true });
    this.#db = new DatabaseSync(file, { timeout: 5_000 });
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA synchronous = FULL');
    this.#db.exec('PRAGMA foreign_keys = ON');
    this.#db.exec(SCHEMA);
    this.#clock = clock;
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  count(): number {
    return Number((this.#statement('SELECT count(*) AS n FROM users').get() as Row).n);
  }

  list(): User[] {
    return (this.#statement('SELECT * FROM users ORDER BY username').all() as Row[]).map(userOf);
  }

  find(username: string): (User & { readonly passwordHash: string }) | undefined {
    const row = this.#statement('SELECT * FROM users WHERE username = ?').get(username) as
      | Row
      | undefined;
    return row === undefined
      ? undefined
      : { ...userOf(row), passwordHash: String(row.password_hash) };
  }

  create(username: string, role: Role, passwordHash: string): User {
    const now = this.#clock().toISOString();
    try {
      this.#statement(
        `INSERT INTO users (username, role, password_hash, created_at, password_changed_at)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(username, role, passwordHash, now, now);
    } catch (error) {
      if (/UNIQUE constraint failed/.test((error as Error).message)) {
        throw new UsernameTakenError(`a user named "${username}" already exists`);
      }
      throw error;
    }
    return userOf(this.#statement('SELECT * FROM users WHERE username = ?').get(username) as Row);
  }

  /** Changes the role; the user's sessions end, so the new role applies from the next sign-in. */
  setRole(username: string, role: Role): User | undefined {
    return this.#update(username, 'UPDATE users SET role = ? WHERE username = ?', role);
  }

  setDisabled(username: string, disabled: boolean): User | undefined {
    return this.#update(
      username,
      'UPDATE users SET disabled = ? WHERE username = ?',
      disabled ? 1 : 0,
    );
  }

  setPassword(username: string, passwordHash: string): User | undefined {
    return this.#update(
      username,
      'UPDATE users SET password_hash = ?, password_changed_at = ? WHERE username = ?',
      passwordHash,
      this.#clock().toISOString(),
    );
  }

  #update(username: string, sql: string, ...values: (string | number)[]): User | undefined {
    this.#recent.clear();
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const changed = this.#statement(sql).run(...values, username).changes;
      if (Number(changed) === 0) {
        this.#db.exec('ROLLBACK');
        return undefined;
      }
      this.#statement(
        'DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?)',
      ).run(username);
      this.#db.exec('COMMIT');
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
    return userOf(this.#statement('SELECT * FROM users WHERE username = ?').get(username) as Row);
  }

  createSession(userId: number, ttlMs: number): NewSession {
    const token = randomBytes(32).toString('base64url');
    const now = this.#clock();
    const expiresAt = now.getTime() + ttlMs;
    this.#statement('DELETE FROM sessions WHERE expires_at <= ?').run(now.getTime());
    this.#statement(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ).run(hashToken(token), userId, now.toISOString(), expiresAt);
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The identity a token stands for; `null` when it is unknown, expired, or its user disabled. */
  resolve(token: string): Identity | null {
    const now = this.#clock().getTime();
    // Kept by token, in memory only, so that a hit costs no hashing either.
    const seen = this.#recent.get(token);
    if (seen !== undefined && now - seen.checkedAt < RECENT_MS && now < seen.expiresAt) {
      return seen.identity;
    }
    const identity = this.#lookUp(hashToken(token), now);
    if (this.#recent.size >= RECENT_MAX) this.#recent.clear();
    if (identity !== null) this.#recent.set(token, { ...identity, checkedAt: now });
    return identity === null ? null : identity.identity;
  }

  #lookUp(
    sessionHash: string,
    now: number,
  ): { readonly identity: Identity; readonly expiresAt: number } | null {
    const row = this.#statement(
      `SELECT u.id, u.username, u.role, u.disabled, s.expires_at FROM sessions s
       JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
    ).get(sessionHash) as Row | undefined;
    if (row === undefined || Number(row.disabled) === 1) return null;
    const expiresAt = Number(row.expires_at);
    if (expiresAt <= now) {
      this.#statement('DELETE FROM sessions WHERE token_hash = ?').run(sessionHash);
      return null;
    }
    const role = String(row.role);
    if (!isRole(role)) return null;
    return {
      identity: { userId: Number(row.id), username: String(row.username), role, sessionHash },
      expiresAt,
    };
  }

  endSession(sessionHash: string): void {
    this.#recent.clear();
    this.#statement('DELETE FROM sessions WHERE token_hash = ?').run(sessionHash);
  }

  close(): void {
    this.#statements.clear();
    if (this.#db.isOpen) this.#db.close();
  }
}
