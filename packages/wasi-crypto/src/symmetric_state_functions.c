/*
 * The symmetric_state_* imports other than encryption and decryption.
 * Order of checks: guest ranges (12), algorithm name (6), handles (15),
 * then the state's own rules (symmetric_state.h and the kind files).
 */
#include "symmetric_functions.h"
#include "symmetric_tag.h"

#include <openssl/crypto.h>

#include <string.h>

crypto_errno lock_symmetric_state(const crypto_call *call, uint32_t handle,
                                  symmetric_state **state) {
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(
      call->context, HANDLE_KIND_SYMMETRIC_STATE, handle, &object));
  crypto_object_lock(object);
  *state = (symmetric_state *)object;
  return CRYPTO_ERRNO_SUCCESS;
}

void unlock_symmetric_state(const crypto_call *call, symmetric_state *state) {
  crypto_object_unlock(&state->base);
  crypto_context_put(call->context, &state->base);
}

/* Publishes a new state and writes its handle to the checked slot. */
static crypto_errno publish_state(const crypto_call *call,
                                  symmetric_state *state, uint8_t *slot) {
  uint32_t handle;
  RETURN_IF_FAILED(
      crypto_context_publish(call->context, &state->base, &handle));
  store_u32(slot, handle);
  return CRYPTO_ERRNO_SUCCESS;
}

/* symmetric_state_open(alg_ptr, alg_len, opt_key_ptr, opt_options_ptr,
 *                      state_ptr) */
CRYPTO_FUNCTION(symmetric_state_open) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(alg_ptr);
  WPL_ARG_U32(alg_len);
  WPL_ARG_U32(opt_key_ptr);
  WPL_ARG_U32(opt_options_ptr);
  WPL_ARG_U32(state_ptr);
  const uint8_t *name;
  bool has_key, has_options;
  uint32_t key_handle, options_handle;
  uint8_t *slot;
  RETURN_IF_FAILED(
      guest_input(call, alg_ptr, alg_len, &name));
  RETURN_IF_FAILED(
      guest_optional_handle(call, opt_key_ptr, &has_key, &key_handle));
  RETURN_IF_FAILED(guest_optional_handle(call, opt_options_ptr, &has_options,
                                         &options_handle));
  RETURN_IF_FAILED(guest_u32_slot(call, state_ptr, &slot));
  const symmetric_algorithm *alg;
  RETURN_IF_FAILED(symmetric_algorithm_find(name, alg_len, &alg));
  crypto_object *key = NULL;
  if (has_key) {
    RETURN_IF_FAILED(crypto_context_acquire(
        call->context, HANDLE_KIND_SYMMETRIC_KEY, key_handle, &key));
  }
  options_object *options;
  crypto_errno rc = acquire_symmetric_options(call->context, has_options,
                                              options_handle, &options);
  symmetric_state *state = NULL;
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    if (options != NULL) {
      crypto_object_lock(&options->base);
    }
    rc = symmetric_state_new(alg, (const symmetric_key *)key, options, &state);
    if (options != NULL) {
      crypto_object_unlock(&options->base);
      crypto_context_put(call->context, &options->base);
    }
  }
  crypto_context_put(call->context, key);
  return rc == CRYPTO_ERRNO_SUCCESS ? publish_state(call, state, slot) : rc;
}

/* symmetric_state_clone(state, state_ptr) */
CRYPTO_FUNCTION(symmetric_state_clone) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(state_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, state_ptr, &slot));
  symmetric_state *state, *copy = NULL;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  crypto_errno rc = symmetric_state_new_copy(state, &copy);
  unlock_symmetric_state(call, state);
  return rc == CRYPTO_ERRNO_SUCCESS ? publish_state(call, copy, slot) : rc;
}

/* symmetric_state_options_get(state, name_ptr, name_len, value_ptr,
 *                             value_len, size_ptr) */
CRYPTO_FUNCTION(symmetric_state_options_get) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(name_ptr);
  WPL_ARG_U32(name_len);
  WPL_ARG_U32(value_ptr);
  WPL_ARG_U32(value_len);
  WPL_ARG_U32(size_ptr);
  const uint8_t *name;
  uint8_t *value, *size_slot;
  RETURN_IF_FAILED(guest_input(call, name_ptr, name_len, &name));
  RETURN_IF_FAILED(guest_output(call, value_ptr, value_len, &value));
  RETURN_IF_FAILED(guest_u32_slot(call, size_ptr, &size_slot));
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  crypto_errno rc = CRYPTO_ERRNO_SUCCESS;
  /* Only AEAD states have an option to read, and the name is compared
   * exactly (no lower-casing), as upstream. */
  if (state->alg->kind != SYMMETRIC_AEAD || !bytes_equal(name, name_len,
      "nonce")) {
    rc = CRYPTO_ERRNO_UNSUPPORTED_OPTION;
  } else if (value_len < AEAD_NONCE_LEN) {
    rc = CRYPTO_ERRNO_OVERFLOW;
  } else {
    memcpy(value, state->nonce, AEAD_NONCE_LEN);
  }
  unlock_symmetric_state(call, state);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(size_slot, AEAD_NONCE_LEN);
  }
  return rc;
}

/* symmetric_state_options_get_u64(state, name_ptr, name_len, u64_ptr) */
CRYPTO_FUNCTION(symmetric_state_options_get_u64) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(name_ptr);
  WPL_ARG_U32(name_len);
  WPL_ARG_U32(u64_ptr);
  const uint8_t *name;
  uint8_t *slot;
  RETURN_IF_FAILED(
      guest_input(call, name_ptr, name_len, &name));
  RETURN_IF_FAILED(guest_u64_slot(call, u64_ptr, &slot));
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  unlock_symmetric_state(call, state);
  return CRYPTO_ERRNO_UNSUPPORTED_OPTION; /* no algorithm has u64 options */
}

/* symmetric_state_close(state) */
CRYPTO_FUNCTION(symmetric_state_close) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  return crypto_context_close(call->context, HANDLE_KIND_SYMMETRIC_STATE,
                              state_handle);
}

/* symmetric_state_absorb(state, data_ptr, data_len) */
CRYPTO_FUNCTION(symmetric_state_absorb) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(data_ptr);
  WPL_ARG_U32(data_len);
  const uint8_t *data;
  uint32_t len = data_len;
  RETURN_IF_FAILED(guest_input(call, data_ptr, len, &data));
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  crypto_errno rc = state->ops->absorb == NULL
                        ? CRYPTO_ERRNO_INVALID_OPERATION
                        : state->ops->absorb(state, data, len);
  unlock_symmetric_state(call, state);
  return rc;
}

/* symmetric_state_squeeze(state, out_ptr, out_len) */
CRYPTO_FUNCTION(symmetric_state_squeeze) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(out_ptr);
  WPL_ARG_U32(out_len);
  uint8_t *out;
  uint32_t len = out_len;
  RETURN_IF_FAILED(guest_output(call, out_ptr, len, &out));
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  crypto_errno rc = state->ops->squeeze == NULL
                        ? CRYPTO_ERRNO_INVALID_OPERATION
                        : state->ops->squeeze(state, out, len);
  unlock_symmetric_state(call, state);
  return rc;
}

/* symmetric_state_squeeze_tag(state, tag_ptr) */
CRYPTO_FUNCTION(symmetric_state_squeeze_tag) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(tag_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, tag_ptr, &slot));
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  uint8_t tag[EVP_MAX_MD_SIZE];
  size_t tag_len = 0;
  crypto_errno rc = state->ops->squeeze_tag == NULL
                        ? CRYPTO_ERRNO_INVALID_OPERATION
                        : state->ops->squeeze_tag(state, tag, &tag_len);
  unlock_symmetric_state(call, state);
  uint32_t handle = 0;
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = symmetric_tag_publish(call->context, tag, tag_len, &handle);
  }
  OPENSSL_cleanse(tag, sizeof(tag));
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(slot, handle);
  }
  return rc;
}

/* symmetric_state_squeeze_key(state, alg_ptr, alg_len, key_ptr) */
CRYPTO_FUNCTION(symmetric_state_squeeze_key) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(alg_ptr);
  WPL_ARG_U32(alg_len);
  WPL_ARG_U32(key_ptr);
  const uint8_t *name;
  uint8_t *slot;
  RETURN_IF_FAILED(
      guest_input(call, alg_ptr, alg_len, &name));
  RETURN_IF_FAILED(guest_u32_slot(call, key_ptr, &slot));
  const symmetric_algorithm *alg;
  RETURN_IF_FAILED(symmetric_algorithm_find(name, alg_len, &alg));
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  byte_buffer raw = {0};
  crypto_errno rc;
  if (state->ops->squeeze_key == NULL) {
    /* As upstream: naming the state's own algorithm is an operation it
     * does not have (22); naming another is an unsupported target (6). */
    rc = alg == state->alg ? CRYPTO_ERRNO_INVALID_OPERATION
                           : CRYPTO_ERRNO_UNSUPPORTED_ALGORITHM;
  } else if (strcmp(alg->name, state->alg->squeezed_key) != 0) {
    rc = CRYPTO_ERRNO_UNSUPPORTED_ALGORITHM;
  } else {
    rc = state->ops->squeeze_key(state, &raw);
  }
  unlock_symmetric_state(call, state);
  symmetric_key *key = NULL;
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = symmetric_key_new_derived(alg, raw.data, raw.len, &key);
  }
  byte_buffer_wipe(&raw);
  uint32_t handle = 0;
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = crypto_context_publish(call->context, &key->base, &handle);
  }
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(slot, handle);
  }
  return rc;
}

/* symmetric_state_max_tag_len(state, size_ptr) */
CRYPTO_FUNCTION(symmetric_state_max_tag_len) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(size_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, size_ptr, &slot));
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  bool aead = state->alg->kind == SYMMETRIC_AEAD;
  unlock_symmetric_state(call, state);
  if (!aead) {
    return CRYPTO_ERRNO_INVALID_OPERATION;
  }
  store_u32(slot, AEAD_TAG_LEN);
  return CRYPTO_ERRNO_SUCCESS;
}

/* symmetric_state_ratchet(state) */
CRYPTO_FUNCTION(symmetric_state_ratchet) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  unlock_symmetric_state(call, state);
  return CRYPTO_ERRNO_INVALID_OPERATION; /* no algorithm can ratchet */
}
