import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { PARAGLIDE } from './scripts/paraglide.ts';

// Builds compile the messages first (scripts/i18n.ts, in the build script): the inlang SDK's
// timers would hold `vite build` open for half a minute. The dev server recompiles on edits.
export default defineConfig(({ command }) => ({
  plugins: [
    ...(command === 'serve'
      ? [paraglideVitePlugin({ ...PARAGLIDE, strategy: [...PARAGLIDE.strategy] })]
      : []),
    sveltekit(),
  ],
}));
