/* OpenSSL and host failures -> wasi-crypto error numbers: one table. */
#include "error_map.h"

#include <openssl/err.h>

#include <stddef.h>

/* Why each row: upstream reports every libcrypto failure as 12 except the
 * ones below; an HKDF expansion that OpenSSL refuses (length 0 or more than
 * 255 hash blocks) is 8 upstream; a failed AEAD open is a bad tag. */
static const struct {
  crypto_failure failure;
  crypto_errno value;
} FAILURE_TABLE[] = {
    {CRYPTO_FAILURE_HOST_MEMORY, CRYPTO_ERRNO_ALGORITHM_FAILURE},
    {CRYPTO_FAILURE_RANDOM, CRYPTO_ERRNO_RNG_ERROR},
    {CRYPTO_FAILURE_DIGEST, CRYPTO_ERRNO_ALGORITHM_FAILURE},
    {CRYPTO_FAILURE_MAC, CRYPTO_ERRNO_ALGORITHM_FAILURE},
    {CRYPTO_FAILURE_KDF_EXTRACT, CRYPTO_ERRNO_ALGORITHM_FAILURE},
    {CRYPTO_FAILURE_KDF_EXPAND, CRYPTO_ERRNO_INVALID_KEY},
    {CRYPTO_FAILURE_CIPHER, CRYPTO_ERRNO_ALGORITHM_FAILURE},
    {CRYPTO_FAILURE_AEAD_OPEN, CRYPTO_ERRNO_INVALID_TAG},
    {CRYPTO_FAILURE_NO_CONTEXT, CRYPTO_ERRNO_INTERNAL_ERROR},
};

crypto_errno crypto_failure_errno(crypto_failure failure) {
  ERR_clear_error();
  for (size_t i = 0; i < sizeof(FAILURE_TABLE) / sizeof(FAILURE_TABLE[0]);
       ++i) {
    if (FAILURE_TABLE[i].failure == failure) {
      return FAILURE_TABLE[i].value;
    }
  }
  return CRYPTO_ERRNO_ALGORITHM_FAILURE;
}
