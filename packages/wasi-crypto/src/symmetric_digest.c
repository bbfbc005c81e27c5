/*
 * Hash (SHA-256, SHA-512, SHA-512/256) and HMAC states, on an EVP_MD_CTX.
 *
 * hash: absorb; squeeze(n <= digest size, else 9) gives the digest of
 *       everything absorbed so far, truncated to n, and keeps running;
 *       clone.
 * HMAC: absorb; squeeze_tag gives the full MAC of everything absorbed so
 *       far and keeps running; clone.
 * Both finish on a copy of the context, which is what keeps them running.
 */
#include "error_map.h"
#include "symmetric_state.h"

#include <openssl/crypto.h>

#include <string.h>

static crypto_errno digest_open(symmetric_state *state,
                                const symmetric_key *key,
                                const options_object *options) {
  (void)key;
  (void)options;
  state->md = EVP_MD_CTX_new();
  if (state->md == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  if (EVP_DigestInit_ex(state->md, state->alg->md(), NULL) != 1) {
    return crypto_failure_errno(CRYPTO_FAILURE_DIGEST);
  }
  return CRYPTO_ERRNO_SUCCESS;
}

static crypto_errno mac_open(symmetric_state *state, const symmetric_key *key,
                             const options_object *options) {
  (void)options;
  state->md = EVP_MD_CTX_new();
  if (state->md == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  EVP_PKEY *pkey = EVP_PKEY_new_raw_private_key(
      EVP_PKEY_HMAC, NULL, byte_buffer_bytes(&key->raw), key->raw.len);
  /* The context keeps its own reference to the key. */
  int ok = pkey != NULL && EVP_DigestSignInit(state->md, NULL,
                                              state->alg->md(), NULL,
                                                             pkey) == 1;
  EVP_PKEY_free(pkey);
  return ok ? CRYPTO_ERRNO_SUCCESS : crypto_failure_errno(CRYPTO_FAILURE_MAC);
}

static crypto_errno md_clone(symmetric_state *copy,
                             const symmetric_state *state) {
  copy->md = EVP_MD_CTX_new();
  if (copy->md == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  if (EVP_MD_CTX_copy_ex(copy->md, state->md) != 1) {
    return crypto_failure_errno(CRYPTO_FAILURE_DIGEST);
  }
  return CRYPTO_ERRNO_SUCCESS;
}

static crypto_errno digest_absorb(symmetric_state *state, const uint8_t *data,
                                  size_t len) {
  if (EVP_DigestUpdate(state->md, data, len) != 1) {
    return crypto_failure_errno(CRYPTO_FAILURE_DIGEST);
  }
  return CRYPTO_ERRNO_SUCCESS;
}

static crypto_errno mac_absorb(symmetric_state *state, const uint8_t *data,
                               size_t len) {
  if (EVP_DigestSignUpdate(state->md, data, len) != 1) {
    return crypto_failure_errno(CRYPTO_FAILURE_MAC);
  }
  return CRYPTO_ERRNO_SUCCESS;
}

static crypto_errno digest_squeeze(symmetric_state *state, uint8_t *out,
                                   size_t len) {
  if (len > state->alg->output_len) {
    return CRYPTO_ERRNO_INVALID_LENGTH;
  }
  uint8_t digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_MD_CTX *final = EVP_MD_CTX_new();
  if (final == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  int ok = EVP_MD_CTX_copy_ex(final, state->md) == 1 &&
           EVP_DigestFinal_ex(final, digest, &digest_len) == 1 &&
           digest_len >= len;
  EVP_MD_CTX_free(final);
  if (ok && len > 0) {
    memcpy(out, digest, len);
  }
  OPENSSL_cleanse(digest, sizeof(digest));
  return ok ? CRYPTO_ERRNO_SUCCESS
            : crypto_failure_errno(CRYPTO_FAILURE_DIGEST);
}

static crypto_errno mac_squeeze_tag(symmetric_state *state, uint8_t *tag,
                                    size_t *len) {
  EVP_MD_CTX *final = EVP_MD_CTX_new();
  if (final == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  *len = EVP_MAX_MD_SIZE;
  int ok = EVP_MD_CTX_copy_ex(final, state->md) == 1 &&
           EVP_DigestSignFinal(final, tag, len) == 1;
  EVP_MD_CTX_free(final);
  return ok ? CRYPTO_ERRNO_SUCCESS : crypto_failure_errno(CRYPTO_FAILURE_MAC);
}

const state_ops digest_state_ops = {
    .open = digest_open,
    .clone = md_clone,
    .absorb = digest_absorb,
    .squeeze = digest_squeeze,
};

const state_ops mac_state_ops = {
    .open = mac_open,
    .clone = md_clone,
    .absorb = mac_absorb,
    .squeeze_tag = mac_squeeze_tag,
};
