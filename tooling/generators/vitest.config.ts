import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The generated projection is typechecked and its test run in a copy of the read models.
    testTimeout: 120_000,
  },
});
