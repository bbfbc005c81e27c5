/* Growable byte buffer: see byte_buffer.h. */
#include "byte_buffer.h"

#include <stdlib.h>
#include <string.h>

enum { BYTE_BUFFER_MIN_CAPACITY = 64 };

bool byte_buffer_reserve(byte_buffer *buffer, size_t extra) {
  if (extra > SIZE_MAX - buffer->len) {
    return false;
  }
  size_t needed = buffer->len + extra;
  if (needed <= buffer->cap) {
    return true;
  }
  /* Doubling keeps appends amortised O(1) for multi-megabyte captures. */
  size_t cap = buffer->cap < BYTE_BUFFER_MIN_CAPACITY ? BYTE_BUFFER_MIN_CAPACITY
                                                      : buffer->cap;
  while (cap < needed) {
    cap = cap > SIZE_MAX / 2 ? needed : cap * 2;
  }
  uint8_t *grown = realloc(buffer->data, cap);
  if (grown == NULL) {
    return false;
  }
  buffer->data = grown;
  buffer->cap = cap;
  return true;
}

bool byte_buffer_append(byte_buffer *buffer, const void *src, size_t n) {
  if (n == 0) {
    return true;
  }
  if (!byte_buffer_reserve(buffer, n)) {
    return false;
  }
  memcpy(buffer->data + buffer->len, src, n);
  buffer->len += n;
  return true;
}

bool byte_buffer_append_text(byte_buffer *buffer, const char *text) {
  return byte_buffer_append(buffer, text, strlen(text));
}

void byte_buffer_release(byte_buffer *buffer) {
  free(buffer->data);
  buffer->data = NULL;
  buffer->len = 0;
  buffer->cap = 0;
}
