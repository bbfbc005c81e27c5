/*
 * Symmetric keys: raw bytes bound to one algorithm. Immutable once made,
 * wiped with OPENSSL_cleanse when the last reference goes.
 *
 * Rules (spec §5.2, §6.1; AEAD lengths: quirk 3, fixed):
 *   kind          generate               import
 *   hash          19 KEY_NOT_SUPPORTED   19 KEY_NOT_SUPPORTED
 *   HMAC          random key_len bytes   any length
 *   HKDF-EXTRACT  random key_len bytes   any length (the IKM)
 *   HKDF-EXPAND   3 UNSUPPORTED_FEATURE  exactly key_len (32/64), else 8
 *   AEAD          random key_len bytes   exactly key_len (16/32), else 8
 * Imports longer than INT_MAX bytes (what OpenSSL takes) are 8 as well.
 */
#ifndef WASI_CRYPTO_SYMMETRIC_KEY_H
#define WASI_CRYPTO_SYMMETRIC_KEY_H

#include "byte_buffer.h"
#include "handles.h"
#include "symmetric_algorithms.h"

typedef struct symmetric_key {
  crypto_object base;
  const symmetric_algorithm *alg;
  byte_buffer raw;
} symmetric_key;

/* A key from the guest's bytes, checked against the import rules. */
crypto_errno symmetric_key_new_imported(const symmetric_algorithm *alg,
                                        const uint8_t *raw, size_t len,
                                        symmetric_key **out);

/* A fresh random key (RAND_bytes; failure -> 11 RNG_ERROR). */
crypto_errno symmetric_key_new_random(const symmetric_algorithm *alg,
                                      symmetric_key **out);

/* A key made by the host from bytes it derived (no import rules). */
crypto_errno symmetric_key_new_derived(const symmetric_algorithm *alg,
                                       const uint8_t *raw, size_t len,
                                       symmetric_key **out);

#endif /* WASI_CRYPTO_SYMMETRIC_KEY_H */
