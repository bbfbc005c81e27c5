/*
 * Signatures (handle kind 0x06) and their encodings (spec §6.5). A
 * signature is immutable bytes bound to one algorithm: DER for ECDSA,
 * the raw form for Ed25519 (64 bytes) and RSA (modulus length).
 *
 *   encoding   ECDSA                          Ed25519       RSA
 *   0 raw      r ‖ s, each left-padded to     64 bytes      modulus bytes
 *              the curve size (64 / 96)
 *   1 der      strict DER ECDSA-Sig-Value     5             2 (upstream)
 *   other      5                              5             5
 *
 * Import of bytes of the wrong length or malformed DER -> 13
 * INVALID_SIGNATURE.
 */
#ifndef WASI_CRYPTO_SIGNATURE_H
#define WASI_CRYPTO_SIGNATURE_H

#include "asymmetric_algorithms.h"
#include "byte_buffer.h"
#include "crypto_context.h"

typedef struct signature_object {
  crypto_object base;
  const asymmetric_algorithm *alg;
  byte_buffer bytes; /* DER for ECDSA, raw otherwise */
} signature_object;

/* Publishes a signature holding `len` bytes already in internal form. */
crypto_errno signature_publish(crypto_context *context,
                               const asymmetric_algorithm *alg,
                               const uint8_t *bytes, size_t len,
                               uint32_t *handle);

/* Converts guest bytes in `encoding` to the internal form. */
crypto_errno signature_decode(const asymmetric_algorithm *alg,
                              uint32_t encoding, const uint8_t *bytes,
                              size_t len, byte_buffer *out);

/* Converts a signature to `encoding`. */
crypto_errno signature_encode(const signature_object *signature,
                              uint32_t encoding, byte_buffer *out);

#endif /* WASI_CRYPTO_SIGNATURE_H */
