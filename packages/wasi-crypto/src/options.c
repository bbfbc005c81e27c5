/* Option sets: one table of the names a symmetric set accepts. */
#include "options.h"

#include "error_map.h"
#include "guest_io.h"

#include <stdlib.h>

typedef enum option_shape {
  SHAPE_BYTES,
  SHAPE_U64,
  SHAPE_GUEST_BUFFER
} option_shape;

static const struct {
  const char *name; /* lower case */
  option_shape shape;
  int id; /* option_bytes_id or option_u64_id */
} SYMMETRIC_OPTIONS[] = {
    {"context", SHAPE_BYTES, OPTION_CONTEXT},
    {"salt", SHAPE_BYTES, OPTION_SALT},
    {"nonce", SHAPE_BYTES, OPTION_NONCE},
    {"memory_limit", SHAPE_U64, OPTION_MEMORY_LIMIT},
    {"ops_limit", SHAPE_U64, OPTION_OPS_LIMIT},
    {"parallelism", SHAPE_U64, OPTION_PARALLELISM},
    {"buffer", SHAPE_GUEST_BUFFER, 0},
};

static void options_destroy(crypto_object *object) {
  options_object *options = (options_object *)object;
  for (int i = 0; i < OPTION_BYTES_COUNT; ++i) {
    byte_buffer_wipe(&options->bytes[i]);
  }
  crypto_object_fini(object);
  free(options);
}

crypto_errno options_object_create(uint32_t algorithm_type,
                                   options_object **out) {
  uint32_t type = algorithm_type & 0xFFFFu;
  if (type > ALGORITHM_TYPE_KEY_EXCHANGE) {
    return CRYPTO_ERRNO_UNSUPPORTED_ALGORITHM;
  }
  options_object *options = calloc(1, sizeof(*options));
  if (options == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  if (!crypto_object_init(&options->base, HANDLE_KIND_OPTIONS,
                          options_destroy)) {
    free(options);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  options->algorithm_type = type;
  *out = options;
  return CRYPTO_ERRNO_SUCCESS;
}

/* The id of `name` if this set accepts it with `shape`, else -1. */
static int find_option(const options_object *options, const uint8_t *name,
                       uint32_t name_len, option_shape shape) {
  if (options->algorithm_type != ALGORITHM_TYPE_SYMMETRIC) {
    return -1;
  }
  size_t count = sizeof(SYMMETRIC_OPTIONS) / sizeof(SYMMETRIC_OPTIONS[0]);
  for (size_t i = 0; i < count; ++i) {
    if (SYMMETRIC_OPTIONS[i].shape == shape &&
        bytes_equal_ignoring_case(name, name_len, SYMMETRIC_OPTIONS[i].name)) {
      return SYMMETRIC_OPTIONS[i].id;
    }
  }
  return -1;
}

crypto_errno options_object_set_bytes(options_object *options,
                                      const uint8_t *name, uint32_t name_len,
                                      const uint8_t *value, size_t value_len) {
  int id = find_option(options, name, name_len, SHAPE_BYTES);
  if (id < 0) {
    return CRYPTO_ERRNO_UNSUPPORTED_OPTION;
  }
  if (!byte_buffer_assign(&options->bytes[id], value, value_len)) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  options->bytes_set[id] = true;
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno options_object_set_u64(options_object *options,
                                    const uint8_t *name, uint32_t name_len,
                                    uint64_t value) {
  int id = find_option(options, name, name_len, SHAPE_U64);
  if (id < 0) {
    return CRYPTO_ERRNO_UNSUPPORTED_OPTION;
  }
  options->u64[id] = value;
  options->u64_set[id] = true;
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno options_object_set_buffer(options_object *options,
                                       const uint8_t *name, uint32_t name_len,
                                       uint32_t buffer_ptr,
                                       uint32_t buffer_len) {
  if (find_option(options, name, name_len, SHAPE_GUEST_BUFFER) < 0) {
    return CRYPTO_ERRNO_UNSUPPORTED_OPTION;
  }
  options->buffer_ptr = buffer_ptr;
  options->buffer_len = buffer_len;
  options->buffer_set = true;
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno options_acquire(crypto_context *context, bool present,
                             uint32_t handle, uint32_t algorithm_type,
                             options_object **options) {
  *options = NULL;
  if (!present) {
    return CRYPTO_ERRNO_SUCCESS;
  }
  crypto_object *object;
  RETURN_IF_FAILED(
      crypto_context_acquire(context, HANDLE_KIND_OPTIONS, handle, &object));
  options_object *found = (options_object *)object;
  if (found->algorithm_type != algorithm_type) {
    crypto_context_put(context, object);
    return CRYPTO_ERRNO_INVALID_HANDLE;
  }
  *options = found;
  return CRYPTO_ERRNO_SUCCESS;
}
