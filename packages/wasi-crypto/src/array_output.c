/* Creating array_output objects (reading them is in common_functions.c). */
#include "array_output.h"

#include "error_map.h"

#include <stdlib.h>

static void array_output_destroy(crypto_object *object) {
  array_output *output = (array_output *)object;
  byte_buffer_wipe(&output->bytes);
  crypto_object_fini(object);
  free(output);
}

crypto_errno array_output_publish(crypto_context *context,
                                  const uint8_t *bytes, size_t len,
                                  uint32_t *handle) {
  array_output *output = calloc(1, sizeof(*output));
  if (output == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  if (!crypto_object_init(&output->base, HANDLE_KIND_ARRAY_OUTPUT,
                          array_output_destroy)) {
    free(output);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  if (!byte_buffer_append(&output->bytes, bytes, len)) {
    array_output_destroy(&output->base);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  return crypto_context_publish(context, &output->base, handle);
}
