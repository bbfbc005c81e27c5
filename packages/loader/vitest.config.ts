import { definePackageTestConfig } from '../../tools/src/testing/vitest-config.ts';

// Forks: the native host is loaded into the worker with RTLD_GLOBAL, so each
// test file gets a process of its own.
export default definePackageTestConfig(import.meta.dirname, { pool: 'forks' });
