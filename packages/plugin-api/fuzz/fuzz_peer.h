/*
 * A fuzz peer: a server the fuzz driver (plugin_fuzzer.cpp) runs beside a
 * plug-in that talks to the network, so that a target isolated in a network
 * namespace of its own still reaches the code past connect. The peer is a
 * shared library named by WASMEDGE_FUZZ_PEER; it listens on the namespace's
 * loopback and answers as the fuzz input tells it (the driver's `peer` op).
 * What the script bytes mean is the peer's own affair.
 */
#ifndef WASMEDGE_FUZZ_PEER_H
#define WASMEDGE_FUZZ_PEER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Starts the peer, once, inside the target's namespace and before the
 * plug-in is opened. Writes the program options the plug-in needs to reach
 * and trust the peer into `options` (NUL-terminated `name=value` lines).
 * Returns 0, or -1 after printing why to stderr. */
int wasmedge_fuzz_peer_start(char *options, size_t size);

/* Sets how the peer answers the connections that follow; the bytes are
 * copied. The driver calls it with (NULL, 0) before every input, which
 * also waits until the connection the previous input left is over. */
void wasmedge_fuzz_peer_script(const uint8_t *script, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* WASMEDGE_FUZZ_PEER_H */
