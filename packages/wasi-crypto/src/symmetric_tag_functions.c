/*
 * The symmetric_tag_* imports. A tag stays open after a pull (upstream;
 * close it with symmetric_tag_close). Verification compares in constant
 * time over the whole tag: a raw tag of another length never verifies
 * (quirk 4, fixed: upstream compared only the guest's prefix).
 */
#include "symmetric_functions.h"
#include "symmetric_tag.h"

#include <openssl/crypto.h>

#include <string.h>

static crypto_errno acquire_tag(const crypto_call *call, uint32_t handle,
                                symmetric_tag **tag) {
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(
      call->context, HANDLE_KIND_SYMMETRIC_TAG, handle, &object));
  *tag = (symmetric_tag *)object; /* immutable: read without the lock */
  return CRYPTO_ERRNO_SUCCESS;
}

/* symmetric_tag_len(tag, size_ptr) */
CRYPTO_FUNCTION(symmetric_tag_len) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(tag_handle);
  WPL_ARG_U32(size_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, size_ptr, &slot));
  symmetric_tag *tag;
  RETURN_IF_FAILED(acquire_tag(call, tag_handle, &tag));
  size_t len = tag->len;
  crypto_context_put(call->context, &tag->base);
  store_u32(slot, (uint32_t)len);
  return CRYPTO_ERRNO_SUCCESS;
}

/* symmetric_tag_pull(tag, buf_ptr, buf_len, size_ptr) */
CRYPTO_FUNCTION(symmetric_tag_pull) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(tag_handle);
  WPL_ARG_U32(buf_ptr);
  WPL_ARG_U32(buf_len);
  WPL_ARG_U32(size_ptr);
  uint8_t *buf, *slot;
  RETURN_IF_FAILED(guest_output(call, buf_ptr, buf_len, &buf));
  RETURN_IF_FAILED(guest_u32_slot(call, size_ptr, &slot));
  symmetric_tag *tag;
  RETURN_IF_FAILED(acquire_tag(call, tag_handle, &tag));
  crypto_errno rc = CRYPTO_ERRNO_SUCCESS;
  size_t len = tag->len;
  if (buf_len > len) {
    rc = CRYPTO_ERRNO_INVALID_LENGTH;
  } else if (buf_len < len) {
    rc = CRYPTO_ERRNO_OVERFLOW;
  } else {
    memcpy(buf, tag->bytes, len);
  }
  crypto_context_put(call->context, &tag->base);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(slot, (uint32_t)len);
  }
  return rc;
}

/* symmetric_tag_verify(tag, raw_ptr, raw_len) */
CRYPTO_FUNCTION(symmetric_tag_verify) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(tag_handle);
  WPL_ARG_U32(raw_ptr);
  WPL_ARG_U32(raw_len);
  const uint8_t *raw;
  RETURN_IF_FAILED(guest_input(call, raw_ptr, raw_len, &raw));
  symmetric_tag *tag;
  RETURN_IF_FAILED(acquire_tag(call, tag_handle, &tag));
  bool equal = raw_len == tag->len &&
               CRYPTO_memcmp(raw, tag->bytes, tag->len) == 0;
  crypto_context_put(call->context, &tag->base);
  return equal ? CRYPTO_ERRNO_SUCCESS : CRYPTO_ERRNO_INVALID_TAG;
}

/* symmetric_tag_close(tag) */
CRYPTO_FUNCTION(symmetric_tag_close) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(tag);
  return crypto_context_close(call->context, HANDLE_KIND_SYMMETRIC_TAG,
                              tag);
}
