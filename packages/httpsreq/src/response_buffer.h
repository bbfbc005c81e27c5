/*
 * The received data of one module instance: a growable byte buffer whose
 * capacity never exceeds a limit chosen by the caller, so a response larger
 * than the size limit is refused before memory is spent on it.
 */
#ifndef HTTPSREQ_RESPONSE_BUFFER_H
#define HTTPSREQ_RESPONSE_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct response_buffer {
  uint8_t *data; /* NULL while empty */
  size_t len;
  size_t cap;
} response_buffer;

/* Makes room for `extra` more bytes without the capacity exceeding
 * `max_cap` (doubling below it). False when len + extra > max_cap or memory
 * runs out; the buffer is then unchanged. */
bool response_buffer_reserve(response_buffer *buffer, size_t extra,
                             size_t max_cap);

/* Frees the storage and empties the buffer. */
void response_buffer_release(response_buffer *buffer);

#endif /* HTTPSREQ_RESPONSE_BUFFER_H */
