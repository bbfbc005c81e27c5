/**
 * How OpenSSL is built for a release target: a static, position-independent
 * libssl/libcrypto with only what the plug-ins use (no engines, dynamic
 * modules, apps or legacy provider), compiled by zig for the target's CPU
 * and glibc floor, so that no release artifact picks up the build machine's
 * glibc or OpenSSL.
 */
import type { Arch } from '@wasmedge-plugins/common';

/** OpenSSL's Configure target per architecture. */
const CONFIGURE_TARGET: Record<Arch, string> = {
  x86_64: 'linux-x86_64',
  aarch64: 'linux-aarch64',
};

/**
 * Configure arguments after the target name. `--openssldir=/etc/ssl` makes
 * the default CA locations /etc/ssl/certs and /etc/ssl/cert.pem (used by
 * Debian, Ubuntu, SUSE, Alpine); the plug-ins never load that directory's
 * openssl.cnf, which belongs to the system's own OpenSSL.
 */
export const OPENSSL_CONFIGURE_OPTIONS = [
  '--libdir=lib',
  '--openssldir=/etc/ssl',
  'no-shared',
  'no-tests',
  'no-docs',
  'no-apps',
  'no-module',
  'no-engine',
  'no-dso',
  'no-ui-console',
  'no-legacy',
  '-fPIC',
  '-O2',
  '-fvisibility=hidden',
] as const;

/**
 * The configured prefix is fixed (/usr/local, installed through DESTDIR):
 * OpenSSL bakes its module and engine directories into libcrypto, and a
 * path that varied with the checkout would make release artifacts differ
 * between machines. (Sources compile with relative paths, so __FILE__
 * names carry no checkout path either.)
 */
export const OPENSSL_INSTALL_PREFIX = '/usr/local';

export function opensslConfigureArgs(arch: Arch): string[] {
  return [CONFIGURE_TARGET[arch], `--prefix=${OPENSSL_INSTALL_PREFIX}`, ...OPENSSL_CONFIGURE_OPTIONS];
}

/** The files a complete install_dev leaves in the prefix. */
export const OPENSSL_INSTALLED_FILES = ['include/openssl/ssl.h', 'include/openssl/evp.h', 'lib/libssl.a', 'lib/libcrypto.a'] as const;

/**
 * CMake cache variables that make FindOpenSSL take this build: the prefix,
 * static libraries, and the prefix as find root so that a cross build
 * cannot fall back to the build machine's OpenSSL.
 */
export function opensslCMakeVariables(prefix: string): Record<string, string> {
  return { OPENSSL_ROOT_DIR: prefix, OPENSSL_USE_STATIC_LIBS: 'ON', CMAKE_FIND_ROOT_PATH: prefix };
}
