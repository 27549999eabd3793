/**
 * The baseline of `pnpm bench:api`: a bare `node:http` server answering each path with the JSON
 * the API answers with, and nothing else. Prints its port on stdout.
 *
 * `bytes`: the answer encoded once, written as is (what HTTP alone costs).
 * `json`: the answer kept as an object and serialised on every request, as a hand-written JSON
 * endpoint does.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const mode = process.argv[3] === 'json' ? 'json' : 'bytes';
const answers = new Map(
  Object.entries(
    JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Record<string, string>,
  ).map(([path, body]) => [path, { bytes: Buffer.from(body), value: JSON.parse(body) as unknown }]),
);

const server = http.createServer({ noDelay: true }, (req, res) => {
  const answer = answers.get(req.url ?? '');
  if (answer === undefined) {
    res.writeHead(404).end();
    return;
  }
  const body = mode === 'bytes' ? answer.bytes : Buffer.from(JSON.stringify(answer.value));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
