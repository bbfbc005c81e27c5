/* Symmetric key objects (see symmetric_key.h for the rules). */
#include "symmetric_key.h"

#include "error_map.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <limits.h>
#include <stdlib.h>

static void symmetric_key_destroy(crypto_object *object) {
  symmetric_key *key = (symmetric_key *)object;
  byte_buffer_wipe(&key->raw);
  crypto_object_fini(object);
  free(key);
}

crypto_errno symmetric_key_new_derived(const symmetric_algorithm *alg,
                                       const uint8_t *raw, size_t len,
                                       symmetric_key **out) {
  symmetric_key *key = calloc(1, sizeof(*key));
  if (key == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  if (!crypto_object_init(&key->base, HANDLE_KIND_SYMMETRIC_KEY,
                          symmetric_key_destroy)) {
    free(key);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  key->alg = alg;
  if (!byte_buffer_append(&key->raw, raw, len)) {
    symmetric_key_destroy(&key->base);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  *out = key;
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno symmetric_key_new_imported(const symmetric_algorithm *alg,
                                        const uint8_t *raw, size_t len,
                                        symmetric_key **out) {
  switch (alg->kind) {
  case SYMMETRIC_HASH:
    return CRYPTO_ERRNO_KEY_NOT_SUPPORTED;
  case SYMMETRIC_KDF_EXPAND:
  case SYMMETRIC_AEAD:
    if (len != alg->key_len) {
      return CRYPTO_ERRNO_INVALID_KEY;
    }
    break;
  default:
    if (len > INT_MAX) {
      return CRYPTO_ERRNO_INVALID_KEY;
    }
    break;
  }
  return symmetric_key_new_derived(alg, raw, len, out);
}

crypto_errno symmetric_key_new_random(const symmetric_algorithm *alg,
                                      symmetric_key **out) {
  if (alg->kind == SYMMETRIC_HASH) {
    return CRYPTO_ERRNO_KEY_NOT_SUPPORTED;
  }
  if (alg->kind == SYMMETRIC_KDF_EXPAND) {
    return CRYPTO_ERRNO_UNSUPPORTED_FEATURE;
  }
  uint8_t raw[EVP_MAX_KEY_LENGTH > EVP_MAX_MD_SIZE ? EVP_MAX_KEY_LENGTH
                                                   : EVP_MAX_MD_SIZE];
  if (alg->key_len > sizeof(raw)) {
    return CRYPTO_ERRNO_INTERNAL_ERROR;
  }
  if (RAND_bytes(raw, (int)alg->key_len) != 1) {
    return crypto_failure_errno(CRYPTO_FAILURE_RANDOM);
  }
  crypto_errno rc = symmetric_key_new_derived(alg, raw, alg->key_len, out);
  OPENSSL_cleanse(raw, sizeof(raw));
  return rc;
}
