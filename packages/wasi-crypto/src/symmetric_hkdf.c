/*
 * HKDF states (RFC 5869) on EVP_PKEY_HKDF.
 *
 * HKDF-EXTRACT/SHA-x: key = IKM; absorb appends to the salt (empty salt =
 *   RFC default); squeeze_key(HKDF-EXPAND/SHA-x) gives the PRK as a key.
 *   The salt is limited to INT_MAX bytes (OpenSSL's int) -> 16 OVERFLOW.
 * HKDF-EXPAND/SHA-x: key = PRK; absorb appends to the info; squeeze(n)
 *   derives n bytes; OpenSSL refuses 0 and more than 255 x hash size -> 8
 *   (error_map.c). The info is limited to 1024 bytes -> 16 OVERFLOW, the
 *   smallest limit among the OpenSSL versions we build with (1.1.1: 1024;
 *   3.x: 32768), so a guest sees the same limit on every target.
 * Cloning is not offered (2), as upstream.
 */
#include "error_map.h"
#include "symmetric_state.h"

#include <openssl/kdf.h>

#include <limits.h>

enum { HKDF_INFO_MAX = 1024 };

static crypto_errno hkdf_open(symmetric_state *state, const symmetric_key *key,
                              const options_object *options) {
  (void)options; /* salt and info come from absorb, as upstream */
  if (!byte_buffer_assign(&state->key, byte_buffer_bytes(&key->raw),
                          key->raw.len)) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  return CRYPTO_ERRNO_SUCCESS;
}

static crypto_errno absorb_up_to(symmetric_state *state, const uint8_t *data,
                                 size_t len, size_t limit) {
  if (len > limit || state->input.len > limit - len) {
    return CRYPTO_ERRNO_OVERFLOW;
  }
  if (!byte_buffer_append(&state->input, data, len)) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  return CRYPTO_ERRNO_SUCCESS;
}

static crypto_errno extract_absorb(symmetric_state *state, const uint8_t *data,
                                   size_t len) {
  return absorb_up_to(state, data, len, INT_MAX);
}

static crypto_errno expand_absorb(symmetric_state *state, const uint8_t *data,
                                  size_t len) {
  return absorb_up_to(state, data, len, HKDF_INFO_MAX);
}

/* Hands the absorbed bytes to OpenSSL as the salt or the info. */
static int set_input(EVP_PKEY_CTX *pctx, int mode, const byte_buffer *input) {
  if (input->len == 0) {
    return 1;
  }
  int len = (int)input->len; /* bounded by absorb_up_to */
  return mode == EVP_PKEY_HKDEF_MODE_EXTRACT_ONLY
             ? EVP_PKEY_CTX_set1_hkdf_salt(pctx, input->data, len)
             : EVP_PKEY_CTX_add1_hkdf_info(pctx, input->data, len);
}

/* One HKDF step: `mode` is extract-only (input = salt) or expand-only
 * (input = info); exactly `len` bytes are written to `out`. */
static crypto_errno hkdf_derive(const symmetric_state *state, int mode,
                                uint8_t *out, size_t len,
                                crypto_failure failure) {
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
  if (pctx == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  size_t written = len;
  int ok = EVP_PKEY_derive_init(pctx) == 1 &&
           EVP_PKEY_CTX_hkdf_mode(pctx, mode) == 1 &&
           EVP_PKEY_CTX_set_hkdf_md(pctx, state->alg->md()) == 1 &&
           EVP_PKEY_CTX_set1_hkdf_key(pctx, byte_buffer_bytes(&state->key),
                                      (int)state->key.len) == 1 &&
           set_input(pctx, mode, &state->input) == 1 &&
           EVP_PKEY_derive(pctx, out, &written) == 1 && written == len;
  EVP_PKEY_CTX_free(pctx);
  return ok ? CRYPTO_ERRNO_SUCCESS : crypto_failure_errno(failure);
}

static crypto_errno extract_squeeze_key(symmetric_state *state,
                                        byte_buffer *key) {
  uint8_t prk[EVP_MAX_MD_SIZE];
  size_t prk_len = state->alg->output_len;
  crypto_errno rc = hkdf_derive(state, EVP_PKEY_HKDEF_MODE_EXTRACT_ONLY, prk,
                                prk_len, CRYPTO_FAILURE_KDF_EXTRACT);
  if (rc == CRYPTO_ERRNO_SUCCESS && !byte_buffer_assign(key, prk, prk_len)) {
    rc = crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  OPENSSL_cleanse(prk, sizeof(prk));
  return rc;
}

static crypto_errno expand_squeeze(symmetric_state *state, uint8_t *out,
                                   size_t len) {
  return hkdf_derive(state, EVP_PKEY_HKDEF_MODE_EXPAND_ONLY, out, len,
                     CRYPTO_FAILURE_KDF_EXPAND);
}

const state_ops hkdf_extract_state_ops = {
    .open = hkdf_open,
    .absorb = extract_absorb,
    .squeeze_key = extract_squeeze_key,
};

const state_ops hkdf_expand_state_ops = {
    .open = hkdf_open,
    .absorb = expand_absorb,
    .squeeze = expand_squeeze,
};
