/*
 * AEAD states: AES-128-GCM, AES-256-GCM, CHACHA20-POLY1305, 12-byte nonce,
 * 16-byte tag.
 *
 * open:    key of exactly key_len bytes (8), options with a 12-byte nonce
 *          (no options 23, no or wrong nonce 24); key and nonce are copied.
 * absorb:  additional data, buffered until the operation (at most INT_MAX
 *          bytes in all, else 16 OVERFLOW).
 * encrypt / decrypt: one per state. The nonce is fixed when the state is
 *          opened, and a second message under the same key and nonce
 *          breaks GCM and Poly1305, so after the first encryption or
 *          decryption (successful or not) absorb, encrypt and decrypt are
 *          22 INVALID_OPERATION; open a new state with a new nonce. Each
 *          operation runs on a fresh EVP_CIPHER_CTX: key, nonce, all the
 *          additional data, the data, then the tag.
 * decrypt: the tag is checked over its full 16 bytes by OpenSSL's final
 *          step (constant time); a mismatch is 21 INVALID_TAG. The caller
 *          decrypts into host memory and wipes it on failure.
 * Cloning is refused (2): a copy would encrypt under the same nonce.
 */
#include "error_map.h"
#include "symmetric_state.h"

#include <limits.h>
#include <string.h>

/* EVP_CipherUpdate takes an int length: feed at most this much at once. */
enum { CIPHER_CHUNK = 1 << 30 };

static crypto_errno aead_open(symmetric_state *state, const symmetric_key *key,
                              const options_object *options) {
  if (key->raw.len != state->alg->key_len) {
    return CRYPTO_ERRNO_INVALID_KEY;
  }
  if (options == NULL) {
    return CRYPTO_ERRNO_NONCE_REQUIRED;
  }
  const byte_buffer *nonce = &options->bytes[OPTION_NONCE];
  if (!options->bytes_set[OPTION_NONCE] || nonce->len != AEAD_NONCE_LEN) {
    return CRYPTO_ERRNO_INVALID_NONCE;
  }
  if (!byte_buffer_assign(&state->key, key->raw.data, key->raw.len)) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  memcpy(state->nonce, nonce->data, AEAD_NONCE_LEN);
  return CRYPTO_ERRNO_SUCCESS;
}

static crypto_errno aead_absorb(symmetric_state *state, const uint8_t *data,
                                size_t len) {
  if (state->finished) {
    return CRYPTO_ERRNO_INVALID_OPERATION;
  }
  if (len > INT_MAX || state->input.len > (size_t)INT_MAX - len) {
    return CRYPTO_ERRNO_OVERFLOW;
  }
  if (!byte_buffer_append(&state->input, data, len)) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  return CRYPTO_ERRNO_SUCCESS;
}

/* Runs `in` through the cipher in int-sized chunks; out may be NULL (AAD). */
static int cipher_update(EVP_CIPHER_CTX *cipher, uint8_t *out,
                         const uint8_t *in, size_t len) {
  for (size_t done = 0; done < len;) {
    int chunk = len - done > CIPHER_CHUNK ? CIPHER_CHUNK : (int)(len - done);
    int written = 0;
    if (EVP_CipherUpdate(cipher, out == NULL ? NULL : out + done, &written,
                         in + done, chunk) != 1) {
      return 0;
    }
    done += (size_t)chunk;
  }
  return 1;
}

/* Key, nonce and direction, then the additional data. */
static int cipher_start(const symmetric_state *state, EVP_CIPHER_CTX *cipher,
                        int encrypting) {
  return EVP_CipherInit_ex(cipher, state->alg->cipher(), NULL, NULL, NULL,
                           encrypting) == 1 &&
         EVP_CIPHER_CTX_ctrl(cipher, EVP_CTRL_AEAD_SET_IVLEN, AEAD_NONCE_LEN,
                             NULL) == 1 &&
         EVP_CipherInit_ex(cipher, NULL, NULL, state->key.data, state->nonce,
                           encrypting) == 1 &&
         cipher_update(cipher, NULL, byte_buffer_bytes(&state->input),
                       state->input.len) == 1;
}

/* One encryption or decryption per state: marks the state finished and
 * hands out a fresh cipher context (the caller frees it). */
static crypto_errno begin_crypt(symmetric_state *state,
                                EVP_CIPHER_CTX **cipher) {
  if (state->finished) {
    return CRYPTO_ERRNO_INVALID_OPERATION;
  }
  state->finished = true;
  *cipher = EVP_CIPHER_CTX_new();
  return *cipher != NULL ? CRYPTO_ERRNO_SUCCESS
                         : crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
}

static crypto_errno aead_encrypt(symmetric_state *state, uint8_t *out,
                                 const uint8_t *in, size_t len,
                                 uint8_t tag[AEAD_TAG_LEN]) {
  EVP_CIPHER_CTX *cipher;
  crypto_errno begun = begin_crypt(state, &cipher);
  if (begun != CRYPTO_ERRNO_SUCCESS) {
    return begun;
  }
  int written = 0;
  int ok = cipher_start(state, cipher, 1) &&
           cipher_update(cipher, out, in, len) &&
           EVP_CipherFinal_ex(cipher, out + len, &written) == 1 &&
           EVP_CIPHER_CTX_ctrl(cipher, EVP_CTRL_AEAD_GET_TAG, AEAD_TAG_LEN,
                               tag) == 1;
  EVP_CIPHER_CTX_free(cipher);
  return ok ? CRYPTO_ERRNO_SUCCESS
            : crypto_failure_errno(CRYPTO_FAILURE_CIPHER);
}

static crypto_errno aead_decrypt(symmetric_state *state, uint8_t *out,
                                 const uint8_t *in, size_t len,
                                 const uint8_t tag[AEAD_TAG_LEN]) {
  EVP_CIPHER_CTX *cipher;
  crypto_errno begun = begin_crypt(state, &cipher);
  if (begun != CRYPTO_ERRNO_SUCCESS) {
    return begun;
  }
  uint8_t expected[AEAD_TAG_LEN];
  memcpy(expected, tag, AEAD_TAG_LEN); /* OpenSSL wants a mutable pointer */
  int written = 0;
  crypto_failure failure = CRYPTO_FAILURE_CIPHER;
  int ok = cipher_start(state, cipher, 0) &&
           cipher_update(cipher, out, in, len) &&
           EVP_CIPHER_CTX_ctrl(cipher, EVP_CTRL_AEAD_SET_TAG, AEAD_TAG_LEN,
                               expected) == 1;
  if (ok) {
    failure = CRYPTO_FAILURE_AEAD_OPEN;
    ok = EVP_CipherFinal_ex(cipher, out + len, &written) == 1;
  }
  EVP_CIPHER_CTX_free(cipher);
  return ok ? CRYPTO_ERRNO_SUCCESS : crypto_failure_errno(failure);
}

const state_ops aead_state_ops = {
    .open = aead_open,
    .absorb = aead_absorb,
    .encrypt = aead_encrypt,
    .decrypt = aead_decrypt,
};
