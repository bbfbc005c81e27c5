/**
 * Certificates for the test servers, made in a temporary directory with the
 * openssl command line at the start of the test run (nothing is checked in):
 *
 *   ca.pem            the CA the tests trust (via --https-ca-file)
 *   server.pem/.key   localhost, 127.0.0.1 and ::1, signed by ca.pem
 *   otherhost.pem     DNS:otherhost only, signed by ca.pem (host-name mismatch)
 *   untrusted-ca.pem  a second CA the tests never trust
 *   untrusted.pem     the same names, signed by untrusted-ca.pem
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  dir: string;
  caFile: string;
  untrustedCaFile: string;
}

// Extension sections used with -extensions; the CA ones make a usable CA,
// the leaf ones a TLS server certificate for the names given.
const OPENSSL_CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[localhost_ext]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
[otherhost_ext]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:otherhost
`;

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

// P-256 keys: fast to make and to use in thousands of handshakes.
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string, commonName: string): void {
  openssl(dir, ['req', '-x509', '-config', 'openssl.cnf', '-extensions', 'ca_ext', ...NEW_KEY,
    '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${commonName}`]);
}

function makeLeaf(dir: string, name: string, ca: string, extensions: string, serial: number): void {
  openssl(dir, ['req', '-new', '-config', 'openssl.cnf', ...NEW_KEY,
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`,
    '-set_serial', String(serial), '-days', '2', '-extfile', 'openssl.cnf', '-extensions', extensions, '-out', `${name}.pem`]);
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'httpsreq-certs-'));
  writeFileSync(join(dir, 'openssl.cnf'), OPENSSL_CONFIG);
  makeCa(dir, 'ca', 'httpsreq test CA');
  makeCa(dir, 'untrusted-ca', 'httpsreq untrusted CA');
  makeLeaf(dir, 'server', 'ca', 'localhost_ext', 1);
  makeLeaf(dir, 'otherhost', 'ca', 'otherhost_ext', 2);
  makeLeaf(dir, 'untrusted', 'untrusted-ca', 'localhost_ext', 3);
  return { dir, caFile: join(dir, 'ca.pem'), untrustedCaFile: join(dir, 'untrusted-ca.pem') };
}
