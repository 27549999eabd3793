import { describe, expect, it } from 'vitest';
import { createLogger, redact } from './log.ts';

describe('logger', () => {
  it('writes one JSON object per line, at or above its level', () => {
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line)).child({ component: 'test' });
    log.debug('hidden');
    log.info('shown', { n: 1 });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'info',
      msg: 'shown',
      component: 'test',
      n: 1,
    });
  });

  it('masks secrets at any depth, by field name', () => {
    expect(
      redact({
        password: 'p',
        newPassword: 'p',
        token: 't',
        headers: { authorization: 'Bearer t', Cookie: 'c' },
        passwordFile: '/data/api/first-admin-password.txt',
        list: [{ secret: 's' }],
      }),
    ).toEqual({
      password: '[redacted]',
      newPassword: '[redacted]',
      token: '[redacted]',
      headers: { authorization: '[redacted]', Cookie: '[redacted]' },
      passwordFile: '/data/api/first-admin-password.txt',
      list: [{ secret: '[redacted]' }],
    });
  });

  it('keeps only the name and message of an error', () => {
    expect(redact({ error: new TypeError('bad') })).toEqual({
      error: { name: 'TypeError', message: 'bad' },
    });
  });
});
