/** Where to go after signing in or switching language: a path of this site, never another origin. */
export const safeReturn = (value: string | null | undefined, fallback = '/'): string =>
  typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : fallback;
