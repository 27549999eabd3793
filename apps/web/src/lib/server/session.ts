/**
 * The session cookie (the API's bearer token, never readable by scripts) and the read-your-writes
 * cookie: after a command, pages ask the API for read models that include its log position.
 */
import type { Cookies } from '@sveltejs/kit';

const SESSION = 'ledger_session';
const WRITTEN = 'ledger_written';
/** Long enough for the page loads after a command; a stale position is of no use beyond it. */
const WRITTEN_MAX_AGE_S = 60;

// Secure whenever the site is served over https; plain http only on a developer's machine.
const base = (url: URL) =>
  ({ path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' }) as const;

export const sessionToken = (cookies: Cookies): string | undefined => cookies.get(SESSION);

export const startSession = (cookies: Cookies, url: URL, token: string, expiresAt: string) =>
  cookies.set(SESSION, token, { ...base(url), expires: new Date(expiresAt) });

export const endSession = (cookies: Cookies, url: URL) => {
  cookies.delete(SESSION, base(url));
  cookies.delete(WRITTEN, base(url));
};

export const rememberWrite = (cookies: Cookies, url: URL, position: number) =>
  cookies.set(WRITTEN, String(position), { ...base(url), maxAge: WRITTEN_MAX_AGE_S });

/** `{ minPosition }` for a read after the caller's last command, else nothing. */
export const afterWrites = (cookies: Cookies): { minPosition?: number } => {
  const value = cookies.get(WRITTEN);
  return value !== undefined && /^\d{1,15}$/.test(value) ? { minPosition: Number(value) } : {};
};
