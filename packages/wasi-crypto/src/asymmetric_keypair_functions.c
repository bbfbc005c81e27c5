/*
 * The keypair_* imports, including the managed ones (no secrets manager
 * exists: they check their guest ranges, then answer 2). Order of checks:
 * guest ranges (12), algorithm (22, 6), handles (15), encoding (5), then
 * the key's own rules (8).
 */
#include "asymmetric_functions.h"

#include "options.h"

CRYPTO_FUNCTION(keypair_generate) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(alg_type);
  WPL_ARG_U32(alg_ptr);
  WPL_ARG_U32(alg_len);
  WPL_ARG_U32(opt_options_ptr);
  WPL_ARG_U32(kp_ptr);
  const uint8_t *name;
  bool has_options;
  uint32_t options_handle;
  uint8_t *slot;
  RETURN_IF_FAILED(guest_input(call, alg_ptr, alg_len, &name));
  RETURN_IF_FAILED(guest_optional_handle(call, opt_options_ptr, &has_options,
                                         &options_handle));
  RETURN_IF_FAILED(guest_u32_slot(call, kp_ptr, &slot));
  const asymmetric_algorithm *alg;
  RETURN_IF_FAILED(asymmetric_algorithm_find(alg_type, name, alg_len, &alg));
  options_object *options;
  RETURN_IF_FAILED(options_acquire(call->context, has_options, options_handle,
                                   alg->algorithm_type, &options));
  /* No signature or key-exchange option exists: the set is only checked. */
  crypto_context_put(call->context, options ? &options->base : NULL);
  EVP_PKEY *pkey;
  RETURN_IF_FAILED(asymmetric_key_generate(alg, &pkey));
  uint32_t handle;
  RETURN_IF_FAILED(asymmetric_key_publish(call->context, HANDLE_KIND_KEYPAIR,
                                          alg, pkey, &handle));
  store_u32(slot, handle);
  return CRYPTO_ERRNO_SUCCESS;
}

CRYPTO_FUNCTION(keypair_import) { return import_key(call, KEY_PART_PAIR); }

CRYPTO_FUNCTION(keypair_generate_managed) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(secrets_manager);
  WPL_ARG_U32(alg_type);
  WPL_ARG_U32(alg_ptr);
  WPL_ARG_U32(alg_len);
  WPL_ARG_U32(opt_options_ptr);
  WPL_ARG_U32(kp_ptr);
  (void)secrets_manager, (void)alg_type;
  const uint8_t *name;
  bool has_options;
  uint32_t options_handle;
  uint8_t *slot;
  RETURN_IF_FAILED(guest_input(call, alg_ptr, alg_len, &name));
  RETURN_IF_FAILED(guest_optional_handle(call, opt_options_ptr, &has_options,
                                         &options_handle));
  RETURN_IF_FAILED(guest_u32_slot(call, kp_ptr, &slot));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

CRYPTO_FUNCTION(keypair_store_managed) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(secrets_manager);
  WPL_ARG_U32(kp);
  WPL_ARG_U32(kp_id_ptr);
  WPL_ARG_U32(kp_id_max_len);
  (void)secrets_manager, (void)kp;
  uint8_t *kp_id;
  RETURN_IF_FAILED(guest_output(call, kp_id_ptr, kp_id_max_len, &kp_id));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

CRYPTO_FUNCTION(keypair_replace_managed) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(secrets_manager);
  WPL_ARG_U32(old_kp);
  WPL_ARG_U32(new_kp);
  WPL_ARG_U32(version_ptr);
  (void)secrets_manager, (void)old_kp, (void)new_kp;
  uint8_t *version;
  RETURN_IF_FAILED(guest_u64_slot(call, version_ptr, &version));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

CRYPTO_FUNCTION(keypair_id) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(kp);
  WPL_ARG_U32(kp_id_ptr);
  WPL_ARG_U32(kp_id_max_len);
  WPL_ARG_U32(size_ptr);
  WPL_ARG_U32(version_ptr);
  (void)kp;
  uint8_t *kp_id, *size, *version;
  RETURN_IF_FAILED(guest_output(call, kp_id_ptr, kp_id_max_len, &kp_id));
  RETURN_IF_FAILED(guest_u32_slot(call, size_ptr, &size));
  RETURN_IF_FAILED(guest_u64_slot(call, version_ptr, &version));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

CRYPTO_FUNCTION(keypair_from_id) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(secrets_manager);
  WPL_ARG_U32(kp_id_ptr);
  WPL_ARG_U32(kp_id_len);
  WPL_ARG_U64(version);
  WPL_ARG_U32(kp_ptr);
  (void)secrets_manager, (void)version;
  const uint8_t *kp_id;
  uint8_t *slot;
  RETURN_IF_FAILED(guest_input(call, kp_id_ptr, kp_id_len, &kp_id));
  RETURN_IF_FAILED(guest_u32_slot(call, kp_ptr, &slot));
  return CRYPTO_ERRNO_NOT_IMPLEMENTED;
}

/* As upstream: both handles are looked up and must be of one algorithm,
 * then 2 for every algorithm. */
CRYPTO_FUNCTION(keypair_from_pk_and_sk) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(pk);
  WPL_ARG_U32(sk);
  WPL_ARG_U32(kp_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, kp_ptr, &slot));
  asymmetric_key *public_key, *secret_key;
  RETURN_IF_FAILED(asymmetric_key_acquire_any(
      call->context, HANDLE_KIND_PUBLICKEY, pk, &public_key));
  crypto_errno rc = asymmetric_key_acquire_any(
      call->context, HANDLE_KIND_SECRETKEY, sk, &secret_key);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    rc = public_key->alg == secret_key->alg ? CRYPTO_ERRNO_NOT_IMPLEMENTED
                                            : CRYPTO_ERRNO_INVALID_KEY;
    crypto_context_put(call->context, &secret_key->base);
  }
  crypto_context_put(call->context, &public_key->base);
  return rc;
}

CRYPTO_FUNCTION(keypair_export) { return export_key(call, KEY_PART_PAIR); }

CRYPTO_FUNCTION(keypair_publickey) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(kp);
  WPL_ARG_U32(pk_ptr);
  return publish_public_half(call, HANDLE_KIND_KEYPAIR, kp, pk_ptr);
}

/* The secret key shares the pair's immutable OpenSSL key (one more
 * reference), so closing either leaves the other intact. */
CRYPTO_FUNCTION(keypair_secretkey) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(kp);
  WPL_ARG_U32(sk_ptr);
  uint8_t *slot;
  RETURN_IF_FAILED(guest_u32_slot(call, sk_ptr, &slot));
  asymmetric_key *pair;
  RETURN_IF_FAILED(asymmetric_key_acquire_any(
      call->context, HANDLE_KIND_KEYPAIR, kp, &pair));
  crypto_errno rc = CRYPTO_ERRNO_SUCCESS;
  uint32_t handle = 0;
  if (EVP_PKEY_up_ref(pair->pkey) != 1) {
    rc = CRYPTO_ERRNO_ALGORITHM_FAILURE;
  } else {
    rc = asymmetric_key_publish(call->context, HANDLE_KIND_SECRETKEY,
                                pair->alg, pair->pkey, &handle);
  }
  crypto_context_put(call->context, &pair->base);
  if (rc == CRYPTO_ERRNO_SUCCESS) {
    store_u32(slot, handle);
  }
  return rc;
}

CRYPTO_FUNCTION(keypair_close) {
  WPL_ARGS(call->params);
  WPL_ARG_U32(kp);
  return crypto_context_close(call->context, HANDLE_KIND_KEYPAIR, kp);
}
