// Finds zig's compiler, for the builds (zig-toolchain.ts) and for the Nx
// cache key of every cross build (tools/nx/*.cjs run `node find-zig.cjs
// --version` as a runtime input), so the key names the zig that builds.
// CommonJS without dependencies because Nx's plug-in worker loads it too.
'use strict';

const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { delimiter, join } = require('node:path');

/**
 * $ZIG, else the binary inside the ziglang wheel of any python3 on PATH (npm
 * and Nx put /usr/bin first, which may not be the Python pip installed
 * into), else `zig` on PATH; undefined when none.
 */
function findZig(env = process.env) {
  if (env.ZIG && existsSync(env.ZIG)) return env.ZIG;
  const dirs = (env.PATH || '').split(delimiter).filter(Boolean);
  for (const python of new Set(dirs.map((d) => join(d, 'python3')).filter((p) => existsSync(p)))) {
    try {
      const dir = execFileSync(python, ['-c', 'import ziglang, os; print(os.path.dirname(ziglang.__file__))'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        env,
      }).trim();
      if (dir && existsSync(join(dir, 'zig'))) return join(dir, 'zig');
    } catch {
      // this python has no ziglang; try the next
    }
  }
  return dirs.map((d) => join(d, 'zig')).find((p) => existsSync(p));
}

/** `zig version` of the zig findZig finds, or "none". */
function zigVersion(env = process.env) {
  const zig = findZig(env);
  return zig === undefined ? 'none' : execFileSync(zig, ['version'], { encoding: 'utf8' }).trim();
}

/** The Nx runtime input that puts the zig version into a cache key (run in the workspace root). */
const ZIG_VERSION_INPUT = { runtime: 'node tools/src/orchestration/find-zig.cjs --version' };

if (require.main === module && process.argv[2] === '--version') {
  console.log(`zig ${zigVersion()}`);
}

module.exports = { findZig, zigVersion, ZIG_VERSION_INPUT };
