import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['./test/fastCheckSeed.ts'],
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
