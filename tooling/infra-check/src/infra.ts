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
  volumes?: (string | { source?: string; target?: string })[];
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
  api(env: Env): { store: string | undefined; dataDir: string; port: number; projector: string };
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

/** `${NAME:?message}`, `${NAME:-default}`, `${NAME}` and `$$`, as Compose interpolates them. */
const interpolate = (value: string, variables: Readonly<Record<string, string>>): string =>
  value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[?-])([^}]*))?\}/g,
    (whole, name: string | undefined, operator: string | undefined, rest: string | undefined) => {
      if (whole === '$$') return '$';
      const given = variables[name as string];
      if (operator?.endsWith('-')) return given ?? rest ?? '';
      return given ?? '';
    },
  );

const environmentOf = (
  service: Service,
  base: Readonly<Record<string, string>>,
  variables: Readonly<Record<string, string>>,
): Record<string, string> => {
  const env: Record<string, string> = { ...base };
  const given = service.environment ?? {};
  const entries = Array.isArray(given)
    ? given.map((item) => {
        const at = item.indexOf('=');
        return at < 0 ? [item, ''] : [item.slice(0, at), item.slice(at + 1)];
      })
    : Object.entries(given).map(([key, value]) => [key, value === null ? '' : String(value)]);
  for (const [key, value] of entries) env[key as string] = interpolate(value as string, variables);
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

const mountsOf = (service: Service): { volume: string; target: string }[] =>
  (service.volumes ?? []).flatMap((mount) => {
    if (typeof mount === 'string') {
      const [volume, target] = mount.split(':');
      return volume !== undefined && target !== undefined ? [{ volume, target }] : [];
    }
    return mount.source !== undefined && mount.target !== undefined
      ? [{ volume: mount.source, target: mount.target }]
      : [];
  });

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

const versionIn = (text: string, pattern: RegExp): string | undefined => pattern.exec(text)?.[1];

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

  for (const [name, service] of Object.entries(services)) {
    const dependencies = Array.isArray(service.depends_on)
      ? service.depends_on
      : Object.keys(service.depends_on ?? {});
    for (const dependency of dependencies) {
      if (services[dependency] === undefined) {
        problems.push(`service "${name}" depends on "${dependency}", which is not a service`);
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
    const env = environmentOf(service, base, variables);
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
    const checked = versionIn(
      Array.isArray(test) ? test.join(' ') : (test ?? ''),
      /127\.0\.0\.1:(\d+)/,
    );
    if (checked !== undefined && Number(checked) !== config.port) {
      problems.push(
        `service "${api.name}": its health check asks port ${checked}, the API listens on ${config.port}`,
      );
    }
    if (config.projector !== 'external') continue;
    const readFile = readers.readStoreFile(config.dataDir);
    const shared = mountsOf(service).find(
      ({ target }) => within(config.dataDir, target) && within(readFile, target),
    );
    const projector = judged.find(
      (other) =>
        other.app === 'projector' &&
        other.config !== undefined &&
        shared !== undefined &&
        mountsOf(services[other.name] as Service).some(
          (mount) => mount.volume === shared.volume && mount.target === shared.target,
        ),
    );
    if (shared === undefined) {
      problems.push(
        `service "${api.name}": its read store ${readFile} is on no volume, so no projector can write it`,
      );
    } else if (projector === undefined) {
      problems.push(
        `service "${api.name}" reads the read store on volume "${shared.volume}", but no projector mounts it there: its read models would never be built`,
      );
    } else if ((projector.config as ReturnType<Readers['projector']>).readStoreFile !== readFile) {
      problems.push(
        `service "${projector.name}" writes ${(projector.config as ReturnType<Readers['projector']>).readStoreFile}, but "${api.name}" reads ${readFile}`,
      );
    }
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

  const wantedPnpm = versionIn(infra.rootPackage.packageManager ?? '', /^pnpm@(.+)$/);
  const installedPnpm = versionIn(infra.dockerfile, /\bpnpm@(\d+\.\d+\.\d+)/);
  if (wantedPnpm !== installedPnpm) {
    problems.push(
      `infra/Dockerfile installs pnpm ${installedPnpm ?? '(none)'}, the workspace asks for ${wantedPnpm ?? '(none)'} (package.json packageManager)`,
    );
  }
  const range = infra.rootPackage.engines?.node ?? '';
  const lowest = Number(versionIn(range, />=\s*(\d+)/) ?? 0);
  const below = Number(versionIn(range, /<\s*(\d+)/) ?? Number.POSITIVE_INFINITY);
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
