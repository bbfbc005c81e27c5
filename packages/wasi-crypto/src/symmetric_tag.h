/*
 * Authentication tags (`symmetric_tag` handles): the full HMAC output
 * (32 or 64 bytes) or the 16-byte AEAD tag of a detached encryption.
 */
#ifndef WASI_CRYPTO_SYMMETRIC_TAG_H
#define WASI_CRYPTO_SYMMETRIC_TAG_H

#include "crypto_context.h"

#include <openssl/evp.h>

#include <stddef.h>
#include <stdint.h>

typedef struct symmetric_tag {
  crypto_object base;
  size_t len;
  uint8_t bytes[EVP_MAX_MD_SIZE];
} symmetric_tag;

/* Copies `len` (<= EVP_MAX_MD_SIZE) bytes into a new tag and writes its
 * handle. */
crypto_errno symmetric_tag_publish(crypto_context *context,
                                   const uint8_t *bytes, size_t len,
                                   uint32_t *handle);

#endif /* WASI_CRYPTO_SYMMETRIC_TAG_H */
