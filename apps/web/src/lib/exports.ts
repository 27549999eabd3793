/**
 * Links to the report files and the names they are saved under. The name carries the report's
 * date, log position and hash, so a copy on someone's disk still says which report it is.
 */

export type ExportFormat = 'csv' | 'json';

export const exportHref = (
  kind: 'report' | 'confronto',
  format: ExportFormat,
  params: Readonly<Record<string, string | undefined>>,
): string => {
  const query = new URLSearchParams({ tipo: kind, formato: format });
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, value);
  }
  return `/report/esporta?${query}`;
};

export const exportFilename = (
  subject: string,
  position: number | null,
  hash: string,
  format: ExportFormat,
): string => {
  const digest = hash.replace(/^sha256:/, '').slice(0, 12);
  const safe = subject.replace(/[^0-9A-Za-z_-]+/g, '_');
  return `${safe}_p${position ?? 'none'}_${digest}.${format}`;
};
