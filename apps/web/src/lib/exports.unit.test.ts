import { describe, expect, it } from 'vitest';
import { exportFilename, exportHref } from './exports.ts';

describe('report files', () => {
  it('are linked with the report arguments, empty ones left out', () => {
    expect(exportHref('report', 'csv', { data: '2020-12-31', noto: '' })).toBe(
      '/report/esporta?tipo=report&formato=csv&data=2020-12-31',
    );
    expect(exportHref('confronto', 'json', { da: '2015-12-31', a: '2022-01-01' })).toBe(
      '/report/esporta?tipo=confronto&formato=json&da=2015-12-31&a=2022-01-01',
    );
  });

  it('are named after their date, log position and hash', () => {
    expect(exportFilename('ecosistema_2020-12-31', 191, 'sha256:0123456789abcdef', 'csv')).toBe(
      'ecosistema_2020-12-31_p191_0123456789ab.csv',
    );
    expect(exportFilename('x:y/z', null, 'sha256:ff', 'json')).toBe('x_y_z_pnone_ff.json');
  });
});
