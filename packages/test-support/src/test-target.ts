/**
 * Which build a package's tests exercise: `host` unless
 * WASMEDGE_PLUGINS_TEST_TARGET names a release target (`nx run <pkg>:test
 * -c <target>` sets it). The target table is imported by path because
 * vitest bundles its config file and would leave a workspace package's
 * TypeScript untranspiled.
 */
import { arch as nodeArch } from 'node:process';
import { getTarget, mapNodeArch } from '../../common/src/targets.ts';

export const TEST_TARGET_ENV = 'WASMEDGE_PLUGINS_TEST_TARGET';
/** Names a build variant (tools/src/orchestration/variants.ts) to test instead of the plain build. */
export const TEST_VARIANT_ENV = 'WASMEDGE_PLUGINS_TEST_VARIANT';

export function testVariant(env: NodeJS.ProcessEnv = process.env): string | null {
  return env[TEST_VARIANT_ENV] || null;
}

export function testTarget(env: NodeJS.ProcessEnv = process.env): string {
  return env[TEST_TARGET_ENV] || 'host';
}

/** True when `target`'s programs cannot run directly on this machine (they run under qemu-user). */
export function isForeignTarget(target: string): boolean {
  return target !== 'host' && getTarget(target).arch !== mapNodeArch(nodeArch);
}
