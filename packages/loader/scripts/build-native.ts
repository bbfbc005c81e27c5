/**
 * The workspace build of the native host (Nx target loader:build): copies
 * the plug-in C API headers into dist/ (they ship, for the source fallback),
 * then builds build/native/ the same way an installed package does.
 */
import { cp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runMain } from '@wasmedge-plugins/tools';
import { buildNativeHost, SHIPPED_PLUGIN_API_INCLUDE } from '../src/native-build/build-host.ts';

const pluginApiInclude = join(dirname(createRequire(import.meta.url).resolve('@wasmedge-plugins/plugin-api/package.json')), 'include');

runMain(async () => {
  await rm(SHIPPED_PLUGIN_API_INCLUDE, { recursive: true, force: true });
  await cp(pluginApiInclude, SHIPPED_PLUGIN_API_INCLUDE, { recursive: true });
  const files = await buildNativeHost({ pluginApiInclude });
  console.log(`native host: ${files.join(', ')}`);
});
