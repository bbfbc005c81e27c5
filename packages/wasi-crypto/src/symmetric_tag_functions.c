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

static crypto_errno acquire_tag(const crypto_call *call, symmetric_tag **tag) {
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(
      call->context, HANDLE_KIND_SYMMETRIC_TAG, call_u32(call, 0), &object));
  *tag = (symmetric_tag *)object; /* immutable: read without the lock */
  return CRYPTO_ERRNO_SUCCESS;
}

/* symmetric_tag_len(tag, size_ptr) */
crypto_errno symmetric_tag_len(const crypto_call *call) {
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, call_u32(call, 1), &slot));
  symmetric_tag *tag;
  RETURN_IF_FAILED(acquire_tag(call, &tag));
  size_t len = tag->len;
  crypto_context_put(call->context, &tag->base);
  store_u32(slot, (uint32_t)len);
  return CRYPTO_ERRNO_SUCCESS;
}

/* symmetric_tag_pull(tag, buf_ptr, buf_len, size_ptr) */
crypto_errno symmetric_tag_pull(const crypto_call *call) {
  uint8_t *buf, *slot;
  uint32_t buf_len = call_u32(call, 2);
  RETURN_IF_FAILED(guest_output(call, call_u32(call, 1), buf_len, &buf));
  RETURN_IF_FAILED(guest_u32_slot(call, call_u32(call, 3), &slot));
  symmetric_tag *tag;
  RETURN_IF_FAILED(acquire_tag(call, &tag));
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
crypto_errno symmetric_tag_verify(const crypto_call *call) {
  const uint8_t *raw;
  uint32_t raw_len = call_u32(call, 2);
  RETURN_IF_FAILED(guest_input(call, call_u32(call, 1), raw_len, &raw));
  symmetric_tag *tag;
  RETURN_IF_FAILED(acquire_tag(call, &tag));
  bool equal = raw_len == tag->len &&
               CRYPTO_memcmp(raw, tag->bytes, tag->len) == 0;
  crypto_context_put(call->context, &tag->base);
  return equal ? CRYPTO_ERRNO_SUCCESS : CRYPTO_ERRNO_INVALID_TAG;
}

/* symmetric_tag_close(tag) */
crypto_errno symmetric_tag_close(const crypto_call *call) {
  return crypto_context_close(call->context, HANDLE_KIND_SYMMETRIC_TAG,
                              call_u32(call, 0));
}
