/* Asymmetric key objects: creation, generation, checks (asymmetric_key.h). */
#include "asymmetric_key.h"

#include "error_map.h"
#include "guest_io.h"

#include <openssl/core_names.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <stdlib.h>
#include <string.h>

static void asymmetric_key_destroy(crypto_object *object) {
  asymmetric_key *key = (asymmetric_key *)object;
  EVP_PKEY_free(key->pkey);
  crypto_object_fini(object);
  free(key);
}

crypto_errno asymmetric_key_publish(crypto_context *context, handle_kind kind,
                                    const asymmetric_algorithm *alg,
                                    EVP_PKEY *pkey, uint32_t *handle) {
  asymmetric_key *key = calloc(1, sizeof(*key));
  if (key == NULL) {
    EVP_PKEY_free(pkey);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  if (!crypto_object_init(&key->base, kind, asymmetric_key_destroy)) {
    free(key);
    EVP_PKEY_free(pkey);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  key->alg = alg;
  key->pkey = pkey;
  return crypto_context_publish(context, &key->base, handle);
}

crypto_errno asymmetric_key_generate(const asymmetric_algorithm *alg,
                                     EVP_PKEY **out) {
  *out = NULL;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, alg->key_type, NULL);
  bool ok = ctx != NULL && EVP_PKEY_keygen_init(ctx) == 1;
  if (ok && alg->group != NULL) {
    ok = EVP_PKEY_CTX_set_group_name(ctx, alg->group) == 1;
  }
  if (ok && alg->rsa_bits != 0) {
    /* The public exponent stays OpenSSL's default, 65537. */
    ok = EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, (int)alg->rsa_bits) == 1;
  }
  ok = ok && EVP_PKEY_keygen(ctx, out) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok) {
    EVP_PKEY_free(*out);
    *out = NULL;
    return crypto_failure_errno(CRYPTO_FAILURE_KEYGEN);
  }
  return CRYPTO_ERRNO_SUCCESS;
}

/* Whether the key's type is the algorithm's. RSA-PSS keys (id-RSASSA-PSS)
 * are accepted for the PSS algorithms as well as plain RSA keys. */
static bool type_fits(const asymmetric_algorithm *alg, const EVP_PKEY *pkey) {
  if (EVP_PKEY_is_a(pkey, alg->key_type)) {
    return true;
  }
  return alg->scheme == SCHEME_RSA_PSS && EVP_PKEY_is_a(pkey, "RSA-PSS");
}

crypto_errno asymmetric_key_check(const asymmetric_algorithm *alg,
                                  const EVP_PKEY *pkey) {
  bool ok = type_fits(alg, pkey);
  if (ok && alg->group != NULL) {
    char group[64];
    size_t len = 0;
    ok = EVP_PKEY_get_group_name(pkey, group, sizeof(group), &len) == 1 &&
         strcmp(group, alg->group) == 0;
  }
  if (ok && alg->rsa_bits != 0) {
    ok = EVP_PKEY_get_bits(pkey) == (int)alg->rsa_bits;
  }
  if (!ok) {
    /* A key that decoded but is not this algorithm's: no OpenSSL error to
     * map, but the queue may hold the group lookup's. */
    (void)crypto_failure_errno(CRYPTO_FAILURE_KEY_DECODE);
    return CRYPTO_ERRNO_INVALID_KEY;
  }
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno asymmetric_key_public_copy(const EVP_PKEY *pkey, EVP_PKEY **out) {
  /* Through SubjectPublicKeyInfo: the one representation every key type
   * has, and it carries no private part. */
  unsigned char *der = NULL;
  int len = i2d_PUBKEY(pkey, &der);
  if (len <= 0) {
    return crypto_failure_errno(CRYPTO_FAILURE_KEY_ENCODE);
  }
  const unsigned char *p = der;
  *out = d2i_PUBKEY(NULL, &p, len);
  OPENSSL_free(der);
  if (*out == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_KEY_ENCODE);
  }
  return CRYPTO_ERRNO_SUCCESS;
}

static crypto_errno acquire(crypto_context *context, handle_kind kind,
                            bool any, uint32_t algorithm_type,
                            uint32_t handle, asymmetric_key **key) {
  crypto_object *object;
  RETURN_IF_FAILED(crypto_context_acquire(context, kind, handle, &object));
  asymmetric_key *found = (asymmetric_key *)object;
  if (!any && found->alg->algorithm_type != algorithm_type) {
    crypto_context_put(context, object);
    return CRYPTO_ERRNO_INVALID_HANDLE;
  }
  *key = found;
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno asymmetric_key_acquire(crypto_context *context, handle_kind kind,
                                    uint32_t algorithm_type, uint32_t handle,
                                    asymmetric_key **key) {
  return acquire(context, kind, false, algorithm_type, handle, key);
}

crypto_errno asymmetric_key_acquire_any(crypto_context *context,
                                        handle_kind kind, uint32_t handle,
                                        asymmetric_key **key) {
  return acquire(context, kind, true, 0, handle, key);
}
