import { enableCompileCache } from 'node:module';

// A worker thread compiles its modules again, on the import's critical path: the compile
// cache (see `main.ts`) takes about 100 ms off its start. Its work is in `lineWorkerTask.ts`.
enableCompileCache();
await import('./lineWorkerTask.ts');
