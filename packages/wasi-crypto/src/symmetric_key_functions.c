/*
 * The symmetric_key_* imports, including the managed-key ones (no secrets
 * manager exists: they check their guest ranges, then answer 2). Order of
 * checks: guest ranges (12), algorithm name (6), handles (15), then the
 * key rules of symmetric_key.h.
 */
#include "array_output.h"
#include "symmetric_functions.h"
#include "symmetric_key.h"

crypto_errno acquire_symmetric_options(crypto_context *context, bool present,
                                       uint32_t handle,
                                       options_object **options) {
  return options_acquire(context, present, handle, ALGORITHM_TYPE_SYMMETRIC,
                         options);
}

/* Publishes a new key and writes its handle to the checked slot. */
static crypto_errno publish_key(const crypto_call *call, symmetric_key *key,
                                uint8_t *slot) {
  uint32_t handle;
  RETURN_IF_FAILED(crypto_context_publish(call->context, &key->base, &handle));
  store_u32(slot, handle);
  return CRYPTO_ERRNO_SUCCESS;
}

/* symmetric_key_generate(alg_ptr, alg_len, opt_options_ptr, key_ptr) */
CRYPTO_FUNCTION(symmetric_key_generate) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(alg_ptr);
  WPL_ARG_U32(alg_len);
  WPL_ARG_U32(opt_options_ptr);
  WPL_ARG_U32(key_ptr);
  const uint8_t *name;
  bool has_options;
  uint32_t options_handle;
  uint8_t *slot;
  RETURN_IF_FAILED(
      guest_input(call, alg_ptr, alg_len, &name));
  RETURN_IF_FAILED(guest_optional_handle(call, opt_options_ptr, &has_options,
                                         &options_handle));
  RETURN_IF_FAILED(guest_u32_slot(call, key_ptr, &slot));
  const symmetric_algorithm *alg;
  RETURN_IF_FAILED(symmetric_algorithm_find(name, alg_len, &alg));
  options_object *options;
  RETURN_IF_FAILED(acquire_symmetric_options(call->context, has_options,
                                             options_handle, &options));
  /* No symmetric option changes key generation; the set is only checked. */
  crypto_context_put(call->context, options ? &options->base : NULL);
  symmetric_key *key;
  RETURN_IF_FAILED(symmetric_key_new_random(alg, &key));
  return publish_key(call, key, slot);
}

/* symmetric_key_import(alg_ptr, alg_len, raw_ptr, raw_len, key_ptr) */
CRYPTO_FUNCTION(symmetric_key_import) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(alg_ptr);
  WPL_ARG_U32(alg_len);
  WPL_ARG_U32(raw_ptr);
  WPL_ARG_U32(raw_len);
  WPL_ARG_U32(key_ptr);
  const uint8_t *name, *raw;
  uint8_t *slot;
  RETURN_IF_FAILED(
      guest_input(call, alg_ptr, alg_len, &name));
  RETURN_IF_FAILED(guest_input(call, raw_ptr, raw_len, &raw));
  RETURN_IF_FAILED(guest_u32_slot(call, key_ptr, &slot));
  const symmetric_algorithm *alg;
  RETURN_IF_FAILED(symmetric_algorithm_find(name, alg_len, &alg));
  symmetric_key *key;
  RETURN_IF_FAILED(symmetric_key_new_imported(alg, raw, raw_len, &key));
  return publish_key(call, key, slot);
}

/* symmetric_key_export(key, array_output_ptr) */
CRYPTO_FUNCTION(symmetric_key_export) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(key_handle);
  WPL_ARG_U32(array_output_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, array_output_ptr, &slot));
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(
      call->context, HANDLE_KIND_SYMMETRIC_KEY, key_handle, &object));
  const symmetric_key *key = (const symmetric_key *)object;
  uint32_t handle = 0;
  /* Key bytes never change after creation: no lock needed to read them. */
  crypto_errno rc = array_output_publish(
      call->context, byte_buffer_bytes(&key->raw), key->raw.len, &handle);
  crypto_context_put(call->context, object);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(slot, handle);
  }
  return rc;
}

/* symmetric_key_close(key) */
CRYPTO_FUNCTION(symmetric_key_close) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(key);
  return crypto_context_close(call->context, HANDLE_KIND_SYMMETRIC_KEY,
                              key);
}

/* symmetric_key_generate_managed(secrets_manager, alg_ptr, alg_len,
 *                                opt_options_ptr, key_ptr) */
CRYPTO_FUNCTION(symmetric_key_generate_managed) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(secrets_manager);
  WPL_ARG_U32(alg_ptr);
  WPL_ARG_U32(alg_len);
  WPL_ARG_U32(opt_options_ptr);
  WPL_ARG_U32(key_ptr);
  (void)secrets_manager;
  const uint8_t *name;
  bool has_options;
  uint32_t options_handle;
  uint8_t *slot;
  RETURN_IF_FAILED(
      guest_input(call, alg_ptr, alg_len, &name));
  RETURN_IF_FAILED(guest_optional_handle(call, opt_options_ptr, &has_options,
                                         &options_handle));
  RETURN_IF_FAILED(guest_u32_slot(call, key_ptr, &slot));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

/* symmetric_key_store_managed(secrets_manager, key, key_id_ptr,
 *                             key_id_max_len) */
CRYPTO_FUNCTION(symmetric_key_store_managed) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(secrets_manager);
  WPL_ARG_U32(key);
  WPL_ARG_U32(key_id_ptr);
  WPL_ARG_U32(key_id_max_len);
  (void)secrets_manager, (void)key;
  uint8_t *key_id;
  RETURN_IF_FAILED(
      guest_output(call, key_id_ptr, key_id_max_len, &key_id));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

/* symmetric_key_replace_managed(secrets_manager, old_key, new_key,
 *                               version_ptr) */
CRYPTO_FUNCTION(symmetric_key_replace_managed) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(secrets_manager);
  WPL_ARG_U32(old_key);
  WPL_ARG_U32(new_key);
  WPL_ARG_U32(version_ptr);
  (void)secrets_manager, (void)old_key, (void)new_key;
  uint8_t *version;
  RETURN_IF_FAILED(guest_u64_slot(call, version_ptr, &version));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

/* symmetric_key_id(key, key_id_ptr, key_id_max_len, size_ptr, version_ptr) */
CRYPTO_FUNCTION(symmetric_key_id) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(key);
  WPL_ARG_U32(key_id_ptr);
  WPL_ARG_U32(key_id_max_len);
  WPL_ARG_U32(size_ptr);
  WPL_ARG_U32(version_ptr);
  (void)key;
  uint8_t *key_id, *size, *version;
  RETURN_IF_FAILED(
      guest_output(call, key_id_ptr, key_id_max_len, &key_id));
  RETURN_IF_FAILED(guest_u32_slot(call, size_ptr, &size));
  RETURN_IF_FAILED(guest_u64_slot(call, version_ptr, &version));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

/* symmetric_key_from_id(secrets_manager, key_id_ptr, key_id_len,
 *                       version i64, key_ptr) */
CRYPTO_FUNCTION(symmetric_key_from_id) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(secrets_manager);
  WPL_ARG_U32(key_id_ptr);
  WPL_ARG_U32(key_id_len);
  WPL_ARG_U64(version);
  WPL_ARG_U32(key_ptr);
  (void)secrets_manager, (void)version;
  const uint8_t *key_id;
  uint8_t *slot;
  RETURN_IF_FAILED(
      guest_input(call, key_id_ptr, key_id_len, &key_id));
  RETURN_IF_FAILED(guest_u32_slot(call, key_ptr, &slot));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}
