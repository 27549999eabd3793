import { error } from '@sveltejs/kit';
import { exportFilename } from '$lib/exports.ts';
import { read } from '$lib/server/api.ts';
import { parseKnownAt, parseValidAt } from '$lib/server/asOf.ts';
import type { RequestHandler } from './$types';

/** A report or a diff as a CSV or JSON file, with its position and hash in headers and name. */
export const GET: RequestHandler = async ({ locals, url }) => {
  if (locals.user === null) error(401, { message: 'sign_in_first' });
  const format = url.searchParams.get('formato');
  if (format !== 'csv' && format !== 'json') error(400, { message: 'formato must be csv or json' });
  const now = new Date();
  const known = parseKnownAt(url.searchParams.get('noto'), now);
  if (known.error !== undefined) error(400, { message: known.error });
  const knownAt = known.value === undefined ? {} : { knownAt: known.value };
  let file: { body: string; contentType: string; position: number | null; hash: string };
  let subject: string;
  if (url.searchParams.get('tipo') === 'confronto') {
    const from = parseValidAt(url.searchParams.get('da'), now, 'da');
    const to = parseValidAt(url.searchParams.get('a'), now, 'a');
    const problem = from.error ?? to.error;
    if (problem !== undefined) error(400, { message: problem });
    file = await read(url, () =>
      locals.api.reports.exportDiff.query({ from: from.value, to: to.value, format, ...knownAt }),
    );
    subject = `confronto_${from.value}_${to.value}`;
  } else {
    const validAt = parseValidAt(url.searchParams.get('data'), now, 'data');
    if (validAt.error !== undefined) error(400, { message: validAt.error });
    file = await read(url, () =>
      locals.api.reports.exportEcosystem.query({ validAt: validAt.value, format, ...knownAt }),
    );
    subject = `ecosistema_${validAt.value}`;
  }
  const name = exportFilename(subject, file.position, file.hash, format);
  return new Response(file.body, {
    headers: {
      'content-type': `${file.contentType}; charset=utf-8`,
      'content-disposition': `attachment; filename="${name}"`,
      'x-ledger-position': String(file.position ?? ''),
      'x-ledger-hash': file.hash,
      'cache-control': 'private, no-store',
    },
  });
};
