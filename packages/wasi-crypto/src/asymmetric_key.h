/*
 * Key pairs, public keys and secret keys: one object type for the three
 * handle kinds (0x05, 0x03, 0x04), an OpenSSL key bound to one algorithm.
 * Immutable once made, so operations read them without the object lock.
 * Public keys hold only the public half; key pairs and secret keys hold
 * both. Freeing the EVP_PKEY clears its private parts (OpenSSL frees
 * private scalars with BN_clear_free and OKP keys with
 * OPENSSL_secure_clear_free), so closing a secret key or key pair wipes it.
 */
#ifndef WASI_CRYPTO_ASYMMETRIC_KEY_H
#define WASI_CRYPTO_ASYMMETRIC_KEY_H

#include "asymmetric_algorithms.h"
#include "crypto_context.h"

#include <openssl/evp.h>

typedef struct asymmetric_key {
  crypto_object base; /* HANDLE_KIND_KEYPAIR, _PUBLICKEY or _SECRETKEY */
  const asymmetric_algorithm *alg;
  EVP_PKEY *pkey;
} asymmetric_key;

/* Publishes `pkey` (ownership taken, freed on any failure) as a new object
 * of `kind` and writes its handle. */
crypto_errno asymmetric_key_publish(crypto_context *context, handle_kind kind,
                                    const asymmetric_algorithm *alg,
                                    EVP_PKEY *pkey, uint32_t *handle);

/* A new key pair of `alg` (RSA with its exact size and e = 65537). */
crypto_errno asymmetric_key_generate(const asymmetric_algorithm *alg,
                                     EVP_PKEY **out);

/* Whether a decoded key fits `alg`: key type, curve, RSA size; 8 if not. */
crypto_errno asymmetric_key_check(const asymmetric_algorithm *alg,
                                  const EVP_PKEY *pkey);

/* A public-only copy of `pkey`. */
crypto_errno asymmetric_key_public_copy(const EVP_PKEY *pkey, EVP_PKEY **out);

/*
 * Takes a reference on the key object `handle` of `kind` whose algorithm
 * is of `algorithm_type` (15 otherwise); release with crypto_context_put.
 */
crypto_errno asymmetric_key_acquire(crypto_context *context, handle_kind kind,
                                    uint32_t algorithm_type, uint32_t handle,
                                    asymmetric_key **key);

/* As asymmetric_key_acquire, of either family. */
crypto_errno asymmetric_key_acquire_any(crypto_context *context,
                                        handle_kind kind, uint32_t handle,
                                        asymmetric_key **key);

#endif /* WASI_CRYPTO_ASYMMETRIC_KEY_H */
