/*
 * The wasi_ephemeral_crypto_common imports. Order of checks in each: guest
 * ranges (12), then handles (15), then the operation, as upstream.
 */
#include "common_functions.h"

#include "array_output.h"
#include "options.h"

#include <string.h>

/* array_output_len(array_output, size_ptr) */
crypto_errno array_output_len(const crypto_call *call) {
  uint8_t *size_slot;
  RETURN_IF_FAILED(guest_u32_slot(call, call_u32(call, 1), &size_slot));
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(
      call->context, HANDLE_KIND_ARRAY_OUTPUT, call_u32(call, 0), &object));
  crypto_object_lock(object);
  size_t len = ((array_output *)object)->bytes.len;
  crypto_object_unlock(object);
  crypto_context_put(call->context, object);
  store_u32(size_slot, (uint32_t)len);
  return CRYPTO_ERRNO_SUCCESS;
}

/* array_output_pull(array_output, buf_ptr, buf_len, size_ptr) */
crypto_errno array_output_pull(const crypto_call *call) {
  uint32_t handle = call_u32(call, 0);
  uint32_t buf_len = call_u32(call, 2);
  uint8_t *buf, *size_slot;
  RETURN_IF_FAILED(guest_output(call, call_u32(call, 1), buf_len, &buf));
  RETURN_IF_FAILED(guest_u32_slot(call, call_u32(call, 3), &size_slot));
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(
      call->context, HANDLE_KIND_ARRAY_OUTPUT, handle, &object));
  array_output *output = (array_output *)object;
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
    (void)crypto_context_close(call->context, HANDLE_KIND_ARRAY_OUTPUT, handle);
  }
  store_u32(size_slot, (uint32_t)count);
  return CRYPTO_ERRNO_SUCCESS;
}

/* options_open(algorithm_type, options_ptr) */
crypto_errno options_open(const crypto_call *call) {
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, call_u32(call, 1), &slot));
  options_object *options;
  RETURN_IF_FAILED(options_object_create(call_u32(call, 0), &options));
  uint32_t handle;
  RETURN_IF_FAILED(
      crypto_context_publish(call->context, &options->base, &handle));
  store_u32(slot, handle);
  return CRYPTO_ERRNO_SUCCESS;
}

/* options_close(options) */
crypto_errno options_close(const crypto_call *call) {
  return crypto_context_close(call->context, HANDLE_KIND_OPTIONS,
                              call_u32(call, 0));
}

/* What one setter does to a locked option set. */
typedef enum setter { SET_BYTES, SET_U64, SET_GUEST_BUFFER } setter;

static crypto_errno set_option(const crypto_call *call, setter kind) {
  uint32_t name_len = call_u32(call, 2);
  const uint8_t *name, *value = NULL;
  uint8_t *guest_buffer;
  RETURN_IF_FAILED(guest_input(call, call_u32(call, 1), name_len, &name));
  if (kind == SET_BYTES) {
    RETURN_IF_FAILED(
        guest_input(call, call_u32(call, 3), call_u32(call, 4), &value));
  } else if (kind == SET_GUEST_BUFFER) {
    RETURN_IF_FAILED(
        guest_output(call, call_u32(call, 3), call_u32(call, 4),
                     &guest_buffer));
  }
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(call->context, HANDLE_KIND_OPTIONS,
                                          call_u32(call, 0), &object));
  options_object *options = (options_object *)object;
  crypto_errno rc;
  crypto_object_lock(object);
  switch (kind) {
  case SET_BYTES:
    rc = options_object_set_bytes(options, name, name_len, value,
                                  call_u32(call, 4));
    break;
  case SET_U64:
    rc = options_object_set_u64(options, name, name_len, call_u64(call, 3));
    break;
  default:
    rc = options_object_set_buffer(options, name, name_len, call_u32(call, 3),
                                   call_u32(call, 4));
    break;
  }
  crypto_object_unlock(object);
  crypto_context_put(call->context, object);
  return rc;
}

/* options_set(options, name_ptr, name_len, value_ptr, value_len) */
crypto_errno options_set(const crypto_call *call) {
  return set_option(call, SET_BYTES);
}

/* options_set_u64(options, name_ptr, name_len, value i64) */
crypto_errno options_set_u64(const crypto_call *call) {
  return set_option(call, SET_U64);
}

/* options_set_guest_buffer(options, name_ptr, name_len, buf_ptr, buf_len) */
crypto_errno options_set_guest_buffer(const crypto_call *call) {
  return set_option(call, SET_GUEST_BUFFER);
}

/* secrets_manager_open(opt_options_ptr, secrets_manager_ptr) */
crypto_errno secrets_manager_open(const crypto_call *call) {
  bool present;
  uint32_t options;
  uint8_t *slot;
  RETURN_IF_FAILED(
      guest_optional_handle(call, call_u32(call, 0), &present, &options));
  RETURN_IF_FAILED(guest_u32_slot(call, call_u32(call, 1), &slot));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

/* secrets_manager_close(secrets_manager) */
crypto_errno secrets_manager_close(const crypto_call *call) {
  (void)call;
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

/* secrets_manager_invalidate(secrets_manager, key_id_ptr, key_id_len,
                              version i64) */
crypto_errno secrets_manager_invalidate(const crypto_call *call) {
  const uint8_t *key_id;
  RETURN_IF_FAILED(
      guest_input(call, call_u32(call, 1), call_u32(call, 2), &key_id));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}
