/* The table of symmetric algorithms (spec §6.1). */
#include "symmetric_algorithms.h"

#include <string.h>

static const symmetric_algorithm ALGORITHMS[] = {
    /* name, kind, md, cipher, key_len, output_len, squeezed_key */
    {"SHA-256", SYMMETRIC_HASH, EVP_sha256, NULL, 0, 32, NULL},
    {"SHA-512", SYMMETRIC_HASH, EVP_sha512, NULL, 0, 64, NULL},
    {"SHA-512/256", SYMMETRIC_HASH, EVP_sha512_256, NULL, 0, 32, NULL},
    {"HMAC/SHA-256", SYMMETRIC_MAC, EVP_sha256, NULL, 32, 32, NULL},
    {"HMAC/SHA-512", SYMMETRIC_MAC, EVP_sha512, NULL, 64, 64, NULL},
    {"HKDF-EXTRACT/SHA-256", SYMMETRIC_KDF_EXTRACT, EVP_sha256, NULL, 32, 32,
     "HKDF-EXPAND/SHA-256"},
    {"HKDF-EXTRACT/SHA-512", SYMMETRIC_KDF_EXTRACT, EVP_sha512, NULL, 64, 64,
     "HKDF-EXPAND/SHA-512"},
    {"HKDF-EXPAND/SHA-256", SYMMETRIC_KDF_EXPAND, EVP_sha256, NULL, 32, 32,
     NULL},
    {"HKDF-EXPAND/SHA-512", SYMMETRIC_KDF_EXPAND, EVP_sha512, NULL, 64, 64,
     NULL},
    {"AES-128-GCM", SYMMETRIC_AEAD, NULL, EVP_aes_128_gcm, 16, AEAD_TAG_LEN,
     NULL},
    {"AES-256-GCM", SYMMETRIC_AEAD, NULL, EVP_aes_256_gcm, 32, AEAD_TAG_LEN,
     NULL},
    {"CHACHA20-POLY1305", SYMMETRIC_AEAD, NULL, EVP_chacha20_poly1305, 32,
     AEAD_TAG_LEN, NULL},
};

enum { ALGORITHM_COUNT = sizeof(ALGORITHMS) / sizeof(ALGORITHMS[0]) };

crypto_errno symmetric_algorithm_find(const uint8_t *name, uint32_t len,
                                      const symmetric_algorithm **alg) {
  for (size_t i = 0; i < ALGORITHM_COUNT; ++i) {
    if (bytes_equal_ignoring_case(name, len, ALGORITHMS[i].name)) {
      *alg = &ALGORITHMS[i];
      return CRYPTO_ERRNO_SUCCESS;
    }
  }
  return CRYPTO_ERRNO_UNSUPPORTED_ALGORITHM;
}

const symmetric_algorithm *symmetric_algorithm_named(const char *name) {
  for (size_t i = 0; i < ALGORITHM_COUNT; ++i) {
    if (strcmp(ALGORITHMS[i].name, name) == 0) {
      return &ALGORITHMS[i];
    }
  }
  return NULL;
}
