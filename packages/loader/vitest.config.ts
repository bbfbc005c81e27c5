import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The native host is loaded into the worker process with RTLD_GLOBAL;
    // forks keep each test file's plug-ins in a process of its own.
    pool: 'forks',
  },
});
