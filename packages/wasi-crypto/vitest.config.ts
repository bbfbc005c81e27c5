import { definePackageTestConfig } from '../../tools/src/testing/vitest-config.ts';

export default definePackageTestConfig(import.meta.dirname, { pool: 'forks' });
