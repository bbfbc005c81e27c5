/* Creating tag objects (their functions are in symmetric_tag_functions.c). */
#include "symmetric_tag.h"

#include "error_map.h"

#include <openssl/crypto.h>

#include <stdlib.h>
#include <string.h>

static void symmetric_tag_destroy(crypto_object *object) {
  symmetric_tag *tag = (symmetric_tag *)object;
  OPENSSL_cleanse(tag->bytes, sizeof(tag->bytes));
  crypto_object_fini(object);
  free(tag);
}

crypto_errno symmetric_tag_publish(crypto_context *context,
                                   const uint8_t *bytes, size_t len,
                                   uint32_t *handle) {
  if (len > EVP_MAX_MD_SIZE) {
    return CRYPTO_ERRNO_INTERNAL_ERROR;
  }
  symmetric_tag *tag = calloc(1, sizeof(*tag));
  if (tag == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  if (!crypto_object_init(&tag->base, HANDLE_KIND_SYMMETRIC_TAG,
                          symmetric_tag_destroy)) {
    free(tag);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  memcpy(tag->bytes, bytes, len);
  tag->len = len;
  return crypto_context_publish(context, &tag->base, handle);
}
