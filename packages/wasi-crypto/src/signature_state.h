/*
 * Sign states (kind 0x07) and verification states (kind 0x02). A state
 * holds its own reference on the key's OpenSSL key, so closing the key
 * pair or public key it came from leaves it working.
 *
 * ECDSA and RSA stream: update feeds EVP_DigestSign/VerifyUpdate, and
 * sign/verify finish a copy of the context, so the state keeps running
 * (sign, update more, sign again). Ed25519 (pure EdDSA) needs the whole
 * message at once: updates are buffered, up to SIGNATURE_MESSAGE_MAX
 * bytes (then 16 OVERFLOW).
 *
 * RSA-PSS signs with MGF1 over the algorithm's hash and a salt as long as
 * the hash (the usual choice, fixed so every OpenSSL version signs alike)
 * and verifies any salt length.
 */
#ifndef WASI_CRYPTO_SIGNATURE_STATE_H
#define WASI_CRYPTO_SIGNATURE_STATE_H

#include "asymmetric_key.h"
#include "byte_buffer.h"
#include "signature.h"

#include <openssl/evp.h>

enum { SIGNATURE_MESSAGE_MAX = 256 << 20 };

typedef struct signature_state {
  crypto_object base;
  const asymmetric_algorithm *alg;
  EVP_PKEY *pkey;
  EVP_MD_CTX *md;     /* ECDSA, RSA: the running digest-sign/verify */
  byte_buffer message; /* Ed25519: everything absorbed */
} signature_state;

/* A new sign (`verify` false) or verification state over `key`. */
crypto_errno signature_state_new(const asymmetric_key *key, bool verify,
                                 signature_state **out);

/* Absorbs message bytes. The caller holds the state's lock. */
crypto_errno signature_state_absorb(signature_state *state,
                                    const uint8_t *data, size_t len);

/* Signs everything absorbed so far into `out` (internal form). */
crypto_errno signature_state_finish_sign(signature_state *state,
                                         byte_buffer *out);

/* 0 when `signature` signs everything absorbed so far; 13 for a signature
 * of another algorithm, 10 when it does not verify. */
crypto_errno signature_state_finish_verify(signature_state *state,
                                           const signature_object *signature);

#endif /* WASI_CRYPTO_SIGNATURE_STATE_H */
