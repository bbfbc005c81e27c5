/**
 * The fuzz targets: one per plug-in module, all run by the same generic
 * driver (packages/plugin-api/fuzz/plugin_fuzzer.cpp) against the plug-in's
 * `asan` build. A row says which module, with which program options, and
 * whether the target must be cut off from the network; its seed corpus and
 * dictionary live beside the plug-in, in packages/<package>/fuzz/<name>/.
 *
 * The options keep a run on this machine and short: the process plug-in may
 * run only commands that exit at once and touch no files, and httpsreq
 * runs in a network namespace of its own, where a peer (fuzz_peer.h) that
 * the input drives is the only server.
 */
import { join } from 'node:path';

export interface FuzzTarget {
  /** Target name: the module descriptor's name. */
  name: string;
  /** Modules whose functions the target may call as well (handles cross them). */
  companions?: string[];
  package: string;
  plugin: string;
  backend: string | null;
  /** Program options, as name=value (a Toggle's value is ignored). */
  options: string[];
  /** `net`: the driver enters its own network namespace first. */
  isolate: 'net' | null;
  /** C source of the target's peer (fuzz_peer.h), in its fuzz directory, and the libraries it links. */
  peer?: { source: string; libs: string[] };
}

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'wasmedge_process',
    package: 'process',
    plugin: 'wasmedge_process',
    backend: null,
    options: ['allow-command=/bin/echo,/bin/true,/bin/false,/usr/bin/tr'],
    isolate: 'net',
  },
  {
    name: 'wasmedge_httpsreq',
    package: 'httpsreq',
    plugin: 'wasmedge_httpsreq',
    backend: null,
    options: ['https-connect-timeout-ms=300', 'https-read-timeout-ms=100', 'https-max-response-bytes=65536', 'https-quiet='],
    isolate: 'net',
    peer: { source: 'tls_peer.c', libs: ['-lssl', '-lcrypto'] },
  },
  { name: 'wasi_crypto_common', package: 'wasi-crypto', plugin: 'wasi_crypto', backend: null, options: [], isolate: null },
  {
    name: 'wasi_crypto_symmetric',
    companions: ['wasi_crypto_common'], // option sets (nonces) come from there
    package: 'wasi-crypto',
    plugin: 'wasi_crypto',
    backend: null,
    options: [],
    isolate: null,
  },
  // Key pairs, public and secret keys come from asymmetric_common.
  ...['wasi_crypto_asymmetric_common', 'wasi_crypto_signatures', 'wasi_crypto_kx'].map((name) => ({
    name,
    companions: ['wasi_crypto_common', 'wasi_crypto_asymmetric_common'].filter((c) => c !== name),
    package: 'wasi-crypto',
    plugin: 'wasi_crypto',
    backend: null,
    options: [],
    isolate: null,
  })),
  { name: 'wasi_nn', package: 'wasi-nn', plugin: 'wasi_nn', backend: 'pytorch', options: [], isolate: 'net' },
];

export function getFuzzTarget(name: string): FuzzTarget {
  const target = FUZZ_TARGETS.find((t) => t.name === name);
  if (target === undefined) {
    throw new Error(`unknown fuzz target "${name}"; targets: ${FUZZ_TARGETS.map((t) => t.name).join(', ')}`);
  }
  return target;
}

/**
 * Checked-in files of a target: seeds (written from seeds.json), the
 * libFuzzer dictionary, and LeakSanitizer suppressions for leaks inside an
 * uninstrumented library (each with its reason).
 */
export function fuzzTargetFiles(root: string, target: FuzzTarget) {
  const dir = join(root, 'packages', target.package, 'fuzz', target.name);
  return { dir, seeds: join(dir, 'seeds'), dictionary: join(dir, `${target.name}.dict`), leakSuppressions: join(dir, 'lsan.supp') };
}

/** Where runs keep what they learn and find (not checked in). */
export function fuzzWorkDirs(root: string, target: FuzzTarget) {
  const dir = join(root, 'build', 'fuzz', target.name);
  return { corpus: join(dir, 'corpus'), artifacts: join(dir, 'artifacts') };
}
