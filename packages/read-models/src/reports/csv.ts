/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; LF line ends. */
export type CsvValue = string | number | boolean | null;

const field = (value: CsvValue): string => {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const toCsv = (header: readonly string[], rows: readonly (readonly CsvValue[])[]): string =>
  `${[header, ...rows].map((row) => row.map(field).join(',')).join('\n')}\n`;
