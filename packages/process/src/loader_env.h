/*
 * Environment variables that make the dynamic loader or libc load code or
 * parse files named by whoever sets them. A guest-supplied environment
 * loses them unless the host passes --process-allow-loader-env: with
 * LD_PRELOAD and friends a guest could run any file it can write inside an
 * allowed command, under the host's uid, which would void the allow list.
 */
#ifndef PROCESS_LOADER_ENV_H
#define PROCESS_LOADER_ENV_H

#include <stdbool.h>
#include <stddef.h>

/* True when NAME (name_len bytes, not NUL-terminated) is such a variable:
 * every name starting with "LD_", and the other names glibc ignores in
 * set-id programs, except TMPDIR and TZDIR (they select data, not code). */
bool loader_env_is_dangerous(const char *name, size_t name_len);

#endif /* PROCESS_LOADER_ENV_H */
