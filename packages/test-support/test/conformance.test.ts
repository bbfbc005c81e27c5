import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { workspaceRoot } from '@wasmedge-plugins/tools';
import { runConformance } from '../src/conformance/conformance.ts';
import { compileWatFile } from '../src/index.ts';
import { loadManifest } from '@wasmedge-plugins/tools';
import type { ReleaseManifest } from '@wasmedge-plugins/tools';

// A stand-in for the wasmedge binary: `--version` lists every .so on
// WASMEDGE_PLUGIN_PATH (unless FAKE_HIDE_PLUGINS), and a run prints what the
// process plug-in's echo program prints when /bin/echo is allowed (or
// FAKE_ECHO_OUTPUT), else exits 255 as proc_exit(-1) does; the program whose
// sha256 is FAKE_TRAP_SHA then traps as the runtime reports it (a log line on
// stdout with the code FAKE_TRAP_CODE, exit 134). FAKE_CRASH: every run dies of SIGSEGV.
const FAKE = `#!/bin/bash
if [ "$1" = "--version" ]; then
  echo "wasmedge version \${FAKE_VERSION:-0.17.1}"
  if [ -z "$FAKE_HIDE_PLUGINS" ]; then
    for dir in \${WASMEDGE_PLUGIN_PATH//:/ }; do
      for lib in "$dir"/*.so; do echo "$lib (plugin \\"wasmedge_process\\") v0.17.1.0"; done
    done
  fi
  exit 0
fi
echo "[2026-11-25 06:00:00.000] [info] a runtime log line, which the comparison ignores"
[ -n "$FAKE_CRASH" ] && kill -SEGV $$
for last; do :; done
if [ "$(sha256sum "$last" | cut -d' ' -f1)" = "$FAKE_TRAP_SHA" ]; then
  printf 'hello from wasi\n[2026-11-25 06:00:00.001] [error] execution failed: unreachable, Code: %s\n' "\${FAKE_TRAP_CODE:-0x40a}"
  exit 134
fi
case "$*" in
  *--allow-command=/bin/echo*) printf '%b' "\${FAKE_ECHO_OUTPUT-hello from wasi\\n}"; exit 0 ;;
  *) exit 255 ;;
esac
`;

let root: string;
let manifest: ReleaseManifest;
let fake: string;
let trapSha: string;

beforeAll(async () => {
  root = workspaceRoot();
  // The stand-in runtime knows only the process plug-in's programs.
  const full = await loadManifest(join(root, 'release-manifest.json'));
  manifest = { ...full, plugins: full.plugins.filter((p) => p.name === 'wasmedge_process') };
  fake = join(mkdtempSync(join(tmpdir(), 'fake-wasmedge-')), 'wasmedge');
  writeFileSync(fake, FAKE);
  chmodSync(fake, 0o755);
  const trapGuest = await compileWatFile(join(root, 'packages/process/test/guests/echo-then-trap-wasi.wat'));
  trapSha = createHash('sha256').update(trapGuest).digest('hex');
});

const env = (extra: Record<string, string> = {}) => ({ ...process.env, WASMEDGE_BIN: fake, FAKE_TRAP_SHA: trapSha, ...extra });

describe('runConformance', () => {
  it('passes when the runtime lists the plug-in and prints what the Node host prints', async () => {
    const report = await runConformance(root, manifest, env());
    expect(report.status, JSON.stringify(report, null, 2)).toBe('passed');
    expect(report.results.map((r) => [r.plugin, r.case, r.verdict])).toEqual([
      ['wasmedge_process', 'echo through an allowed command', 'pass'],
      ['wasmedge_process', 'a command that is not allowed', 'pass'],
      ['wasmedge_process', "a guest that traps after running a command exits 134 with the trap's code", 'pass'],
    ]);
    expect(report.results[2]!.node).toEqual({ stdout: 'hello from wasi\n', exitCode: 134, trapCode: 0x40a });
    expect(report.message).toBe(`3 passed, 0 failed against wasmedge 0.17.1 (${fake})`);
  });

  it('fails, and goes on with the next case, when a run crashes', async () => {
    const report = await runConformance(root, manifest, env({ FAKE_CRASH: '1' }));
    expect(report.results.map((r) => r.verdict)).toEqual(['fail', 'fail', 'fail']);
    expect(report.results[0]!.reason).toMatch(/^exit code: Node host 0, wasmedge 139/);
  });

  it('fails a trap whose code differs, showing both', async () => {
    const report = await runConformance(root, manifest, env({ FAKE_TRAP_CODE: '0x408' }));
    expect(report.results[2]!.reason).toBe('trap code: Node host 0x40a, wasmedge 0x408');
  });

  it('skips a runtime outside the manifest\'s range, saying so', async () => {
    const report = await runConformance(root, manifest, env({ FAKE_VERSION: '0.16.2' }));
    expect(report.status).toBe('skipped');
    expect(report.message).toBe(`wasmedge 0.16.2 (${fake}) is outside the manifest's runtime range ${manifest.runtime.range}: runtime conformance skipped`);
  });

  it('fails a plug-in that wasmedge --version does not list', async () => {
    const report = await runConformance(root, manifest, env({ FAKE_HIDE_PLUGINS: '1' }));
    expect(report.status).toBe('failed');
    expect(report.results[0]).toMatchObject({ plugin: 'wasmedge_process', case: '(load)', verdict: 'fail' });
    expect(report.results[0]!.reason).toMatch(/^wasmedge --version does not list wasmedge_process: the runtime rejected .*libwasmedgePluginWasmEdgeProcess.so$/);
  });

  it('fails a case whose output differs, showing both', async () => {
    const report = await runConformance(root, manifest, env({ FAKE_ECHO_OUTPUT: 'goodbye\\n' }));
    expect(report.status).toBe('failed');
    expect(report.results[0]!.reason).toBe('stdout: Node host "hello from wasi\\n", wasmedge "goodbye\\n"');
  });

  it('skips with one message, and exits 0, when no runtime is found', () => {
    const result = spawnSync('npx', ['tsx', 'packages/test-support/src/cli/test-runtime.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, WASMEDGE_BIN: '', PATH: `${join(root, 'node_modules', '.bin')}:/usr/bin:/bin` },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('no WasmEdge runtime found (set WASMEDGE_BIN or put wasmedge on PATH): runtime conformance skipped\n');
  });
});
