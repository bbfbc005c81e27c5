/* Self-wiping byte strings (see byte_buffer.h). */
#include "byte_buffer.h"

#include <openssl/crypto.h>

#include <stdlib.h>
#include <string.h>

bool byte_buffer_append(byte_buffer *buffer, const uint8_t *bytes,
                        size_t len) {
  if (len > SIZE_MAX - buffer->len) {
    return false;
  }
  size_t need = buffer->len + len;
  if (need > buffer->cap) {
    size_t cap = buffer->cap < 64 ? 64 : buffer->cap;
    while (cap < need) {
      cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    }
    uint8_t *grown = malloc(cap);
    if (grown == NULL) {
      return false;
    }
    if (buffer->len > 0) {
      memcpy(grown, buffer->data, buffer->len);
    }
    size_t len_kept = buffer->len;
    byte_buffer_wipe(buffer);
    buffer->data = grown;
    buffer->len = len_kept;
    buffer->cap = cap;
  }
  if (len > 0) {
    memcpy(buffer->data + buffer->len, bytes, len);
  }
  buffer->len = need;
  return true;
}

bool byte_buffer_assign(byte_buffer *buffer, const uint8_t *bytes,
                        size_t len) {
  byte_buffer fresh = {0};
  if (!byte_buffer_append(&fresh, bytes, len)) {
    return false;
  }
  byte_buffer_wipe(buffer);
  *buffer = fresh;
  return true;
}

void byte_buffer_wipe(byte_buffer *buffer) {
  if (buffer->data != NULL) {
    OPENSSL_cleanse(buffer->data, buffer->cap);
    free(buffer->data);
  }
  *buffer = (byte_buffer){0};
}
