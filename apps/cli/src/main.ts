#!/usr/bin/env node
import { enableCompileCache } from 'node:module';

// Modules compiled once are kept on disk (in the OS temp dir, or where NODE_COMPILE_CACHE
// says): a command then starts in half the time. The program is loaded after, to be covered.
enableCompileCache();
await import('./ledger.ts');
