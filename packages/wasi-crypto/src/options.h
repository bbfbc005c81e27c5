/*
 * Option sets (`options` handles). A set belongs to one algorithm category,
 * fixed when it is opened. Symmetric sets accept the names below (compared
 * after lower-casing); signature and key-exchange sets accept none (7).
 *
 *   options_set              context, salt, nonce   bytes, copied
 *   options_set_u64          memory_limit, ops_limit, parallelism
 *   options_set_guest_buffer buffer                 a guest range, remembered
 *
 * Values are copied when set, and read by algorithms when a key or state is
 * created, so a set can be closed right after use. Setting a name again
 * replaces its value. Byte values are wiped on replacement and on close.
 */
#ifndef WASI_CRYPTO_OPTIONS_H
#define WASI_CRYPTO_OPTIONS_H

#include "byte_buffer.h"
#include "crypto_context.h"
#include "crypto_errno.h"
#include "handles.h"

#include <stdbool.h>
#include <stdint.h>

/* algorithm_type values (spec §4). */
enum {
  ALGORITHM_TYPE_SIGNATURES = 0,
  ALGORITHM_TYPE_SYMMETRIC = 1,
  ALGORITHM_TYPE_KEY_EXCHANGE = 2
};

typedef enum option_bytes_id {
  OPTION_CONTEXT,
  OPTION_SALT,
  OPTION_NONCE,
  OPTION_BYTES_COUNT
} option_bytes_id;

typedef enum option_u64_id {
  OPTION_MEMORY_LIMIT,
  OPTION_OPS_LIMIT,
  OPTION_PARALLELISM,
  OPTION_U64_COUNT
} option_u64_id;

typedef struct options_object {
  crypto_object base;
  uint32_t algorithm_type;
  bool bytes_set[OPTION_BYTES_COUNT];
  byte_buffer bytes[OPTION_BYTES_COUNT];
  bool u64_set[OPTION_U64_COUNT];
  uint64_t u64[OPTION_U64_COUNT];
  bool buffer_set;
  uint32_t buffer_ptr, buffer_len; /* guest range; no algorithm uses it */
} options_object;

/* New empty set; the type is truncated to 16 bits as upstream, then
 * anything but 0..2 is 6 UNSUPPORTED_ALGORITHM. */
crypto_errno options_object_create(uint32_t algorithm_type,
                                   options_object **out);

/* Setters: unknown name for this category -> 7; no host memory -> 12.
 * The caller holds the object's lock. */
crypto_errno options_object_set_bytes(options_object *options,
                                      const uint8_t *name, uint32_t name_len,
                                      const uint8_t *value, size_t value_len);
crypto_errno options_object_set_u64(options_object *options,
                                    const uint8_t *name, uint32_t name_len,
                                    uint64_t value);
crypto_errno options_object_set_buffer(options_object *options,
                                       const uint8_t *name, uint32_t name_len,
                                       uint32_t buffer_ptr,
                                       uint32_t buffer_len);

/*
 * For an optional options argument already read from the guest: when
 * present, takes a reference on the set, which must be of
 * `algorithm_type` (else 15); *options stays NULL when absent. Release
 * with crypto_context_put (which accepts NULL).
 */
crypto_errno options_acquire(crypto_context *context, bool present,
                             uint32_t handle, uint32_t algorithm_type,
                             options_object **options);

#endif /* WASI_CRYPTO_OPTIONS_H */
