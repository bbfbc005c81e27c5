/*
 * The wasi_ephemeral_crypto_common imports. Order of checks in each: guest
 * ranges (12), then handles (15), then the operation, as upstream.
 */
#include "common_functions.h"

#include "array_output.h"
#include "options.h"

#include <string.h>

/* array_output_len(array_output, size_ptr) */
CRYPTO_FUNCTION(array_output_len) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(output_handle);
  WPL_ARG_U32(size_ptr);
  uint8_t *size_slot;
  RETURN_IF_FAILED(guest_u32_slot(call, size_ptr, &size_slot));
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(
      call->context, HANDLE_KIND_ARRAY_OUTPUT, output_handle, &object));
  crypto_object_lock(object);
  size_t len = ((array_output *)object)->bytes.len;
  crypto_object_unlock(object);
  crypto_context_put(call->context, object);
  store_u32(size_slot, (uint32_t)len);
  return CRYPTO_ERRNO_SUCCESS;
}

/* array_output_pull(array_output, buf_ptr, buf_len, size_ptr) */
CRYPTO_FUNCTION(array_output_pull) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(output_handle);
  WPL_ARG_U32(buf_ptr);
  WPL_ARG_U32(buf_len);
  WPL_ARG_U32(size_ptr);
  uint8_t *buf, *size_slot;
  RETURN_IF_FAILED(guest_output(call, buf_ptr, buf_len, &buf));
  RETURN_IF_FAILED(guest_u32_slot(call, size_ptr, &size_slot));
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(
      call->context, HANDLE_KIND_ARRAY_OUTPUT, output_handle, &object));
  struct array_output *output = (array_output *)object;
  crypto_object_lock(object);
  size_t remaining = output->bytes.len - output->position;
  size_t count = buf_len < remaining ? buf_len : remaining;
  if (count > 0) {
    memcpy(buf, output->bytes.data + output->position, count);
  }
  output->position += count;
  /* Quirk 1, decided as the witx says: the handle closes once every byte
   * was read, whether by one pull or several. */
  bool close_now = !output->consumed && output->position == output->bytes.len;
  output->consumed = output->consumed || close_now;
  crypto_object_unlock(object);
  crypto_context_put(call->context, object);
  if (close_now) {
    (void)crypto_context_close(call->context, HANDLE_KIND_ARRAY_OUTPUT,
                               output_handle);
  }
  store_u32(size_slot, (uint32_t)count);
  return CRYPTO_ERRNO_SUCCESS;
}

/* options_open(algorithm_type, options_ptr) */
CRYPTO_FUNCTION(options_open) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(algorithm_type);
  WPL_ARG_U32(options_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, options_ptr, &slot));
  options_object *options;
  RETURN_IF_FAILED(options_object_create(algorithm_type, &options));
  uint32_t handle;
  RETURN_IF_FAILED(
      crypto_context_publish(call->context, &options->base, &handle));
  store_u32(slot, handle);
  return CRYPTO_ERRNO_SUCCESS;
}

/* options_close(options) */
CRYPTO_FUNCTION(options_close) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(options);
  return crypto_context_close(call->context, HANDLE_KIND_OPTIONS,
                              options);
}

/* What one setter does to a locked option set. */
typedef enum setter { SET_BYTES, SET_U64, SET_GUEST_BUFFER } setter;

/* The arguments of the three setters: (options, name_ptr, name_len, then
 * a (ptr, len) range or a u64 value). */
typedef struct setter_args {
  uint32_t options, name_ptr, name_len, range_ptr, range_len;
  uint64_t value;
} setter_args;

static crypto_errno set_option(const crypto_call *call, setter kind,
                               setter_args a) {
  const uint8_t *name, *value = NULL;
  uint8_t *guest_buffer;
  RETURN_IF_FAILED(guest_input(call, a.name_ptr, a.name_len, &name));
  if (kind == SET_BYTES) {
    RETURN_IF_FAILED(guest_input(call, a.range_ptr, a.range_len, &value));
  } else if (kind == SET_GUEST_BUFFER) {
    RETURN_IF_FAILED(
        guest_output(call, a.range_ptr, a.range_len, &guest_buffer));
  }
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(call->context, HANDLE_KIND_OPTIONS,
                                          a.options, &object));
  options_object *options = (options_object *)object;
  crypto_errno rc;
  crypto_object_lock(object);
  switch (kind) {
  case SET_BYTES:
    rc = options_object_set_bytes(options, name, a.name_len, value,
                                  a.range_len);
    break;
  case SET_U64:
    rc = options_object_set_u64(options, name, a.name_len, a.value);
    break;
  default:
    rc = options_object_set_buffer(options, name, a.name_len, a.range_ptr,
                                   a.range_len);
    break;
  }
  crypto_object_unlock(object);
  crypto_context_put(call->context, object);
  return rc;
}

/* options_set(options, name_ptr, name_len, value_ptr, value_len) */
CRYPTO_FUNCTION(options_set) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(options);
  WPL_ARG_U32(name_ptr);
  WPL_ARG_U32(name_len);
  WPL_ARG_U32(value_ptr);
  WPL_ARG_U32(value_len);
  return set_option(call, SET_BYTES,
                    (setter_args){options, name_ptr, name_len, value_ptr,
                                  value_len, 0});
}

/* options_set_u64(options, name_ptr, name_len, value i64) */
CRYPTO_FUNCTION(options_set_u64) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(options);
  WPL_ARG_U32(name_ptr);
  WPL_ARG_U32(name_len);
  WPL_ARG_U64(value);
  return set_option(call, SET_U64,
                    (setter_args){options, name_ptr, name_len, 0, 0, value});
}

/* options_set_guest_buffer(options, name_ptr, name_len, buf_ptr, buf_len) */
CRYPTO_FUNCTION(options_set_guest_buffer) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(options);
  WPL_ARG_U32(name_ptr);
  WPL_ARG_U32(name_len);
  WPL_ARG_U32(buf_ptr);
  WPL_ARG_U32(buf_len);
  return set_option(call, SET_GUEST_BUFFER,
                    (setter_args){options, name_ptr, name_len, buf_ptr,
                                  buf_len, 0});
}

/* secrets_manager_open(opt_options_ptr, secrets_manager_ptr) */
CRYPTO_FUNCTION(secrets_manager_open) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(opt_options_ptr);
  WPL_ARG_U32(secrets_manager_ptr);
  bool present;
  uint32_t options;
  uint8_t *slot;
  RETURN_IF_FAILED(
      guest_optional_handle(call, opt_options_ptr, &present, &options));
  RETURN_IF_FAILED(guest_u32_slot(call, secrets_manager_ptr, &slot));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

/* secrets_manager_close(secrets_manager) */
CRYPTO_FUNCTION(secrets_manager_close) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(secrets_manager);
  (void)call, (void)secrets_manager;
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

/* secrets_manager_invalidate(secrets_manager, key_id_ptr, key_id_len,
                              version i64) */
CRYPTO_FUNCTION(secrets_manager_invalidate) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(secrets_manager);
  WPL_ARG_U32(key_id_ptr);
  WPL_ARG_U32(key_id_len);
  WPL_ARG_U64(version);
  (void)secrets_manager, (void)version;
  const uint8_t *key_id;
  RETURN_IF_FAILED(
      guest_input(call, key_id_ptr, key_id_len, &key_id));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}
