/*
 * array_output handles: bytes the host produced (an exported key, a shared
 * secret, an encoded signature) that the guest reads with the common
 * module's array_output_len / array_output_pull. The bytes may be secret,
 * so they are wiped when the object goes away.
 */
#ifndef WASI_CRYPTO_ARRAY_OUTPUT_H
#define WASI_CRYPTO_ARRAY_OUTPUT_H

#include "byte_buffer.h"
#include "crypto_context.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct array_output {
  crypto_object base;
  byte_buffer bytes;
  size_t position; /* next byte array_output_pull copies */
  bool consumed;   /* every byte was pulled; the handle was closed */
} array_output;

/* Copies `len` bytes into a new array_output and writes its handle. */
crypto_errno array_output_publish(crypto_context *context,
                                  const uint8_t *bytes, size_t len,
                                  uint32_t *handle);

#endif /* WASI_CRYPTO_ARRAY_OUTPUT_H */
