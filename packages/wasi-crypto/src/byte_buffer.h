/*
 * A growable byte string for anything that may be secret: keys, PRKs,
 * option values, absorbed salts, exported key bytes. Memory it gives back
 * is always wiped with OPENSSL_cleanse first, including the old block when
 * it grows (so no copy of a secret is left behind by realloc).
 */
#ifndef WASI_CRYPTO_BYTE_BUFFER_H
#define WASI_CRYPTO_BYTE_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct byte_buffer {
  uint8_t *data; /* NULL while empty and never allocated */
  size_t len;
  size_t cap;
} byte_buffer;

/* Appends `len` bytes; false (and no change) when memory runs out. */
bool byte_buffer_append(byte_buffer *buffer, const uint8_t *bytes, size_t len);

/* Replaces the contents; false (contents kept) when memory runs out. */
bool byte_buffer_assign(byte_buffer *buffer, const uint8_t *bytes, size_t len);

/* The contents, never NULL (OpenSSL rejects NULL for some empty inputs). */
static inline const uint8_t *byte_buffer_bytes(const byte_buffer *buffer) {
  static const uint8_t empty[1] = {0};
  return buffer->data != NULL ? buffer->data : empty;
}

/* Wipes and frees; the buffer is empty afterwards. */
void byte_buffer_wipe(byte_buffer *buffer);

#endif /* WASI_CRYPTO_BYTE_BUFFER_H */
