/**
 * The one place the web server reads its configuration. Everything else imports `env`.
 */
import { env as runtime } from '$env/dynamic/private';
import { readEnv, type WebEnv } from './readEnv.ts';

export type { WebEnv } from './readEnv.ts';

export const env: WebEnv = readEnv(runtime);
