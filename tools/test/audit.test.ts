import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeHostTarget, getTarget, readElf, readHostFacts, type ResolvedTarget } from '@wasmedge-plugins/common';
import { auditLibrary } from '../src/audit/audit-library.ts';
import { readIdentityTexts } from '../src/audit/elf-facts.ts';
import type { LinkedDependency } from '../src/orchestration/build-cells.ts';
import { workspaceRoot } from '../src/cli/cli-support.ts';
import { loadDependencies } from '../src/deps/dependency.ts';

const DESCRIPTOR = '__attribute__((visibility("default"))) const void *WasmEdge_Plugin_GetDescriptor(void) { return 0; }\n';

/** Compiles a shared library in a temp dir with the host compiler; returns its path. */
function build(source: string, extra: string[] = [], name = 'libplugin.so', visibility = '-fvisibility=hidden'): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  writeFileSync(join(dir, 'lib.c'), source);
  execFileSync('cc', ['-shared', '-fPIC', visibility, join(dir, 'lib.c'), '-o', join(dir, name), ...extra]);
  return join(dir, name);
}

/** A plug-in-shaped library that really uses a function from a separate libextra.so. */
function buildWithExtraLibrary(): string {
  const dep = build('int dep(void) { return 2; }\n', [], 'libextra.so', '-fvisibility=default');
  return build(
    'int dep(void);\n__attribute__((visibility("default"))) const void *WasmEdge_Plugin_GetDescriptor(void) { return (const void *)(long)dep(); }\n',
    [`-L${join(dep, '..')}`, '-lextra'],
  );
}

function audit(path: string, target: ResolvedTarget = getTarget('manylinux2014_x86_64'), declaredLibraries: string[] = []) {
  return auditLibrary({ file: path, elf: readElf(readFileSync(path), path), target, expects: { needed: declaredLibraries, cxxAbi: null } });
}

describe('auditLibrary', () => {
  it('passes a plug-in that needs only libc at an old version and exports only the descriptor', () => {
    const report = audit(build(`#include <string.h>\nint f(char *d, const char *s) { return (int)strlen(strcpy(d, s)); }\n${DESCRIPTOR}`));
    expect(report.findings).toEqual([]);
    expect(report.verdict).toBe('pass');
    expect(report.facts.needed).toEqual(['libc.so.6']);
  });

  it('refuses a symbol version above the target ceiling, naming the symbol and the object', () => {
    // pthread_cond_clockwait first appeared in glibc 2.30.
    const path = build(`#include <pthread.h>\n#include <time.h>\nint w(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *t) { return pthread_cond_clockwait(c, m, CLOCK_MONOTONIC, t); }\n${DESCRIPTOR}`, ['-pthread']);
    const report = audit(path);
    expect(report.verdict).toBe('fail');
    expect(report.findings.map((f) => f.message)).toContainEqual(
      expect.stringMatching(new RegExp(`^${path}: symbol pthread_cond_clockwait needs GLIBC_2\\.\\d+ from libc\\.so\\.6, above manylinux2014_x86_64's ceiling GLIBC_2\\.17$`)),
    );
    // The host target's ceiling is this machine's own glibc.
    expect(audit(path, describeHostTarget(readHostFacts())).verdict).toBe('pass');
  });

  it('refuses the wrong architecture', () => {
    const good = build(DESCRIPTOR);
    const bytes = readFileSync(good);
    bytes.writeUInt16LE(183, 18); // e_machine: EM_AARCH64
    const wrong = join(mkdtempSync(join(tmpdir(), 'audit-')), 'libwrong.so');
    writeFileSync(wrong, bytes);
    expect(audit(wrong).findings).toEqual([
      { rule: 'machine', message: `${wrong}: ELF machine 183 (aarch64), but target manylinux2014_x86_64 is x86_64 (machine 62)` },
    ]);
  });

  it('refuses a stray export', () => {
    const path = build(`__attribute__((visibility("default"))) int helper(void) { return 1; }\n${DESCRIPTOR}`);
    expect(audit(path).findings).toEqual([{ rule: 'export', message: `${path}: exports helper; a plug-in exports only WasmEdge_Plugin_GetDescriptor` }]);
  });

  it('accepts a RUNPATH of $ORIGIN and refuses any other search path, RUNPATH or RPATH', () => {
    const origin = build(DESCRIPTOR, ['-Wl,--enable-new-dtags,-rpath,$ORIGIN']);
    expect(readElf(readFileSync(origin)).runpath).toEqual(['$ORIGIN']);
    expect(audit(origin).verdict).toBe('pass');
    const leaky = build(DESCRIPTOR, ['-Wl,--enable-new-dtags,-rpath,$ORIGIN:/home/builder/libtorch/lib']);
    expect(audit(leaky).findings).toEqual([
      { rule: 'runpath', message: `${leaky}: its RUNPATH names /home/builder/libtorch/lib; a plug-in may only name $ORIGIN (its own directory)` },
    ]);
    const old = build(DESCRIPTOR, ['-Wl,--disable-new-dtags,-rpath,/opt/lib']);
    expect(readElf(readFileSync(old)).runpath).toEqual(['/opt/lib']);
    expect(audit(old).findings.map((f) => f.rule)).toEqual(['runpath']);
  });

  it('refuses a library the target does not allow, unless the manifest declares it', () => {
    const path = buildWithExtraLibrary();
    expect(audit(path).findings).toEqual([
      {
        rule: 'library',
        message: `${path}: needs libextra.so, which manylinux2014_x86_64 does not allow (link it statically, or declare it in the manifest's backend "needed" if the platform provides it)`,
      },
    ]);
    expect(audit(path, getTarget('manylinux2014_x86_64'), ['libextra.so']).verdict).toBe('pass');
  });

  it('lets the host target link what this machine has', () => {
    const path = buildWithExtraLibrary();
    expect(audit(path, describeHostTarget(readHostFacts())).verdict).toBe('pass');
  });
});

/** A C++ plug-in-shaped library that passes a std::string to libstdc++, with the chosen ABI. */
function buildCxx(abi: 0 | 1): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-cxx-'));
  writeFileSync(
    join(dir, 'lib.cpp'),
    '#include <string>\nextern "C" __attribute__((visibility("default"))) const void *WasmEdge_Plugin_GetDescriptor(void) { static std::string s = std::to_string(42); return s.c_str(); }\n',
  );
  execFileSync('g++', ['-shared', '-fPIC', '-fvisibility=hidden', `-D_GLIBCXX_USE_CXX11_ABI=${abi}`, join(dir, 'lib.cpp'), '-o', join(dir, 'libplugin.so')]);
  return join(dir, 'libplugin.so');
}

describe('auditLibrary against the manifest expectations', () => {
  const host = describeHostTarget(readHostFacts());
  const check = (path: string, expects: { needed: string[]; cxxAbi: string | null }) =>
    auditLibrary({ file: path, elf: readElf(readFileSync(path), path), target: host, expects });

  it('reads the C++ ABI from the imports and refuses a library built with the other one', () => {
    const cxx11 = buildCxx(1);
    const old = buildCxx(0);
    // (The template instances libstdc++ leaves exported are the export rule's business, not this one's.)
    const expectations = (report: ReturnType<typeof check>) => report.findings.filter((f) => f.rule === 'expectation');
    expect(check(cxx11, { needed: [], cxxAbi: 'cxx11' }).facts.cxxAbi).toBe('cxx11');
    expect(expectations(check(cxx11, { needed: [], cxxAbi: 'cxx11' }))).toEqual([]);
    expect(check(old, { needed: [], cxxAbi: null }).facts.cxxAbi).toBe('pre-cxx11');
    expect(expectations(check(old, { needed: [], cxxAbi: 'cxx11' }))).toEqual([
      { rule: 'expectation', message: `${old}: the manifest expects the cxx11 C++ ABI, but its imports show pre-cxx11` },
    ]);
    expect(check(build(DESCRIPTOR), { needed: [], cxxAbi: null }).facts.cxxAbi).toBeNull();
  });

  it('refuses a library that does not need what the manifest says it needs', () => {
    const path = build(DESCRIPTOR);
    expect(check(path, { needed: ['libtorch.so.1.13'], cxxAbi: null }).findings).toEqual([
      { rule: 'expectation', message: `${path}: the manifest expects it to need libtorch.so.1.13, but its DT_NEEDED entries are none` },
    ]);
  });
});

describe('auditLibrary on what the build linked', () => {
  const host = describeHostTarget(readHostFacts());
  const openssl = loadDependencies(workspaceRoot()).get('openssl')!;
  const as = (linkage: LinkedDependency['linkage']): LinkedDependency[] => [{ name: openssl.name, version: openssl.version, identity: openssl.identity, linkage }];
  const check = (path: string, linked: LinkedDependency[]) => {
    const bytes = readFileSync(path);
    return auditLibrary({ file: path, elf: readElf(bytes, path), target: host, linked, bytes });
  };
  const bundledFindings = (report: ReturnType<typeof check>) => report.findings.filter((f) => f.rule === 'bundled');
  // A real copy of another OpenSSL: the system's static libcrypto, its version function kept as the build keeps ours.
  const systemLibcrypto = execFileSync('cc', ['-print-file-name=libcrypto.a'], { encoding: 'utf8' }).trim();
  let copy: string | undefined;
  const withSystemCopy = () => (copy ??= build(DESCRIPTOR, [`-Wl,-u,${openssl.identity.symbol}`, systemLibcrypto]));
  const systemText = () => readIdentityTexts(readFileSync(withSystemCopy()), 'libcrypto', openssl);

  it('refuses a host library that carries a copy of the dependency it should take from the system', () => {
    const path = withSystemCopy();
    expect(systemText()).toHaveLength(1);
    expect(bundledFindings(check(path, as('system')))).toEqual([
      { rule: 'bundled', message: `${path}: contains a copy of openssl ("${systemText()[0]}"), but this build links the system's shared openssl; a copy inside would shadow it` },
    ]);
  });

  it('passes a host library without a copy, and lists nothing as built in', () => {
    const report = check(build(DESCRIPTOR), as('system'));
    expect(bundledFindings(report)).toEqual([]);
    expect(report.facts.bundled).toEqual([]);
  });

  it('refuses a release library with another version inside instead of the pinned one', () => {
    const path = withSystemCopy();
    const report = check(path, as('static'));
    expect(bundledFindings(report).map((f) => f.message)).toEqual([
      `${path}: openssl ${openssl.version} is linked in, but its version text "${openssl.identity.text}" is not in the library's read-only data (found "${systemText()[0]}"; is ${openssl.identity.symbol} kept by WASMEDGE_PLUGIN_KEEP_SYMBOLS?)`,
      `${path}: contains another version of openssl ("${systemText()[0]}") beside the pinned ${openssl.version}`,
    ]);
    expect(report.facts.bundled).toEqual([]);
  });

  it('refuses a release library whose identity text is missing (the version function not kept)', () => {
    const path = build(DESCRIPTOR, [systemLibcrypto]);
    expect(bundledFindings(check(path, as('static'))).map((f) => f.message)).toEqual([
      `${path}: openssl ${openssl.version} is linked in, but its version text "${openssl.identity.text}" is not in the library's read-only data (found no version text; is ${openssl.identity.symbol} kept by WASMEDGE_PLUGIN_KEEP_SYMBOLS?)`,
    ]);
  });

  it('needs the library bytes to check linked dependencies', () => {
    const path = build(DESCRIPTOR);
    expect(() => auditLibrary({ file: path, elf: readElf(readFileSync(path), path), target: host, linked: as('static') })).toThrow(
      `auditLibrary: ${path} links openssl, so its bytes are needed to read what is inside`,
    );
  });
});
