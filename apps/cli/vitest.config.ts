import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['./test/fastCheckSeed.ts', './test/tempDirs.ts'],
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
