/**
 * An aarch64 `node` to run the arm64 prebuilt under qemu-user: Debian's
 * nodejs and its libraries, extracted (not installed) by setup.sh into this
 * directory, which qemu then uses as the program's root (-L).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const ARM64_NODE_ROOT =
  process.env.WASMEDGE_PLUGINS_ARM64_NODE_ROOT || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'wasmedge-plugins', 'node-arm64-bookworm');

/** The qemu command line that runs `args` with the aarch64 node; throws saying how to get it when missing. */
export function arm64NodeCommand(args: string[]): [string, string[]] {
  const node = join(ARM64_NODE_ROOT, 'usr', 'bin', 'node');
  if (!existsSync(node)) throw new Error(`no aarch64 node at ${node}: run ./setup.sh (it extracts Debian's nodejs:arm64 there)`);
  return ['qemu-aarch64', ['-L', ARM64_NODE_ROOT, node, ...args]];
}
