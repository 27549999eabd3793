import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['./test/fastCheckSeed.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The property tests run thousands of cases each, on two cores shared with the whole suite.
    testTimeout: 120_000,
  },
});
