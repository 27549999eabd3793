/** Compiles the messages: before svelte-check (which type-checks the code importing them) and builds. */
import { compile } from '@inlang/paraglide-js';
import { PARAGLIDE } from './paraglide.ts';

await compile({ ...PARAGLIDE, strategy: [...PARAGLIDE.strategy] });
// The inlang SDK leaves a timer behind that would hold the process for half a minute.
process.exit(0);
