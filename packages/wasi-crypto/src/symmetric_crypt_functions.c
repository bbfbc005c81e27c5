/*
 * symmetric_state_encrypt / _encrypt_detached / _decrypt / _decrypt_detached.
 *
 * Order of checks (spec §5.2): guest ranges (12), state handle (15), then
 *   encrypt:           not AEAD 22; out_len != data_len + 16 -> 9
 *   encrypt_detached:  out_len != data_len -> 9; not AEAD 22
 *   decrypt:           not AEAD 22; data_len != out_len + 16 -> 9
 *   decrypt_detached:  out_len != data_len -> 9; not AEAD 22;
 *                      raw_tag_len != 16 -> 21 (quirk 4, fixed)
 * Lengths are compared in 64 bits, so data_len + 16 cannot wrap.
 *
 * Decryption writes into host memory first and copies to the guest only
 * once the tag verified; on any failure of the decryption itself the host
 * copy is wiped and the guest's output range is zeroed, so unauthenticated
 * plaintext is never visible to the guest (not even to another thread).
 * Encryption works in place when out == data; other overlaps go through a
 * host copy of the input.
 */
#include "symmetric_functions.h"
#include "symmetric_tag.h"

#include "error_map.h"

#include <openssl/crypto.h>

#include <stdlib.h>
#include <string.h>

static bool ranges_overlap(const uint8_t *a, size_t a_len, const uint8_t *b,
                           size_t b_len) {
  return a < b + b_len && b < a + a_len;
}

/* Encrypts `len` bytes of `data` to `out` and the tag to `tag`. */
static crypto_errno encrypt_into(symmetric_state *state, uint8_t *out,
                                 const uint8_t *data, size_t len,
                                 uint8_t tag[AEAD_TAG_LEN]) {
  uint8_t *copy = NULL;
  if (out != data && ranges_overlap(out, len, data, len)) {
    copy = malloc(len);
    if (copy == NULL) {
      return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
    }
    memcpy(copy, data, len);
    data = copy;
  }
  crypto_errno rc = state->ops->encrypt(state, out, data, len, tag);
  if (copy != NULL) {
    OPENSSL_cleanse(copy, len);
    free(copy);
  }
  return rc;
}

/* Decrypts `len` bytes of `data` with `tag` into guest `out` (see top). */
static crypto_errno decrypt_into(symmetric_state *state, uint8_t *out,
                                 const uint8_t *data, size_t len,
                                 const uint8_t *guest_tag) {
  uint8_t tag[AEAD_TAG_LEN];
  memcpy(tag, guest_tag, AEAD_TAG_LEN); /* it may lie inside `out` */
  uint8_t *plain = malloc(len > 0 ? len : 1);
  if (plain == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  crypto_errno rc = state->ops->decrypt(state, plain, data, len, tag);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    memcpy(out, plain, len);
  } else if (len > 0) {
    OPENSSL_cleanse(out, len);
  }
  OPENSSL_cleanse(plain, len > 0 ? len : 1);
  free(plain);
  return rc;
}

/* The (out_ptr, out_len, data_ptr, data_len) arguments 1-4 all four
 * functions take, range-checked first as the spec orders. */
typedef struct crypt_buffers {
  uint8_t *out;
  uint32_t out_len;
  const uint8_t *data;
  uint32_t data_len;
} crypt_buffers;

static crypto_errno read_crypt_buffers(const crypto_call *call,
                                       uint32_t out_ptr, uint32_t out_len,
                                       uint32_t data_ptr, uint32_t data_len,
                                       crypt_buffers *b) {
  b->out_len = out_len;
  b->data_len = data_len;
  RETURN_IF_FAILED(guest_output(call, out_ptr, out_len, &b->out));
  return guest_input(call, data_ptr, data_len, &b->data);
}

/* symmetric_state_encrypt(state, out_ptr, out_len, data_ptr, data_len,
 *                         size_ptr) */
CRYPTO_FUNCTION(symmetric_state_encrypt) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(out_ptr);
  WPL_ARG_U32(out_len);
  WPL_ARG_U32(data_ptr);
  WPL_ARG_U32(data_len);
  WPL_ARG_U32(size_ptr);
  (void)out_ptr, (void)data_ptr;
  crypt_buffers b;
  uint8_t *size_slot;
  RETURN_IF_FAILED(
      read_crypt_buffers(call, out_ptr, out_len, data_ptr, data_len, &b));
  RETURN_IF_FAILED(guest_u32_slot(call, size_ptr, &size_slot));
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  crypto_errno rc;
  uint8_t tag[AEAD_TAG_LEN];
  if (state->ops->encrypt == NULL) {
    rc = CRYPTO_ERRNO_INVALID_OPERATION;
  } else if ((uint64_t)b.out_len != (uint64_t)b.data_len + AEAD_TAG_LEN) {
    rc = CRYPTO_ERRNO_INVALID_LENGTH;
  } else {
    rc = encrypt_into(state, b.out, b.data, b.data_len, tag);
  }
  unlock_symmetric_state(call, state);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    memcpy(b.out + b.data_len, tag, AEAD_TAG_LEN);
    store_u32(size_slot, b.out_len);
  }
  return rc;
}

/* symmetric_state_encrypt_detached(state, out_ptr, out_len, data_ptr,
 *                                  data_len, tag_ptr) */
CRYPTO_FUNCTION(symmetric_state_encrypt_detached) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(out_ptr);
  WPL_ARG_U32(out_len);
  WPL_ARG_U32(data_ptr);
  WPL_ARG_U32(data_len);
  WPL_ARG_U32(tag_ptr);
  (void)out_ptr, (void)data_ptr;
  crypt_buffers b;
  uint8_t *tag_slot;
  RETURN_IF_FAILED(
      read_crypt_buffers(call, out_ptr, out_len, data_ptr, data_len, &b));
  RETURN_IF_FAILED(guest_u32_slot(call, tag_ptr, &tag_slot));
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  crypto_errno rc;
  uint8_t tag[AEAD_TAG_LEN];
  if (b.out_len != b.data_len) {
    rc = CRYPTO_ERRNO_INVALID_LENGTH;
  } else if (state->ops->encrypt == NULL) {
    rc = CRYPTO_ERRNO_INVALID_OPERATION;
  } else {
    rc = encrypt_into(state, b.out, b.data, b.data_len, tag);
  }
  unlock_symmetric_state(call, state);
  uint32_t handle = 0;
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = symmetric_tag_publish(call->context, tag, AEAD_TAG_LEN, &handle);
  }
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(tag_slot, handle);
  }
  return rc;
}

/* symmetric_state_decrypt(state, out_ptr, out_len, data_ptr, data_len,
 *                         size_ptr) */
CRYPTO_FUNCTION(symmetric_state_decrypt) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(out_ptr);
  WPL_ARG_U32(out_len);
  WPL_ARG_U32(data_ptr);
  WPL_ARG_U32(data_len);
  WPL_ARG_U32(size_ptr);
  (void)out_ptr, (void)data_ptr;
  crypt_buffers b;
  uint8_t *size_slot;
  RETURN_IF_FAILED(
      read_crypt_buffers(call, out_ptr, out_len, data_ptr, data_len, &b));
  RETURN_IF_FAILED(guest_u32_slot(call, size_ptr, &size_slot));
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  crypto_errno rc;
  if (state->ops->decrypt == NULL) {
    rc = CRYPTO_ERRNO_INVALID_OPERATION;
  } else if ((uint64_t)b.data_len != (uint64_t)b.out_len + AEAD_TAG_LEN) {
    rc = CRYPTO_ERRNO_INVALID_LENGTH;
  } else {
    rc = decrypt_into(state, b.out, b.data, b.out_len, b.data + b.out_len);
  }
  unlock_symmetric_state(call, state);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(size_slot, b.out_len);
  }
  return rc;
}

/* symmetric_state_decrypt_detached(state, out_ptr, out_len, data_ptr,
 *                                  data_len, raw_tag_ptr, raw_tag_len,
 *                                  size_ptr) */
CRYPTO_FUNCTION(symmetric_state_decrypt_detached) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(state_handle);
  WPL_ARG_U32(out_ptr);
  WPL_ARG_U32(out_len);
  WPL_ARG_U32(data_ptr);
  WPL_ARG_U32(data_len);
  WPL_ARG_U32(raw_tag_ptr);
  WPL_ARG_U32(raw_tag_len);
  WPL_ARG_U32(size_ptr);
  (void)out_ptr, (void)data_ptr;
  crypt_buffers b;
  uint8_t *size_slot;
  const uint8_t *raw_tag;
  RETURN_IF_FAILED(
      read_crypt_buffers(call, out_ptr, out_len, data_ptr, data_len, &b));
  RETURN_IF_FAILED(guest_input(call, raw_tag_ptr, raw_tag_len, &raw_tag));
  RETURN_IF_FAILED(guest_u32_slot(call, size_ptr, &size_slot));
  symmetric_state *state;
  RETURN_IF_FAILED(lock_symmetric_state(call, state_handle, &state));
  crypto_errno rc;
  if (b.out_len != b.data_len) {
    rc = CRYPTO_ERRNO_INVALID_LENGTH;
  } else if (state->ops->decrypt == NULL) {
    rc = CRYPTO_ERRNO_INVALID_OPERATION;
  } else if (raw_tag_len != AEAD_TAG_LEN) {
    rc = CRYPTO_ERRNO_INVALID_TAG; /* a short tag is never accepted */
  } else {
    rc = decrypt_into(state, b.out, b.data, b.out_len, raw_tag);
  }
  unlock_symmetric_state(call, state);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(size_slot, b.out_len);
  }
  return rc;
}
