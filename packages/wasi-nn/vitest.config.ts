import { definePackageTestConfig } from '../../vitest.shared.ts';

// forks: libtorch is loaded into the test process; a separate process per
// file keeps the resident-memory measurements of one file free of another's.
export default definePackageTestConfig(import.meta.dirname, { pool: 'forks' });
