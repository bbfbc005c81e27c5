/* Creating, copying and destroying symmetric states (symmetric_state.h). */
#include "symmetric_state.h"

#include "error_map.h"

#include <openssl/crypto.h>

#include <stdlib.h>

/* Which operations each kind of algorithm has. */
static const state_ops *const OPS_BY_KIND[] = {
    [SYMMETRIC_HASH] = &digest_state_ops,
    [SYMMETRIC_MAC] = &mac_state_ops,
    [SYMMETRIC_KDF_EXTRACT] = &hkdf_extract_state_ops,
    [SYMMETRIC_KDF_EXPAND] = &hkdf_expand_state_ops,
    [SYMMETRIC_AEAD] = &aead_state_ops,
};

static void symmetric_state_destroy(crypto_object *object) {
  symmetric_state *state = (symmetric_state *)object;
  EVP_MD_CTX_free(state->md); /* OpenSSL wipes the MAC key it holds */
  byte_buffer_wipe(&state->key);
  byte_buffer_wipe(&state->input);
  OPENSSL_cleanse(state->nonce, sizeof(state->nonce));
  crypto_object_fini(object);
  free(state);
}

void symmetric_state_discard(symmetric_state *state) {
  symmetric_state_destroy(&state->base);
}

static crypto_errno state_alloc(const symmetric_algorithm *alg,
                                symmetric_state **out) {
  symmetric_state *state = calloc(1, sizeof(*state));
  if (state == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  if (!crypto_object_init(&state->base, HANDLE_KIND_SYMMETRIC_STATE,
                          symmetric_state_destroy)) {
    free(state);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  state->alg = alg;
  state->ops = OPS_BY_KIND[alg->kind];
  *out = state;
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno symmetric_state_new(const symmetric_algorithm *alg,
                                 const symmetric_key *key,
                                 const options_object *options,
                                 symmetric_state **out) {
  if (alg->kind == SYMMETRIC_HASH && key != NULL) {
    return CRYPTO_ERRNO_KEY_NOT_SUPPORTED;
  }
  if (alg->kind != SYMMETRIC_HASH && key == NULL) {
    return CRYPTO_ERRNO_KEY_REQUIRED;
  }
  if (key != NULL && key->alg != alg) {
    return CRYPTO_ERRNO_INVALID_KEY;
  }
  symmetric_state *state = NULL;
  RETURN_IF_FAILED(state_alloc(alg, &state));
  crypto_errno rc = state->ops->open(state, key, options);
  if (rc != CRYPTO_ERRNO_SUCCESS) {
    symmetric_state_destroy(&state->base);
    return rc;
  }
  *out = state;
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno symmetric_state_new_copy(const symmetric_state *state,
                                      symmetric_state **out) {
  if (state->ops->clone == NULL) {
    return CRYPTO_ERRNO_NOT_IMPLEMENTED;
  }
  symmetric_state *copy = NULL;
  RETURN_IF_FAILED(state_alloc(state->alg, &copy));
  crypto_errno rc = state->ops->clone(copy, state);
  if (rc != CRYPTO_ERRNO_SUCCESS) {
    symmetric_state_destroy(&copy->base);
    return rc;
  }
  *out = copy;
  return CRYPTO_ERRNO_SUCCESS;
}
