/*
 * The wasi_ephemeral_crypto_signatures imports. Order of checks: guest
 * ranges (12), algorithm (6), handles (15), encoding (5, 2), then the
 * operation (13, 10).
 */
#include "signature_functions.h"

#include "array_output.h"
#include "asymmetric_key.h"
#include "error_map.h"
#include "guest_io.h"
#include "options.h"
#include "signature_state.h"

CRYPTO_FUNCTION(signature_export) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(signature_handle);
  WPL_ARG_U32(encoding);
  WPL_ARG_U32(array_output_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, array_output_ptr, &slot));
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(
      call->context, HANDLE_KIND_SIGNATURE, signature_handle, &object));
  byte_buffer encoded = {0};
  uint32_t handle = 0;
  /* Signature bytes never change after creation: no lock needed. */
  crypto_errno rc =
      signature_encode((const signature_object *)object, encoding, &encoded);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = array_output_publish(call->context, byte_buffer_bytes(&encoded),
                              encoded.len, &handle);
  }
  byte_buffer_wipe(&encoded);
  crypto_context_put(call->context, object);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(slot, handle);
  }
  return rc;
}

CRYPTO_FUNCTION(signature_import) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(alg_ptr);
  WPL_ARG_U32(alg_len);
  WPL_ARG_U32(encoded_ptr);
  WPL_ARG_U32(encoded_len);
  WPL_ARG_U32(encoding);
  WPL_ARG_U32(signature_ptr);
  const uint8_t *name, *encoded;
  uint8_t *slot;
  RETURN_IF_FAILED(guest_input(call, alg_ptr, alg_len, &name));
  RETURN_IF_FAILED(guest_input(call, encoded_ptr, encoded_len, &encoded));
  RETURN_IF_FAILED(guest_u32_slot(call, signature_ptr, &slot));
  const asymmetric_algorithm *alg;
  RETURN_IF_FAILED(asymmetric_algorithm_find(ALGORITHM_TYPE_SIGNATURES, name,
                                             alg_len, &alg));
  byte_buffer internal = {0};
  uint32_t handle = 0;
  crypto_errno rc =
      signature_decode(alg, encoding, encoded, encoded_len, &internal);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = signature_publish(call->context, alg, byte_buffer_bytes(&internal),
                           internal.len, &handle);
  }
  byte_buffer_wipe(&internal);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(slot, handle);
  }
  return rc;
}

/* signature_state_open / signature_verification_state_open: (key,
 * state_ptr) with a signature key pair or public key. */
static crypto_errno open_state(const crypto_call *call, bool verify) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(key_handle);
  WPL_ARG_U32(state_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, state_ptr, &slot));
  asymmetric_key *key;
  RETURN_IF_FAILED(asymmetric_key_acquire(
      call->context, verify ? HANDLE_KIND_PUBLICKEY : HANDLE_KIND_KEYPAIR,
      ALGORITHM_TYPE_SIGNATURES, key_handle, &key));
  signature_state *state = NULL;
  crypto_errno rc = signature_state_new(key, verify, &state);
  crypto_context_put(call->context, &key->base);
  uint32_t handle;
  RETURN_IF_FAILED(rc);
  RETURN_IF_FAILED(
      crypto_context_publish(call->context, &state->base, &handle));
  store_u32(slot, handle);
  return CRYPTO_ERRNO_SUCCESS;
}

/* signature_state_update / signature_verification_state_update: (state,
 * input_ptr, input_len). */
static crypto_errno update_state(const crypto_call *call, handle_kind kind) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(input_ptr);
  WPL_ARG_U32(input_len);
  const uint8_t *input;
  RETURN_IF_FAILED(guest_input(call, input_ptr, input_len, &input));
  crypto_object *object;
  RETURN_IF_FAILED(
      crypto_context_acquire(call->context, kind, state_handle, &object));
  crypto_object_lock(object);
  crypto_errno rc =
      signature_state_absorb((signature_state *)object, input, input_len);
  crypto_object_unlock(object);
  crypto_context_put(call->context, object);
  return rc;
}

CRYPTO_FUNCTION(signature_state_open) { return open_state(call, false); }

CRYPTO_FUNCTION(signature_state_update) {
  return update_state(call, HANDLE_KIND_SIGNATURE_STATE);
}

CRYPTO_FUNCTION(signature_state_sign) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(signature_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, signature_ptr, &slot));
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(
      call->context, HANDLE_KIND_SIGNATURE_STATE, state_handle, &object));
  signature_state *state = (signature_state *)object;
  byte_buffer signature = {0};
  uint32_t handle = 0;
  crypto_object_lock(object);
  crypto_errno rc = signature_state_finish_sign(state, &signature);
  crypto_object_unlock(object);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = signature_publish(call->context, state->alg,
                           byte_buffer_bytes(&signature), signature.len,
                           &handle);
  }
  byte_buffer_wipe(&signature);
  crypto_context_put(call->context, object);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(slot, handle);
  }
  return rc;
}

CRYPTO_FUNCTION(signature_state_close) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state);
  return crypto_context_close(call->context, HANDLE_KIND_SIGNATURE_STATE,
                              state);
}

CRYPTO_FUNCTION(signature_verification_state_open) {
  return open_state(call, true);
}

CRYPTO_FUNCTION(signature_verification_state_update) {
  return update_state(call, HANDLE_KIND_SIGNATURE_VERIFICATION_STATE);
}

CRYPTO_FUNCTION(signature_verification_state_verify) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(signature_handle);
  crypto_object *object, *signature;
  RETURN_IF_FAILED(crypto_context_acquire(
      call->context, HANDLE_KIND_SIGNATURE_VERIFICATION_STATE, state_handle,
      &object));
  crypto_errno rc = crypto_context_acquire(
      call->context, HANDLE_KIND_SIGNATURE, signature_handle, &signature);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    crypto_object_lock(object);
    rc = signature_state_finish_verify((signature_state *)object,
                                       (const signature_object *)signature);
    crypto_object_unlock(object);
    crypto_context_put(call->context, signature);
  }
  crypto_context_put(call->context, object);
  return rc;
}

CRYPTO_FUNCTION(signature_verification_state_close) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state);
  return crypto_context_close(call->context,
                              HANDLE_KIND_SIGNATURE_VERIFICATION_STATE, state);
}

CRYPTO_FUNCTION(signature_close) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(signature);
  return crypto_context_close(call->context, HANDLE_KIND_SIGNATURE, signature);
}
