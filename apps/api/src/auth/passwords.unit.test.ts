import { describe, expect, it } from 'vitest';
import { PasswordHasher } from './passwords.ts';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(14);

  it('hashes with scrypt, a fresh salt each time, and verifies', async () => {
    const first = await hasher.hash('correct horse battery staple');
    const second = await hasher.hash('correct horse battery staple');
    expect(first).toMatch(/^scrypt\$14\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    expect(first).not.toContain('correct horse');
    expect(await hasher.verify('correct horse battery staple', first)).toBe(true);
    expect(await hasher.verify('correct horse battery stapler', first)).toBe(false);
  });

  it('verifies hashes made with another cost', async () => {
    const stronger = await new PasswordHasher(15).hash('a-long-enough-password');
    expect(await hasher.verify('a-long-enough-password', stronger)).toBe(true);
  });

  it('treats Unicode forms of one password alike', async () => {
    const composed = await hasher.hash('caff\u00e8-password');
    expect(await hasher.verify('caffe\u0300-password', composed)).toBe(true);
  });

  it('says no, after the same work, for an unknown user or a damaged hash', async () => {
    expect(await hasher.verify('anything', undefined)).toBe(false);
    expect(await hasher.verify('anything', 'plain-text-password')).toBe(false);
    expect(await hasher.verify('anything', 'scrypt$x$8$1$abc$def')).toBe(false);
  });
});
