import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './limiter.ts';

describe('SignInLimiter', () => {
  const limits = { maxFailures: 3, windowMs: 60_000 };

  it('refuses a user name after too many failures, until the oldest leaves the window', () => {
    let now = 1_000_000;
    const limiter = new SignInLimiter(limits, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs('maria', '10.0.0.1')).toBe(0);
      limiter.failed('maria', '10.0.0.1');
      now += 1_000;
    }
    expect(limiter.retryAfterMs('maria', '10.0.0.1')).toBe(57_000);
    expect(limiter.retryAfterMs('maria', '10.0.0.2')).toBe(57_000);
    expect(limiter.retryAfterMs('luca', '10.0.0.1')).toBe(0);
    now += 57_000;
    expect(limiter.retryAfterMs('maria', '10.0.0.1')).toBe(0);
  });

  it('clears a user name on success', () => {
    const limiter = new SignInLimiter(limits, () => 0);
    limiter.failed('maria', 'a');
    limiter.failed('maria', 'a');
    limiter.succeeded('maria');
    limiter.failed('maria', 'a');
    expect(limiter.retryAfterMs('maria', 'a')).toBe(0);
  });

  it('refuses an address that tries many user names', () => {
    const limiter = new SignInLimiter(limits, () => 0);
    for (let i = 0; i < 30; i++) limiter.failed(`user-${i}`, '10.9.9.9');
    expect(limiter.retryAfterMs('someone-else', '10.9.9.9')).toBe(60_000);
    expect(limiter.retryAfterMs('someone-else', '10.9.9.8')).toBe(0);
  });
});
