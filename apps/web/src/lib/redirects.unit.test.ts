import { describe, expect, it } from 'vitest';
import { safeReturn } from './redirects.ts';

describe('safeReturn', () => {
  it('keeps paths of this site', () => {
    expect(safeReturn('/reti/afil?tipo=censimento')).toBe('/reti/afil?tipo=censimento');
  });

  it('refuses other origins, protocol-relative and backslash tricks', () => {
    expect(safeReturn('https://evil.example/')).toBe('/');
    expect(safeReturn('//evil.example/')).toBe('/');
    expect(safeReturn('/\\evil.example')).toBe('/');
    expect(safeReturn('javascript:alert(1)')).toBe('/');
    expect(safeReturn(null, '/report')).toBe('/report');
  });
});
