/*
 * Symmetric states: one running computation of one algorithm. Each kind of
 * algorithm supplies a state_ops row; an operation a kind does not support
 * is a NULL entry, which the host functions answer with the spec's errno.
 *
 * Opening (spec §5.2 symmetric_state_open, §6.1):
 *   hash with a key                    19 KEY_NOT_SUPPORTED
 *   keyed algorithm without a key      20 KEY_REQUIRED
 *   key made for another algorithm     8 INVALID_KEY
 *   AEAD without options               23 NONCE_REQUIRED
 *   AEAD options without a 12-byte nonce  24 INVALID_NONCE
 */
#ifndef WASI_CRYPTO_SYMMETRIC_STATE_H
#define WASI_CRYPTO_SYMMETRIC_STATE_H

#include "byte_buffer.h"
#include "options.h"
#include "symmetric_algorithms.h"
#include "symmetric_key.h"

#include <openssl/evp.h>

#include <stdbool.h>

typedef struct symmetric_state symmetric_state;

typedef struct state_ops {
  /* Prepares a new state; `key` is NULL for hashes, `options` may be NULL
   * (the caller holds its lock). */
  crypto_errno (*open)(symmetric_state *state, const symmetric_key *key,
                       const options_object *options);
  /* Fills `copy` from `state`; NULL: 2 NOT_IMPLEMENTED. */
  crypto_errno (*clone)(symmetric_state *copy, const symmetric_state *state);
  /* The rest: NULL means 22 INVALID_OPERATION. */
  crypto_errno (*absorb)(symmetric_state *state, const uint8_t *data,
                         size_t len);
  crypto_errno (*squeeze)(symmetric_state *state, uint8_t *out, size_t len);
  /* Writes the tag (<= EVP_MAX_MD_SIZE bytes) and its length. */
  crypto_errno (*squeeze_tag)(symmetric_state *state, uint8_t *tag,
                              size_t *len);
  /* Derives the bytes of the key of alg->squeezed_key. */
  crypto_errno (*squeeze_key)(symmetric_state *state, byte_buffer *key);
  /* AEAD: `len` bytes in -> `len` bytes out; the tag is written (encrypt)
   * or checked (decrypt). */
  crypto_errno (*encrypt)(symmetric_state *state, uint8_t *out,
                          const uint8_t *in, size_t len,
                          uint8_t tag[AEAD_TAG_LEN]);
  crypto_errno (*decrypt)(symmetric_state *state, uint8_t *out,
                          const uint8_t *in, size_t len,
                          const uint8_t tag[AEAD_TAG_LEN]);
} state_ops;

struct symmetric_state {
  crypto_object base;
  const symmetric_algorithm *alg;
  const state_ops *ops;
  EVP_MD_CTX *md;    /* hash and HMAC: the running digest */
  byte_buffer key;   /* HKDF: IKM or PRK; AEAD: the key (wiped) */
  byte_buffer input; /* HKDF: salt or info; AEAD: additional data (wiped) */
  uint8_t nonce[AEAD_NONCE_LEN];
  bool finished; /* AEAD: its one encryption or decryption has run */
};

extern const state_ops digest_state_ops;       /* symmetric_digest.c */
extern const state_ops mac_state_ops;          /* symmetric_digest.c */
extern const state_ops hkdf_extract_state_ops; /* symmetric_hkdf.c */
extern const state_ops hkdf_expand_state_ops;  /* symmetric_hkdf.c */
extern const state_ops aead_state_ops;         /* symmetric_aead.c */

/* A new state, by the rules above. `key` and `options` may be NULL. */
crypto_errno symmetric_state_new(const symmetric_algorithm *alg,
                                 const symmetric_key *key,
                                 const options_object *options,
                                 symmetric_state **out);

/* A copy of a running state (the caller holds its lock). */
crypto_errno symmetric_state_new_copy(const symmetric_state *state,
                                      symmetric_state **out);

/* Destroys a state that was never published. */
void symmetric_state_discard(symmetric_state *state);

#endif /* WASI_CRYPTO_SYMMETRIC_STATE_H */
