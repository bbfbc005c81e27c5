import { definePackageTestConfig } from './src/testing/vitest-config.ts';

export default definePackageTestConfig(import.meta.dirname);
