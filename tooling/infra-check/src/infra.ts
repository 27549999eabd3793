/**
 * Checks `infra/` against the apps it runs, without a Docker engine: each service's configuration
 * goes through its app's own `env.ts` reader, so a renamed variable or a refused value shows here
 * rather than on an operator's first `docker compose up`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EventStoreDBClient } from '@eventstore/db-client';
import { parse } from 'yaml';

export interface Infra {
  readonly root: string;
  /** `infra/docker-compose.yml`, parsed with YAML merge keys applied, as Compose reads it. */
  readonly compose: Compose;
  readonly dockerfile: string;
  readonly rootPackage: {
    readonly packageManager?: string;
    readonly engines?: { readonly node?: string };
  };
}

export interface Compose {
  services?: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

export interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { source?: string; target?: string; read_only?: boolean })[];
  ports?: (string | number)[];
  depends_on?: string[] | Record<string, unknown>;
  healthcheck?: { test?: string[] | string };
}

/** Values for the variables an operator must set (`${NAME:?…}`), as the compose file's header says. */
export const OPERATOR_VARIABLES: Readonly<Record<string, string>> = {
  LEDGER_ADMIN_PASSWORD: 'a-long-password-the-operator-chose',
};

export const loadInfra = (root: string): Infra => ({
  root,
  compose: parse(readFileSync(join(root, 'infra/docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as Compose,
  dockerfile: readFileSync(join(root, 'infra/Dockerfile'), 'utf8'),
  rootPackage: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Infra['rootPackage'],
});

type App = 'cli' | 'projector' | 'api' | 'web';

interface Readers {
  cli(env: Env): { store: string | undefined; dataDir: string };
  projector(env: Env): { store: string | undefined; dataDir: string; readStoreFile: string };
  api(env: Env): {
    store: string | undefined;
    dataDir: string;
    host: string;
    port: number;
    projector: string;
  };
  web(env: Env): { LEDGER_API_URL: string };
  readStoreFile(dataDir: string): string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Each app's own configuration reader, loaded from its source as the app runs it. */
const readersIn = async (root: string): Promise<Readers> => {
  const load = async (path: string) =>
    (await import(pathToFileURL(join(root, path)).href)) as Record<string, unknown>;
  const [cli, projector, api, web, readModels] = await Promise.all([
    load('apps/cli/src/env.ts'),
    load('apps/projector/src/env.ts'),
    load('apps/api/src/env.ts'),
    load('apps/web/src/lib/server/readEnv.ts'),
    load('packages/read-models/src/readStore.ts'),
  ]);
  return {
    cli: cli.readEnv as Readers['cli'],
    projector: projector.readEnv as Readers['projector'],
    api: api.readEnv as Readers['api'],
    web: web.readEnv as Readers['web'],
    readStoreFile: readModels.readStoreFile as Readers['readStoreFile'],
  };
};

/**
 * `${NAME:?message}`, `${NAME:-default}`, `${NAME}`, `$NAME` and `$$`, as Compose interpolates
 * them. A required variable the operator is not told to set goes to `missing`: Compose would
 * refuse to start.
 */
const interpolate = (
  value: string,
  variables: Readonly<Record<string, string>>,
  missing: Set<string>,
): string =>
  value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[?-])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (
      whole,
      braced: string | undefined,
      operator: string | undefined,
      rest: string | undefined,
      bare: string | undefined,
    ) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare) as string;
      const given = variables[name];
      if (operator?.endsWith('-')) return given ?? rest ?? '';
      if (operator?.endsWith('?') && given === undefined) missing.add(name);
      return given ?? '';
    },
  );

const environmentOf = (
  service: Service,
  base: Readonly<Record<string, string>>,
  variables: Readonly<Record<string, string>>,
  missing: Set<string>,
): Record<string, string> => {
  const env: Record<string, string> = { ...base };
  const given = service.environment ?? {};
  const entries = Array.isArray(given)
    ? given.map((item) => {
        const at = item.indexOf('=');
        return at < 0 ? [item, ''] : [item.slice(0, at), item.slice(at + 1)];
      })
    : Object.entries(given).map(([key, value]) => [key, value === null ? '' : String(value)]);
  for (const [key, value] of entries) {
    env[key as string] = interpolate(value as string, variables, missing);
  }
  return env;
};

/** The `ENV` of the Dockerfile's last stage: what every container starts with. */
const dockerfileEnv = (dockerfile: string): Record<string, string> => {
  const stages = dockerfile.split(/^FROM\s/m);
  const last = stages.at(-1) ?? '';
  const env: Record<string, string> = {};
  for (const line of last.split('\n')) {
    const match = /^ENV\s+(.*)$/.exec(line.trim());
    if (match === null) continue;
    for (const pair of (match[1] as string).matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) {
      env[pair[1] as string] = (pair[2] as string).replace(/^"|"$/g, '');
    }
  }
  return env;
};

const appOf = (script: string): App | undefined =>
  /^apps\/(cli|projector|api|web)\//.exec(script)?.[1] as App | undefined;

const commandOf = (service: Service): string[] =>
  Array.isArray(service.command)
    ? service.command
    : typeof service.command === 'string'
      ? service.command.split(/\s+/)
      : [];

interface Mount {
  readonly volume: string;
  readonly target: string;
  readonly readOnly: boolean;
}

const mountsOf = (service: Service): Mount[] =>
  (service.volumes ?? []).flatMap((mount) => {
    if (typeof mount === 'string') {
      const [volume, target, mode] = mount.split(':');
      return volume !== undefined && target !== undefined
        ? [{ volume, target, readOnly: (mode ?? '').split(',').includes('ro') }]
        : [];
    }
    return mount.source !== undefined && mount.target !== undefined
      ? [{ volume: mount.source, target: mount.target, readOnly: mount.read_only === true }]
      : [];
  });

/** The mount a path is written through: the one with the deepest target holding it. */
const mountOf = (service: Service, path: string): Mount | undefined =>
  mountsOf(service)
    .filter((mount) => within(path, mount.target))
    .sort((a, b) => b.target.length - a.target.length)[0];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

const containerPorts = (service: Service): number[] =>
  (service.ports ?? []).map((port) => Number(String(port).split(':').at(-1)?.split('/')[0]));

const within = (path: string, dir: string): boolean =>
  path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

interface Judged {
  readonly name: string;
  readonly app: App;
  readonly env: Record<string, string>;
  readonly config: Record<string, unknown> | undefined;
}

/** The first group `pattern` captures in `text`. */
const firstMatch = (text: string, pattern: RegExp): string | undefined => pattern.exec(text)?.[1];

/** Everything wrong with `infra`, one sentence each naming the service and the setting. */
export async function problemsOf(
  infra: Infra,
  variables: Readonly<Record<string, string>> = OPERATOR_VARIABLES,
): Promise<string[]> {
  const problems: string[] = [];
  const readers = await readersIn(infra.root);
  const services = infra.compose.services ?? {};
  const declaredVolumes = new Set(Object.keys(infra.compose.volumes ?? {}));
  const base = dockerfileEnv(infra.dockerfile);
  const judged: Judged[] = [];
  const missing = new Set<string>();

  for (const [name, service] of Object.entries(services)) {
    const dependencies = Array.isArray(service.depends_on)
      ? service.depends_on
      : Object.keys(service.depends_on ?? {});
    for (const dependency of dependencies) {
      const target = services[dependency];
      if (target === undefined) {
        problems.push(`service "${name}" depends on "${dependency}", which is not a service`);
        continue;
      }
      const condition = Array.isArray(service.depends_on)
        ? undefined
        : (service.depends_on?.[dependency] as { condition?: string } | undefined)?.condition;
      if (condition === 'service_healthy' && target.healthcheck?.test === undefined) {
        problems.push(
          `service "${name}" waits for "${dependency}" to be healthy, but "${dependency}" has no health check`,
        );
      }
    }
    for (const { volume } of mountsOf(service)) {
      if (!volume.startsWith('.') && !volume.startsWith('/') && !declaredVolumes.has(volume)) {
        problems.push(`service "${name}" mounts volume "${volume}", which is not declared`);
      }
    }
    if (service.build === undefined) continue;
    const [program, script] = commandOf(service);
    const app = script === undefined ? undefined : appOf(script);
    if (program !== 'node' || script === undefined || app === undefined) {
      problems.push(
        `service "${name}": command must be ["node", "apps/<app>/…"], got ${JSON.stringify(service.command)}`,
      );
      continue;
    }
    const built = new RegExp(`--filter @ledger/${app} run build`).test(infra.dockerfile);
    if (!existsSync(join(infra.root, script)) && !(script === `apps/${app}/build` && built)) {
      problems.push(
        `service "${name}": its command runs ${script}, which is not in the repository nor built by infra/Dockerfile`,
      );
    }
    const env = environmentOf(service, base, variables, missing);
    let config: Record<string, unknown> | undefined;
    try {
      config = readers[app](env) as unknown as Record<string, unknown>;
    } catch (error) {
      problems.push(
        `service "${name}": ${app} refuses its configuration: ${(error as Error).message}`,
      );
    }
    const store = env.LEDGER_STORE ?? '';
    if (store !== '') {
      try {
        await EventStoreDBClient.connectionString(store).dispose();
      } catch (error) {
        problems.push(
          `service "${name}": LEDGER_STORE is not a connection string the client accepts: ${(error as Error).message}`,
        );
      }
    }
    judged.push({ name, app, env, config });
  }

  const apis = judged.filter((service) => service.app === 'api' && service.config !== undefined);
  for (const api of apis) {
    const config = api.config as ReturnType<Readers['api']>;
    const service = services[api.name] as Service;
    for (const port of containerPorts(service)) {
      if (port !== config.port) {
        problems.push(
          `service "${api.name}" publishes container port ${port}, but the API listens on LEDGER_API_PORT ${config.port}`,
        );
      }
    }
    const test = service.healthcheck?.test;
    const checked = firstMatch(
      Array.isArray(test) ? test.join(' ') : (test ?? ''),
      /(?:127\.0\.0\.1|localhost|\[::1\]):(\d+)/,
    );
    if (checked !== undefined && Number(checked) !== config.port) {
      problems.push(
        `service "${api.name}": its health check asks port ${checked}, the API listens on ${config.port}`,
      );
    }
    const reachedFromOutside =
      containerPorts(service).length > 0 ||
      judged.some(
        (other) => other.app === 'web' && other.env.LEDGER_API_URL?.includes(`//${api.name}:`),
      );
    if (LOOPBACK.has(config.host) && reachedFromOutside) {
      problems.push(
        `service "${api.name}" listens on ${config.host} (LEDGER_API_HOST), which nothing outside its container reaches`,
      );
    }
    if (config.projector !== 'external') continue;
    const readFile = readers.readStoreFile(config.dataDir);
    const shared = mountOf(service, readFile);
    const projector = judged.find((other) => {
      if (other.app !== 'projector' || other.config === undefined || shared === undefined) {
        return false;
      }
      const written = mountOf(
        services[other.name] as Service,
        (other.config as ReturnType<Readers['projector']>).readStoreFile,
      );
      return written?.volume === shared.volume;
    });
    if (shared === undefined) {
      problems.push(
        `service "${api.name}": its read store ${readFile} is on no volume, so no projector can write it`,
      );
    } else if (projector === undefined) {
      problems.push(
        `service "${api.name}" reads the read store on volume "${shared.volume}", but no projector mounts it there: its read models would never be built`,
      );
    } else {
      const written = (projector.config as ReturnType<Readers['projector']>).readStoreFile;
      const through = mountOf(services[projector.name] as Service, written) as Mount;
      if (written.slice(through.target.length) !== readFile.slice(shared.target.length)) {
        problems.push(
          `service "${projector.name}" writes ${written} on volume "${shared.volume}", but "${api.name}" reads ${readFile} there`,
        );
      }
      if (through.readOnly) {
        problems.push(
          `service "${projector.name}" mounts volume "${shared.volume}" read-only, but writes the read store on it`,
        );
      }
      if ((projector.env.LEDGER_STORE ?? '') !== (api.env.LEDGER_STORE ?? '')) {
        problems.push(
          `service "${projector.name}" projects another store (LEDGER_STORE) than "${api.name}" appends to`,
        );
      }
    }
  }

  const stores = new Set(
    judged
      .filter((service) => service.app !== 'web')
      .map((service) => service.env.LEDGER_STORE ?? ''),
  );
  if (stores.size > 1) {
    problems.push(
      `the services name ${stores.size} different stores (LEDGER_STORE): ${judged
        .filter((service) => service.app !== 'web')
        .map(
          (service) =>
            `"${service.name}" ${service.env.LEDGER_STORE ? 'EventStoreDB' : 'its own embedded file'}`,
        )
        .join(', ')}; one ledger has one store`,
    );
  }
  for (const name of missing) {
    problems.push(
      `the compose file requires \${${name}}, which the documented start command does not set`,
    );
  }

  for (const web of judged.filter((service) => service.app === 'web')) {
    const service = services[web.name] as Service;
    const port = Number(web.env.PORT ?? 3000);
    for (const published of containerPorts(service)) {
      if (published !== port) {
        problems.push(
          `service "${web.name}" publishes container port ${published}, but the web app listens on PORT ${port}`,
        );
      }
    }
    if (web.config === undefined) continue;
    const url = new URL(String(web.config.LEDGER_API_URL));
    const api = apis.find((candidate) => candidate.name === url.hostname);
    if (api === undefined) {
      problems.push(
        `service "${web.name}": LEDGER_API_URL names host "${url.hostname}", which is no API service`,
      );
    } else if (Number(url.port || 80) !== (api.config as ReturnType<Readers['api']>).port) {
      problems.push(
        `service "${web.name}": LEDGER_API_URL asks port ${url.port || 80}, but "${api.name}" listens on ${(api.config as ReturnType<Readers['api']>).port}`,
      );
    }
  }

  const wantedPnpm = firstMatch(infra.rootPackage.packageManager ?? '', /^pnpm@(.+)$/);
  const installedPnpm = firstMatch(infra.dockerfile, /\bpnpm@(\d+\.\d+\.\d+)/);
  if (wantedPnpm !== installedPnpm) {
    problems.push(
      `infra/Dockerfile installs pnpm ${installedPnpm ?? '(none)'}, the workspace asks for ${wantedPnpm ?? '(none)'} (package.json packageManager)`,
    );
  }
  const range = infra.rootPackage.engines?.node ?? '';
  const lowest = Number(firstMatch(range, />=\s*(\d+)/) ?? 0);
  const below = Number(firstMatch(range, /<\s*(\d+)/) ?? Number.POSITIVE_INFINITY);
  for (const image of infra.dockerfile.matchAll(/^FROM\s+node:(\d+)/gm)) {
    const major = Number(image[1]);
    if (major < lowest || major >= below) {
      problems.push(
        `infra/Dockerfile builds on Node ${major}, outside the workspace's engines.node "${range}"`,
      );
    }
  }
  return problems;
}
