/*
 * The symmetric algorithms of spec §6.1, one table row each, and their
 * lookup by the name a guest passes (case-insensitive).
 */
#ifndef WASI_CRYPTO_SYMMETRIC_ALGORITHMS_H
#define WASI_CRYPTO_SYMMETRIC_ALGORITHMS_H

#include "guest_io.h"

#include <openssl/evp.h>

#include <stdint.h>

typedef enum symmetric_kind {
  SYMMETRIC_HASH,
  SYMMETRIC_MAC,
  SYMMETRIC_KDF_EXTRACT,
  SYMMETRIC_KDF_EXPAND,
  SYMMETRIC_AEAD
} symmetric_kind;

enum {
  AEAD_NONCE_LEN = 12,
  AEAD_TAG_LEN = 16,
};

typedef struct symmetric_algorithm {
  const char *name; /* canonical spelling */
  symmetric_kind kind;
  const EVP_MD *(*md)(void);         /* hash, HMAC and HKDF */
  const EVP_CIPHER *(*cipher)(void); /* AEAD */
  uint32_t key_len;    /* generated size; exact import size for KDF_EXPAND
                          and AEAD; 0 for hashes */
  uint32_t output_len; /* digest, MAC tag, PRK, AEAD tag */
  const char *squeezed_key; /* KDF_EXTRACT: algorithm of squeeze_key */
} symmetric_algorithm;

/* The algorithm called `name` (`len` bytes from the guest, compared
 * ignoring ASCII case); 6 UNSUPPORTED_ALGORITHM when no row matches. */
crypto_errno symmetric_algorithm_find(const uint8_t *name, uint32_t len,
                                      const symmetric_algorithm **alg);

/* The row called `name` (exact spelling of the table); NULL if none. */
const symmetric_algorithm *symmetric_algorithm_named(const char *name);

#endif /* WASI_CRYPTO_SYMMETRIC_ALGORITHMS_H */
