/**
 * Structured logs: one JSON object per line on stderr. Secrets never reach a line: fields whose
 * names say they hold one are replaced before writing, at any depth.
 */
import type { LogLevel } from './env.ts';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger adding `fields` to every line. */
  child(fields: LogFields): Logger;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

// Names ending in one of these hold a secret (`password`, `newPassword`, `token`, `authorization`...).
const SECRET_KEY = /(pass(word)?|token|secret|authori[sz]ation|cookie|credentials?|session_?id)$/i;

/** Copies `value` with every secret-named field masked; cycles and depth are cut. */
export const redact = (value: unknown, depth = 0): unknown => {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      SECRET_KEY.test(key) ? '[redacted]' : redact(field, depth + 1),
    ]),
  );
};

export const createLogger = (
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line),
  base: LogFields = {},
): Logger => {
  const threshold = RANK[level];
  const emit = (at: LogLevel, msg: string, fields: LogFields = {}) => {
    if (RANK[at] < threshold) return;
    const entry = redact({ ...base, ...fields }) as Record<string, unknown>;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...entry })}\n`);
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger(level, write, { ...base, ...fields }),
  };
};
