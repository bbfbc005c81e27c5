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
  CRYPTO_FAILURE_NO_CONTEXT,   /* an instance whose shared context is missing */
  CRYPTO_FAILURE_KEYGEN,       /* EVP_PKEY_keygen and its set-up */
  CRYPTO_FAILURE_KEY_DECODE,   /* a guest's key bytes OpenSSL refuses */
  CRYPTO_FAILURE_KEY_ENCODE,   /* writing a key (i2d, PEM, raw, params) */
  CRYPTO_FAILURE_SIGN,         /* EVP_DigestSign* */
  CRYPTO_FAILURE_VERIFY,       /* EVP_DigestVerify* refused the signature */
  CRYPTO_FAILURE_KEY_CHECK,    /* EVP_PKEY_public_check failed */
  CRYPTO_FAILURE_DERIVE        /* EVP_PKEY_derive (e.g. a low-order point) */
} crypto_failure;

/*
 * Clears this thread's OpenSSL error queue (so it never grows across calls)
 * and returns the error number the table gives `failure`; anything not in
 * the table is ALGORITHM_FAILURE (12).
 */
crypto_errno crypto_failure_errno(crypto_failure failure);

#endif /* WASI_CRYPTO_ERROR_MAP_H */
