/**
 * Paraglide's options, shared by the Vite build and the compile step `typecheck` runs first. The
 * inlang project loads its message-format plugin from node_modules (a relative module path in
 * project.inlang/settings.json), never from a CDN: builds need no network.
 */
export const PARAGLIDE = {
  project: './project.inlang',
  outdir: './src/lib/paraglide',
  // The language is a cookie the switch sets; without one, Italian.
  strategy: ['cookie', 'baseLocale'],
  cookieName: 'ledger_lang',
  emitGitIgnore: false,
  emitPrettierIgnore: false,
} as const;
