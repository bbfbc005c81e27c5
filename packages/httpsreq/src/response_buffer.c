/* Bounded growable byte buffer: see response_buffer.h. */
#include "response_buffer.h"

#include <stdlib.h>

enum { RESPONSE_BUFFER_MIN_CAPACITY = 16 * 1024 };

bool response_buffer_reserve(response_buffer *buffer, size_t extra,
                             size_t max_cap) {
  if (extra > max_cap || buffer->len > max_cap - extra) {
    return false;
  }
  size_t needed = buffer->len + extra;
  if (needed <= buffer->cap) {
    return true;
  }
  /* Doubling keeps a multi-megabyte response at O(n) copying. */
  size_t cap = buffer->cap < RESPONSE_BUFFER_MIN_CAPACITY
                   ? RESPONSE_BUFFER_MIN_CAPACITY
                   : buffer->cap;
  while (cap < needed) {
    cap = cap > max_cap / 2 ? max_cap : cap * 2;
  }
  if (cap > max_cap) {
    cap = max_cap;
  }
  uint8_t *grown = realloc(buffer->data, cap);
  if (grown == NULL) {
    return false;
  }
  buffer->data = grown;
  buffer->cap = cap;
  return true;
}

void response_buffer_release(response_buffer *buffer) {
  free(buffer->data);
  buffer->data = NULL;
  buffer->len = 0;
  buffer->cap = 0;
}
