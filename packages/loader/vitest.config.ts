import { definePackageTestConfig } from '../../vitest.shared.ts';

// Forks: the native host is loaded into the worker with RTLD_GLOBAL, so each
// test file gets a process of its own.
export default definePackageTestConfig(import.meta.dirname, { pool: 'forks' });
