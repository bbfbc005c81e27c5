/* OpenSSL and host failures -> wasi-crypto error numbers: one table. */
#include "error_map.h"

#include <openssl/err.h>

#include <stddef.h>

/* Why each row: upstream reports every libcrypto failure as 12 except the
 * ones below; an HKDF expansion that OpenSSL refuses (length 0 or more than
 * 255 hash blocks) is 8 upstream; a failed AEAD open is a bad tag; key
 * bytes that do not decode, a public key that fails its check and a key
 * agreement that cannot be derived are 8 (spec §5.3, §5.5); a signature
 * that does not verify is 10. */
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
    {CRYPTO_FAILURE_KEYGEN, CRYPTO_ERRNO_ALGORITHM_FAILURE},
    {CRYPTO_FAILURE_KEY_DECODE, CRYPTO_ERRNO_INVALID_KEY},
    {CRYPTO_FAILURE_KEY_ENCODE, CRYPTO_ERRNO_ALGORITHM_FAILURE},
    {CRYPTO_FAILURE_SIGN, CRYPTO_ERRNO_ALGORITHM_FAILURE},
    {CRYPTO_FAILURE_VERIFY, CRYPTO_ERRNO_VERIFICATION_FAILED},
    {CRYPTO_FAILURE_KEY_CHECK, CRYPTO_ERRNO_INVALID_KEY},
    {CRYPTO_FAILURE_DERIVE, CRYPTO_ERRNO_INVALID_KEY},
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
