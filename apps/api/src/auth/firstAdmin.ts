/**
 * The first start: with no user at all, an admin is created so someone can sign in. Its password
 * is LEDGER_ADMIN_PASSWORD when set; otherwise a random one, written to a file only its owner can
 * read (never to the log), which is deleted when the admin changes the password.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { PasswordHasher } from './passwords.ts';
import type { UserStore } from './users.ts';

export const firstAdminPasswordFile = (dataDir: string): string =>
  join(dataDir, 'api', 'first-admin-password.txt');

export interface FirstAdminOptions {
  readonly users: UserStore;
  readonly hasher: PasswordHasher;
  readonly dataDir: string;
  readonly username: string;
  readonly password: string | undefined;
}

export interface FirstAdmin {
  readonly username: string;
  /** Where the generated password is, or that it came from LEDGER_ADMIN_PASSWORD. */
  readonly passwordFile: string;
}

/** Creates the first admin when there is no user; says who, and where the password is. */
export async function ensureFirstAdmin(options: FirstAdminOptions): Promise<FirstAdmin | null> {
  const { users, hasher, dataDir, username } = options;
  if (users.count() > 0) return null;
  const password = options.password ?? randomBytes(18).toString('base64url');
  users.create(username, 'admin', await hasher.hash(password));
  if (options.password !== undefined) return { username, passwordFile: '(LEDGER_ADMIN_PASSWORD)' };
  const file = firstAdminPasswordFile(dataDir);
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return { username, passwordFile: file };
}

/** The log line telling the user how to sign in the first time. */
export const logFirstAdmin = (log: Logger, admin: FirstAdmin, url: string): void => {
  log.info('first admin created', {
    username: admin.username,
    passwordFile: admin.passwordFile,
    signIn: `call auth.signIn at ${url}/trpc with this user name and password, then send "Authorization: Bearer <token>"; change the password with auth.changePassword`,
  });
};

/** Called when a user changes their password: the generated first password is no longer valid. */
export const forgetFirstAdminPassword = (dataDir: string): void => {
  const file = firstAdminPasswordFile(dataDir);
  if (existsSync(file)) rmSync(file, { force: true });
};
