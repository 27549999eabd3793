#!/usr/bin/env node
import { startApi } from './app.ts';
import { EnvError, readEnv } from './env.ts';
import { createLogger } from './log.ts';

let config: ReturnType<typeof readEnv>;
try {
  config = readEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  createLogger('error').error('configuration refused', { reason: error.message });
  process.exit(1);
}

const log = createLogger(config.logLevel);
const api = await startApi({ config, log });

const stop = (signal: NodeJS.Signals) => {
  log.info('shutting down', { signal });
  api.close().then(
    () => process.exit(0),
    (error: unknown) => {
      log.error('shutdown failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      process.exit(1);
    },
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
