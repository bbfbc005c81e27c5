/* Sign and verification states on EVP_DigestSign/Verify
 * (signature_state.h). */
#include "signature_state.h"

#include "error_map.h"

#include <openssl/rsa.h>

#include <limits.h>
#include <stdlib.h>

static void signature_state_destroy(crypto_object *object) {
  signature_state *state = (signature_state *)object;
  EVP_MD_CTX_free(state->md);
  EVP_PKEY_free(state->pkey);
  byte_buffer_wipe(&state->message);
  crypto_object_fini(object);
  free(state);
}

/* RSA padding on a freshly initialised sign/verify context. */
static bool set_padding(const asymmetric_algorithm *alg, EVP_PKEY_CTX *pctx,
                        bool verify) {
  if (alg->scheme == SCHEME_RSA_PKCS1) {
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
  }
  if (alg->scheme != SCHEME_RSA_PSS) {
    return true;
  }
  int salt = verify ? RSA_PSS_SALTLEN_AUTO : RSA_PSS_SALTLEN_DIGEST;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt) == 1;
}

/* A digest-sign/verify context over `pkey` (NULL digest for EdDSA). */
static EVP_MD_CTX *open_context(const asymmetric_algorithm *alg,
                                EVP_PKEY *pkey, bool verify) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = NULL;
  bool ok = md != NULL &&
            (verify ? EVP_DigestVerifyInit_ex(md, &pctx, alg->digest, NULL,
                                              NULL, pkey, NULL)
                    : EVP_DigestSignInit_ex(md, &pctx, alg->digest, NULL,
                                            NULL, pkey, NULL)) == 1 &&
            set_padding(alg, pctx, verify);
  if (!ok) {
    EVP_MD_CTX_free(md);
    return NULL;
  }
  return md;
}

crypto_errno signature_state_new(const asymmetric_key *key, bool verify,
                                 signature_state **out) {
  signature_state *state = calloc(1, sizeof(*state));
  if (state == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  handle_kind kind = verify ? HANDLE_KIND_SIGNATURE_VERIFICATION_STATE
                            : HANDLE_KIND_SIGNATURE_STATE;
  if (!crypto_object_init(&state->base, kind, signature_state_destroy)) {
    free(state);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  state->alg = key->alg;
  if (EVP_PKEY_up_ref(key->pkey) != 1) {
    signature_state_destroy(&state->base);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  state->pkey = key->pkey;
  if (key->alg->scheme != SCHEME_EDDSA) {
    state->md = open_context(key->alg, key->pkey, verify);
    if (state->md == NULL) {
      signature_state_destroy(&state->base);
      return crypto_failure_errno(CRYPTO_FAILURE_SIGN);
    }
  }
  *out = state;
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno signature_state_absorb(signature_state *state,
                                    const uint8_t *data, size_t len) {
  if (state->md == NULL) {
    if (len > SIGNATURE_MESSAGE_MAX - state->message.len) {
      return CRYPTO_ERRNO_OVERFLOW;
    }
    return byte_buffer_append(&state->message, data, len)
               ? CRYPTO_ERRNO_SUCCESS
               : crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  bool verify = state->base.kind == HANDLE_KIND_SIGNATURE_VERIFICATION_STATE;
  int ok = verify ? EVP_DigestVerifyUpdate(state->md, data, len)
                  : EVP_DigestSignUpdate(state->md, data, len);
  return ok == 1 ? CRYPTO_ERRNO_SUCCESS
                 : crypto_failure_errno(verify ? CRYPTO_FAILURE_DIGEST
                                               : CRYPTO_FAILURE_SIGN);
}

/* A one-shot EdDSA context, or a copy of the running one (finishing a
 * copy keeps the state usable). */
static EVP_MD_CTX *context_to_finish(signature_state *state, bool verify) {
  if (state->md == NULL) {
    return open_context(state->alg, state->pkey, verify);
  }
  EVP_MD_CTX *copy = EVP_MD_CTX_new();
  if (copy != NULL && EVP_MD_CTX_copy_ex(copy, state->md) != 1) {
    EVP_MD_CTX_free(copy);
    copy = NULL;
  }
  return copy;
}

crypto_errno signature_state_finish_sign(signature_state *state,
                                         byte_buffer *out) {
  EVP_MD_CTX *ctx = context_to_finish(state, false);
  size_t len = 0;
  unsigned char *sig = NULL;
  bool eddsa = state->md == NULL;
  const uint8_t *msg = byte_buffer_bytes(&state->message);
  size_t msg_len = state->message.len;
  bool ok = ctx != NULL &&
            (eddsa ? EVP_DigestSign(ctx, NULL, &len, msg, msg_len)
                   : EVP_DigestSignFinal(ctx, NULL, &len)) == 1 &&
            (sig = OPENSSL_malloc(len)) != NULL &&
            (eddsa ? EVP_DigestSign(ctx, sig, &len, msg, msg_len)
                   : EVP_DigestSignFinal(ctx, sig, &len)) == 1 &&
            byte_buffer_assign(out, sig, len);
  OPENSSL_free(sig);
  EVP_MD_CTX_free(ctx);
  return ok ? CRYPTO_ERRNO_SUCCESS
            : crypto_failure_errno(CRYPTO_FAILURE_SIGN);
}

crypto_errno signature_state_finish_verify(signature_state *state,
                                           const signature_object *signature) {
  if (signature->alg != state->alg) {
    return CRYPTO_ERRNO_INVALID_SIGNATURE;
  }
  EVP_MD_CTX *ctx = context_to_finish(state, true);
  if (ctx == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  const uint8_t *sig = byte_buffer_bytes(&signature->bytes);
  size_t sig_len = signature->bytes.len;
  int ok = state->md == NULL
               ? EVP_DigestVerify(ctx, sig, sig_len,
                                  byte_buffer_bytes(&state->message),
                                  state->message.len)
               : EVP_DigestVerifyFinal(ctx, sig, sig_len);
  EVP_MD_CTX_free(ctx);
  return ok == 1 ? CRYPTO_ERRNO_SUCCESS
                 : crypto_failure_errno(CRYPTO_FAILURE_VERIFY);
}
