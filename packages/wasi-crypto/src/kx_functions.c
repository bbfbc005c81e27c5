/*
 * The wasi_ephemeral_crypto_kx imports: Diffie-Hellman on X25519, P-256
 * and P-384 through EVP_PKEY_derive (the whole shared secret: 32, 32 and
 * 48 bytes), and the KEM functions, which no algorithm implements.
 */
#include "kx_functions.h"

#include "array_output.h"
#include "asymmetric_key.h"
#include "error_map.h"
#include "guest_io.h"
#include "options.h"

enum { MAX_SHARED_SECRET = 48 };

/* The shared secret of `secret` and `peer` into `out` (wiped by the
 * caller); a derivation OpenSSL refuses (an all-zero X25519 result from a
 * low-order point) -> 8. */
static crypto_errno derive(EVP_PKEY *secret, EVP_PKEY *peer, uint8_t *out,
                           size_t *len) {
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, secret, NULL);
  bool ok = ctx != NULL && EVP_PKEY_derive_init(ctx) == 1 &&
            EVP_PKEY_derive_set_peer(ctx, peer) == 1 &&
            EVP_PKEY_derive(ctx, NULL, len) == 1 &&
            *len <= MAX_SHARED_SECRET && EVP_PKEY_derive(ctx, out, len) == 1;
  EVP_PKEY_CTX_free(ctx);
  return ok ? CRYPTO_ERRNO_SUCCESS
            : crypto_failure_errno(CRYPTO_FAILURE_DERIVE);
}

CRYPTO_FUNCTION(kx_dh) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(pk);
  WPL_ARG_U32(sk);
  WPL_ARG_U32(shared_secret_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, shared_secret_ptr, &slot));
  asymmetric_key *public_key, *secret_key;
  RETURN_IF_FAILED(
      asymmetric_key_acquire(call->context, HANDLE_KIND_PUBLICKEY,
                             ALGORITHM_TYPE_KEY_EXCHANGE, pk, &public_key));
  crypto_errno rc =
      asymmetric_key_acquire(call->context, HANDLE_KIND_SECRETKEY,
                             ALGORITHM_TYPE_KEY_EXCHANGE, sk, &secret_key);
  if (rc != CRYPTO_ERRNO_SUCCESS) {
    crypto_context_put(call->context, &public_key->base);
    return rc;
  }
  uint8_t shared[MAX_SHARED_SECRET];
  size_t len = 0;
  uint32_t handle = 0;
  rc = public_key->alg != secret_key->alg
           ? CRYPTO_ERRNO_INVALID_KEY
           : derive(secret_key->pkey, public_key->pkey, shared, &len);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = array_output_publish(call->context, shared, len, &handle);
  }
  OPENSSL_cleanse(shared, sizeof(shared));
  crypto_context_put(call->context, &secret_key->base);
  crypto_context_put(call->context, &public_key->base);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(slot, handle);
  }
  return rc;
}

CRYPTO_FUNCTION(kx_encapsulate) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(pk);
  WPL_ARG_U32(secret_ptr);
  WPL_ARG_U32(encapsulated_secret_ptr);
  (void)pk;
  uint8_t *secret, *encapsulated;
  RETURN_IF_FAILED(guest_u32_slot(call, secret_ptr, &secret));
  RETURN_IF_FAILED(guest_u32_slot(call, encapsulated_secret_ptr, &encapsulated));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

CRYPTO_FUNCTION(kx_decapsulate) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(sk);
  WPL_ARG_U32(encapsulated_ptr);
  WPL_ARG_U32(encapsulated_len);
  WPL_ARG_U32(secret_ptr);
  (void)sk;
  const uint8_t *encapsulated;
  uint8_t *secret;
  RETURN_IF_FAILED(
      guest_input(call, encapsulated_ptr, encapsulated_len, &encapsulated));
  RETURN_IF_FAILED(guest_u32_slot(call, secret_ptr, &secret));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}
