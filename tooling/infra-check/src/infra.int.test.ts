import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Infra, loadInfra, problemsOf, type Service } from './infra.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The repository's infra/, with one change: the check must name what the change broke. */
const changed = (change: (infra: { -readonly [K in keyof Infra]: Infra[K] }) => void): Infra => {
  const infra = structuredClone(loadInfra(ROOT));
  change(infra);
  return infra;
};
const service = (infra: Infra, name: string): Service => {
  const found = infra.compose.services?.[name];
  if (found === undefined) throw new Error(`no service ${name} in infra/docker-compose.yml`);
  return found;
};
const environment = (infra: Infra, name: string) =>
  service(infra, name).environment as Record<string, string>;

describe('infra/', () => {
  it('runs every service with a configuration its app accepts, wired to the others', async () => {
    expect(await problemsOf(loadInfra(ROOT))).toEqual([]);
  });

  it.each([
    [
      'an API port its reader refuses',
      (infra: Infra) => {
        environment(infra, 'api-1').LEDGER_API_PORT = '99999';
      },
      /service "api-1": api refuses its configuration: LEDGER_API_PORT/,
    ],
    [
      'a published port the API does not listen on',
      (infra: Infra) => {
        environment(infra, 'api-2').LEDGER_API_PORT = '4100';
      },
      /service "api-2" publishes container port 4000, but the API listens on LEDGER_API_PORT 4100/,
    ],
    [
      'a projector writing another volume than its API reads',
      (infra: Infra) => {
        service(infra, 'projector-2').volumes = ['read-1:/var/lib/ledger'];
      },
      /service "api-2" reads the read store on volume "read-2", but no projector mounts it there/,
    ],
    [
      'a web app pointed at no API',
      (infra: Infra) => {
        environment(infra, 'web').LEDGER_API_URL = 'http://api-3:4000';
      },
      /service "web": LEDGER_API_URL names host "api-3", which is no API service/,
    ],
    [
      'a web app pointed at the wrong port',
      (infra: Infra) => {
        environment(infra, 'web').LEDGER_API_URL = 'http://api-1:4001';
      },
      /service "web": LEDGER_API_URL asks port 4001, but "api-1" listens on 4000/,
    ],
    [
      'a connection string the client refuses',
      (infra: Infra) => {
        environment(infra, 'projector-1').LEDGER_STORE = 'esdb://kurrentdb-1:2113?tls=perhaps';
      },
      /service "projector-1": LEDGER_STORE is not a connection string the client accepts/,
    ],
    [
      'a dependency on a service that is not there',
      (infra: Infra) => {
        service(infra, 'seed').depends_on = ['kurrentdb-4'];
      },
      /service "seed" depends on "kurrentdb-4", which is not a service/,
    ],
    [
      'a command naming a file that is not there',
      (infra: Infra) => {
        service(infra, 'api-1').command = ['node', 'apps/api/src/mian.ts'];
      },
      /service "api-1": its command runs apps\/api\/src\/mian\.ts, which is not in the repository/,
    ],
    [
      'a projector left without the cluster by a shallow merge',
      (infra: Infra) => {
        service(infra, 'projector-1').environment = { LEDGER_LOG_LEVEL: 'debug' };
      },
      /service "projector-1" projects another store \(LEDGER_STORE\) than "api-1" appends to/,
    ],
    [
      'an API listening only inside its container',
      (infra: Infra) => {
        delete environment(infra, 'api-1').LEDGER_API_HOST;
      },
      /service "api-1" listens on 127\.0\.0\.1 \(LEDGER_API_HOST\), which nothing outside/,
    ],
    [
      'a projector given its volume read-only',
      (infra: Infra) => {
        service(infra, 'projector-1').volumes = ['read-1:/var/lib/ledger:ro'];
      },
      /service "projector-1" mounts volume "read-1" read-only/,
    ],
    [
      'a deeper mount taking the read store elsewhere',
      (infra: Infra) => {
        service(infra, 'projector-1').volumes = [
          'read-1:/var/lib/ledger',
          'other:/var/lib/ledger/read',
        ];
        (infra.compose.volumes as Record<string, unknown>).other = null;
      },
      /service "api-1" reads the read store on volume "read-1", but no projector mounts it there/,
    ],
    [
      'a required variable the start command does not set',
      (infra: Infra) => {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose's interpolation, not a template
        environment(infra, 'api-1').LEDGER_ADMIN_PASSWORD = '${LEDGER_ADMIN_PASSWRD:?set it}';
      },
      /the compose file requires \$\{LEDGER_ADMIN_PASSWRD\}, which the documented start command does not set/,
    ],
    [
      'a wait for health on a service without a health check',
      (infra: Infra) => {
        service(infra, 'web').depends_on = { 'api-2': { condition: 'service_healthy' } };
      },
      /service "web" waits for "api-2" to be healthy, but "api-2" has no health check/,
    ],
    [
      'another pnpm in the image',
      (infra: { dockerfile: string }) => {
        infra.dockerfile = infra.dockerfile.replace(/pnpm@[\d.]+/, 'pnpm@9.15.0');
      },
      /infra\/Dockerfile installs pnpm 9\.15\.0, the workspace asks for/,
    ],
    [
      'another Node in the image',
      (infra: { dockerfile: string }) => {
        infra.dockerfile = infra.dockerfile.replaceAll('FROM node:24', 'FROM node:22');
      },
      /infra\/Dockerfile builds on Node 22, outside the workspace's engines\.node/,
    ],
  ])('names %s', async (_what, change, expected) => {
    const problems = await problemsOf(changed(change as (infra: Infra) => void));
    expect(
      problems.some((problem) => expected.test(problem)),
      problems.join('\n'),
    ).toBe(true);
  });
});
