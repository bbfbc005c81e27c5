/*
 * The one place where a failure of OpenSSL (or of host memory) becomes a
 * wasi-crypto error number. Code that calls libcrypto reports *which kind of
 * call* failed; error_map.c holds the table that says what the guest sees.
 */
#ifndef WASI_CRYPTO_ERROR_MAP_H
#define WASI_CRYPTO_ERROR_MAP_H

#include "crypto_errno.h"

typedef enum crypto_failure {
  CRYPTO_FAILURE_HOST_MEMORY,  /* malloc/calloc, or an OpenSSL *_new */
  CRYPTO_FAILURE_RANDOM,       /* RAND_bytes */
  CRYPTO_FAILURE_DIGEST,       /* EVP_Digest* and EVP_MD_CTX_copy_ex */
  CRYPTO_FAILURE_MAC,          /* HMAC through EVP_DigestSign* */
  CRYPTO_FAILURE_KDF_EXTRACT,  /* HKDF extract-only derive */
  CRYPTO_FAILURE_KDF_EXPAND,   /* HKDF expand-only derive (e.g. too long) */
  CRYPTO_FAILURE_CIPHER,       /* EVP_Cipher* set-up and update */
  CRYPTO_FAILURE_AEAD_OPEN,    /* EVP_DecryptFinal_ex: the tag did not verify */
  CRYPTO_FAILURE_NO_CONTEXT    /* an instance whose shared context is missing */
} crypto_failure;

/*
 * Clears this thread's OpenSSL error queue (so it never grows across calls)
 * and returns the error number the table gives `failure`; anything not in
 * the table is ALGORITHM_FAILURE (12).
 */
crypto_errno crypto_failure_errno(crypto_failure failure);

#endif /* WASI_CRYPTO_ERROR_MAP_H */
