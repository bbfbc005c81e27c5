/**
 * How the plug-in links OpenSSL: the system's shared libssl/libcrypto on
 * `host`, a static copy built from the pinned source (deps/openssl) for a
 * release target. Either way OpenSSL's own CA overrides work; the static
 * copy must not read the system's openssl.cnf, which belongs to the
 * system's OpenSSL (a configuration that breaks that OpenSSL leaves it
 * working).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readElf } from '@wasmedge-plugins/common';
import { builtPluginPath, testTarget } from '@wasmedge-plugins/test-support';
import { makeTestCertificates, type TestCertificates } from './certificates.ts';
import { requestInChild } from './assertions.ts';
import { startTestServers, type TestServers } from './test-servers.ts';

const bundled = testTarget() !== 'host';
let certs: TestCertificates;
let servers: TestServers;

beforeAll(async () => {
  certs = makeTestCertificates();
  servers = await startTestServers(certs.dir);
});
afterAll(() => {
  servers?.stop();
  if (certs) rmSync(certs.dir, { recursive: true, force: true });
});

describe('the OpenSSL it runs on', () => {
  it(bundled ? 'has libssl and libcrypto built in' : 'links the system libssl and libcrypto', () => {
    const elf = readElf(readFileSync(builtPluginPath({ plugin: 'wasmedge_httpsreq' })));
    expect(elf.needed.filter((n) => /^lib(ssl|crypto)\.so/.test(n)).length).toBe(bundled ? 0 : 2);
  });

  it('trusts the CA bundle named by SSL_CERT_FILE', () => {
    const result = requestInChild([], 'localhost', servers.ports.trusted, '/hello', { SSL_CERT_FILE: certs.caFile });
    expect(result.resultCode, result.stderr).toBeNull();
    expect(result.response).toMatch(/^HTTP\/1\.1 200/);
  });

  it.runIf(bundled)('ignores an OPENSSL_CONF that would break the system OpenSSL', () => {
    const conf = join(certs.dir, 'broken-openssl.cnf');
    writeFileSync(
      conf,
      ['openssl_conf = init', '[init]', 'providers = providers', '[providers]', 'nosuch = nosuch', '[nosuch]', 'activate = 1', ''].join('\n'),
    );
    const result = requestInChild([`--https-ca-file=${certs.caFile}`], 'localhost', servers.ports.trusted, '/hello', { OPENSSL_CONF: conf });
    expect(result.resultCode, result.stderr).toBeNull();
    expect(result.response).toMatch(/^HTTP\/1\.1 200/);
  });
});
