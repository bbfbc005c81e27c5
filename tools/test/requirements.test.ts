import { describe, expect, it } from 'vitest';
import { findMissing, type ProbeEnv, type Requirement } from '../src/orchestration/requirements.ts';

/** A machine with exactly these files. */
function machine(files: string[], home = '/home/builder'): ProbeEnv {
  const present = new Set(files);
  return { path: '/usr/bin', cmakePrefixPath: '', exists: (p) => present.has(p), home };
}

const runtime: Requirement = {
  kind: 'file',
  name: '~/.cache/wasmedge-plugins/runtimes/ai-edge-litert-2.3.0-x86_64/ai_edge_litert/libLiteRt.so',
  install: './setup.sh',
  neededBy: 'the tensorflowlite backend of wasi_nn',
};

describe('findMissing', () => {
  it('reads a file requirement starting with ~/ in the home directory', () => {
    const file = '/home/builder/.cache/wasmedge-plugins/runtimes/ai-edge-litert-2.3.0-x86_64/ai_edge_litert/libLiteRt.so';
    expect(findMissing([runtime], machine([file]))).toEqual([]);
    expect(findMissing([runtime], machine([file], '/root'))).toEqual([
      `the tensorflowlite backend of wasi_nn needs ${runtime.name}: ./setup.sh`,
    ]);
  });

  it('takes other paths as they are', () => {
    const header: Requirement = { kind: 'file', name: '/usr/include/zlib.h', install: 'apt-get install zlib1g-dev', neededBy: 'wasi_nn' };
    expect(findMissing([header], machine(['/usr/include/zlib.h']))).toEqual([]);
    expect(findMissing([{ ...header, name: 'include/zlib.h' }], machine(['/usr/include/zlib.h']))).toHaveLength(1);
  });
});
