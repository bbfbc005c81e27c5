/*
 * Growable byte buffer used for everything the plug-in stores: the program
 * name, stdin bytes and the captured stdout/stderr. Every allocation is
 * checked; a failure is reported to the caller (false) and leaves the
 * buffer unchanged, so running out of memory is an error, never a crash.
 */
#ifndef PROCESS_BYTE_BUFFER_H
#define PROCESS_BYTE_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct byte_buffer {
  uint8_t *data; /* NULL while nothing has been stored */
  size_t len;
  size_t cap;
} byte_buffer;

#define BYTE_BUFFER_INIT {NULL, 0, 0}

/* Makes room for `extra` more bytes after len; false on overflow or ENOMEM. */
bool byte_buffer_reserve(byte_buffer *buffer, size_t extra);

/* Appends `n` bytes (n may be 0; src may then be NULL). */
bool byte_buffer_append(byte_buffer *buffer, const void *src, size_t n);

/* Appends a NUL-terminated string without its terminator. */
bool byte_buffer_append_text(byte_buffer *buffer, const char *text);

/* Frees the storage and empties the buffer (large captures are not kept
 * alive between runs). */
void byte_buffer_release(byte_buffer *buffer);

#endif /* PROCESS_BYTE_BUFFER_H */
