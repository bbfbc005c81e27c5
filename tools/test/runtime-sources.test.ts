/**
 * A backend runtime's sources, read from the real pinned wheels setup.sh
 * downloads (OpenVINO, LiteRT): the libraries taken are the root, what it
 * needs from the wheel and what the runtime opens itself, each named by its
 * path in the wheel whose pin (URL, size, sha256) the index publishes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../src/manifest/load-manifest.ts';
import { workspaceRoot } from '../src/cli/cli-support.ts';
import { findWheelPinForArch, loadWheelPins } from '../src/deps/pypi-wheels.ts';
import { describeWheelRuntime } from '../src/deps/runtime-sources.ts';
import { wheelCacheDir } from '../src/deps/pypi-wheels.ts';

const ROOT = workspaceRoot();
const manifest = await loadManifest(`${ROOT}/release-manifest.json`);
const pins = loadWheelPins(ROOT);
const runtimeOf = (backend: string) => manifest.plugins.find((p) => p.name === 'wasi_nn')!.backends!.find((b) => b.name === backend)!.runtime!;

describe('describeWheelRuntime', () => {
  it("takes OpenVINO's C library, what it needs and the CPU plug-in and IR reader it opens", async () => {
    const runtime = await describeWheelRuntime(ROOT, runtimeOf('openvino'), 'x86_64');
    const pin = findWheelPinForArch(pins, 'openvino', '2026.4.1', 'x86_64');
    expect(runtime).toMatchObject({ package: 'openvino', version: '2026.4.1', linkage: 'dlopen', cxxAbi: null, glibcFloor: '2.28' });
    expect(runtime.sources).toEqual([{ file: pin.file, url: pin.url, sha256: pin.sha256, size: pin.size, members: expect.any(Array) }]);
    const members = runtime.sources![0]!.members;
    for (const library of ['libopenvino_c.so.2641', 'libopenvino.so.2641', 'libtbb.so.12', 'libopenvino_intel_cpu_plugin.so', 'libopenvino_ir_frontend.so.2641']) {
      expect(members).toContain(`openvino/libs/${library}`);
      expect(runtime.libraries).toContain(library);
    }
    // Only what the CPU path needs: no GPU or NPU plug-in, no other model readers.
    expect(members.filter((m) => /gpu|npu|onnx|paddle|tensorflow/.test(m))).toEqual([]);
  });

  it("takes LiteRT's one library from the wheel of each architecture", async () => {
    for (const arch of ['x86_64', 'aarch64']) {
      const runtime = await describeWheelRuntime(ROOT, runtimeOf('tensorflowlite'), arch);
      const pin = findWheelPinForArch(pins, 'ai-edge-litert', '2.3.0', arch);
      expect(pin.file).toContain(`_${arch}.whl`);
      expect(runtime.libraries).toEqual(['libLiteRt.so']);
      expect(runtime.sources).toEqual([{ file: pin.file, url: pin.url, sha256: pin.sha256, size: pin.size, members: ['ai_edge_litert/libLiteRt.so'] }]);
    }
  });

  it('refuses a manifest whose glibc floor is below what the libraries need', async () => {
    const runtime = runtimeOf('tensorflowlite');
    await expect(describeWheelRuntime(ROOT, { ...runtime, glibcFloor: { ...runtime.glibcFloor, aarch64: '2.17' } }, 'aarch64')).rejects.toThrow(
      /states glibc 2\.17 for the ai-edge-litert 2\.3\.0 runtime on aarch64, but its libraries in .* need 2\.34/,
    );
  });

  it('names a library the runtime lists but the wheel does not hold', async () => {
    await expect(describeWheelRuntime(ROOT, { ...runtimeOf('openvino'), alsoLoads: ['libopenvino_missing_plugin.so'] }, 'x86_64')).rejects.toThrow(
      /hold no libopenvino_missing_plugin\.so under openvino\/libs/,
    );
  });

  it('names the architecture a pinned runtime has no wheel for', () => {
    expect(() => findWheelPinForArch(pins, 'openvino', '2026.4.1', 'aarch64')).toThrow(/pins no openvino==2026\.4\.1 wheel for aarch64 \(pinned files of it: openvino-2026\.4\.1-22982-cp311/);
  });
});

describe('extract-runtimes (setup.sh)', () => {
  it("takes out of each wheel the libraries the index publishes and the build's headers, once", async () => {
    const cache = mkdtempSync(join(tmpdir(), 'runtimes-cache-'));
    mkdirSync(cache, { recursive: true });
    symlinkSync(wheelCacheDir(), join(cache, 'wheels'));
    const run = () => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/src/cli/extract-runtimes.ts')], { cwd: ROOT, env: { ...process.env, WASMEDGE_PLUGINS_CACHE_DIR: cache }, encoding: 'utf8' });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    const openvino = await describeWheelRuntime(ROOT, runtimeOf('openvino'), 'x86_64');
    const dir = join(cache, 'runtimes', 'openvino-2026.4.1-x86_64');
    expect(readdirSync(join(dir, 'openvino', 'libs')).sort()).toEqual(openvino.sources![0]!.members.map((m) => m.slice('openvino/libs/'.length)).sort());
    expect(existsSync(join(dir, 'openvino', 'include', 'openvino', 'c', 'openvino.h'))).toBe(true);
    for (const arch of ['x86_64', 'aarch64']) expect(readdirSync(join(cache, 'runtimes', `ai-edge-litert-2.3.0-${arch}`, 'ai_edge_litert'))).toEqual(['libLiteRt.so']);
    expect(first.stdout.match(/^extracting /gm)).toHaveLength(3);
    const second = run();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).not.toMatch(/^extracting /m);
  }, 120_000);
});
