/*
 * The publickey_* and secretkey_* imports, and the import/export steps the
 * three key kinds share. Order of checks: guest ranges (12), algorithm
 * (22, 6), handles (15), encoding (5), then the key's own rules (8).
 */
#include "asymmetric_functions.h"

#include "array_output.h"
#include "error_map.h"

static const handle_kind PART_KINDS[] = {
    [KEY_PART_PAIR] = HANDLE_KIND_KEYPAIR,
    [KEY_PART_PUBLIC] = HANDLE_KIND_PUBLICKEY,
    [KEY_PART_SECRET] = HANDLE_KIND_SECRETKEY,
};

handle_kind key_part_kind(key_part part) { return PART_KINDS[part]; }

crypto_errno import_key(const crypto_call *call, key_part part) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(alg_type);
  WPL_ARG_U32(alg_ptr);
  WPL_ARG_U32(alg_len);
  WPL_ARG_U32(encoded_ptr);
  WPL_ARG_U32(encoded_len);
  WPL_ARG_U32(encoding);
  WPL_ARG_U32(out_ptr);
  const uint8_t *name, *encoded;
  uint8_t *slot;
  RETURN_IF_FAILED(guest_input(call, alg_ptr, alg_len, &name));
  RETURN_IF_FAILED(guest_input(call, encoded_ptr, encoded_len, &encoded));
  RETURN_IF_FAILED(guest_u32_slot(call, out_ptr, &slot));
  const asymmetric_algorithm *alg;
  RETURN_IF_FAILED(asymmetric_algorithm_find(alg_type, name, alg_len, &alg));
  key_encoding resolved;
  RETURN_IF_FAILED(key_encoding_resolve(alg, part, encoding, &resolved));
  EVP_PKEY *pkey;
  RETURN_IF_FAILED(
      key_decode(alg, part, resolved, encoded, encoded_len, &pkey));
  uint32_t handle;
  RETURN_IF_FAILED(asymmetric_key_publish(call->context, key_part_kind(part),
                                          alg, pkey, &handle));
  store_u32(slot, handle);
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno export_key(const crypto_call *call, key_part part) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(key_handle);
  WPL_ARG_U32(encoding);
  WPL_ARG_U32(array_output_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, array_output_ptr, &slot));
  asymmetric_key *key;
  RETURN_IF_FAILED(asymmetric_key_acquire_any(
      call->context, key_part_kind(part), key_handle, &key));
  key_encoding resolved;
  byte_buffer encoded = {0};
  uint32_t handle = 0;
  crypto_errno rc = key_encoding_resolve(key->alg, part, encoding, &resolved);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = key_encode(key->alg, part, resolved, key->pkey, &encoded);
  }
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = array_output_publish(call->context, byte_buffer_bytes(&encoded),
                              encoded.len, &handle);
  }
  byte_buffer_wipe(&encoded);
  crypto_context_put(call->context, &key->base);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(slot, handle);
  }
  return rc;
}

CRYPTO_FUNCTION(publickey_import) { return import_key(call, KEY_PART_PUBLIC); }

CRYPTO_FUNCTION(publickey_export) { return export_key(call, KEY_PART_PUBLIC); }

/* Runs OpenSSL's public-key check on every algorithm (upstream: RSA only,
 * 2 for the others). */
CRYPTO_FUNCTION(publickey_verify) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(pk);
  asymmetric_key *key;
  RETURN_IF_FAILED(asymmetric_key_acquire_any(
      call->context, HANDLE_KIND_PUBLICKEY, pk, &key));
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL);
  crypto_errno rc = CRYPTO_ERRNO_SUCCESS;
  if (ctx == NULL) {
    rc = crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  } else if (EVP_PKEY_public_check(ctx) != 1) {
    rc = crypto_failure_errno(CRYPTO_FAILURE_KEY_CHECK);
  }
  EVP_PKEY_CTX_free(ctx);
  crypto_context_put(call->context, &key->base);
  return rc;
}

/* Publishes the public half of the key `handle` of `kind` at `out_ptr`. */
crypto_errno publish_public_half(const crypto_call *call, handle_kind kind,
                                 uint32_t handle, uint32_t out_ptr) {
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, out_ptr, &slot));
  asymmetric_key *key;
  RETURN_IF_FAILED(
      asymmetric_key_acquire_any(call->context, kind, handle, &key));
  EVP_PKEY *pub;
  crypto_errno rc = asymmetric_key_public_copy(key->pkey, &pub);
  uint32_t out = 0;
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = asymmetric_key_publish(call->context, HANDLE_KIND_PUBLICKEY,
                                key->alg, pub, &out);
  }
  crypto_context_put(call->context, &key->base);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(slot, out);
  }
  return rc;
}

CRYPTO_FUNCTION(publickey_from_secretkey) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(sk);
  WPL_ARG_U32(pk_ptr);
  return publish_public_half(call, HANDLE_KIND_SECRETKEY, sk, pk_ptr);
}

CRYPTO_FUNCTION(publickey_close) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(pk);
  return crypto_context_close(call->context, HANDLE_KIND_PUBLICKEY, pk);
}

CRYPTO_FUNCTION(secretkey_import) { return import_key(call, KEY_PART_SECRET); }

CRYPTO_FUNCTION(secretkey_export) { return export_key(call, KEY_PART_SECRET); }

CRYPTO_FUNCTION(secretkey_close) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(sk);
  return crypto_context_close(call->context, HANDLE_KIND_SECRETKEY, sk);
}
