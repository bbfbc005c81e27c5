/*
 * Raw and SEC key forms (key_encoding.h): EC scalars and points through
 * OpenSSL's EC_GROUP/EC_POINT arithmetic and EVP_PKEY_fromdata, OKP keys
 * through EVP_PKEY_new_raw_*. Stack copies of secrets are wiped.
 */
#include "key_encoding.h"

#include "error_map.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>

#include <string.h>

enum { MAX_SCALAR = 48, MAX_POINT = 1 + 2 * MAX_SCALAR, OKP_LEN = 32 };

static EC_GROUP *group_of(const asymmetric_algorithm *alg) {
  return EC_GROUP_new_by_curve_name(OBJ_sn2nid(alg->group));
}

/* An EC key from its parts (`priv` may be NULL for a public key). */
static EVP_PKEY *ec_from_parts(const asymmetric_algorithm *alg,
                               const BIGNUM *priv, const uint8_t *point,
                               size_t point_len) {
  EVP_PKEY *pkey = NULL;
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM *params = NULL;
  bool ok = bld != NULL &&
            OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
                                            alg->group, 0) == 1 &&
            OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
                                             point, point_len) == 1 &&
            (priv == NULL || OSSL_PARAM_BLD_push_BN(
                                 bld, OSSL_PKEY_PARAM_PRIV_KEY, priv) == 1) &&
            (params = OSSL_PARAM_BLD_to_param(bld)) != NULL;
  EVP_PKEY_CTX *ctx = ok ? EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL) : NULL;
  if (ctx != NULL && EVP_PKEY_fromdata_init(ctx) == 1) {
    int selection = priv != NULL ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
    if (EVP_PKEY_fromdata(ctx, &pkey, selection, params) != 1) {
      pkey = NULL;
    }
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params); /* a secure BN's copy is cleared with it */
  OSSL_PARAM_BLD_free(bld);
  return pkey;
}

/* An EC key pair from a big-endian scalar of exactly the curve's size,
 * 0 < d < order; the public point is computed. */
static crypto_errno ec_from_scalar(const asymmetric_algorithm *alg,
                                   const uint8_t *raw, size_t len,
                                   EVP_PKEY **out) {
  if (len != alg->key_len) {
    return CRYPTO_ERRNO_INVALID_KEY;
  }
  EC_GROUP *group = group_of(alg);
  BIGNUM *d = BN_secure_new();
  EC_POINT *pub = group != NULL ? EC_POINT_new(group) : NULL;
  uint8_t point[MAX_POINT];
  size_t point_len = 0;
  crypto_errno rc = CRYPTO_ERRNO_SUCCESS;
  if (pub == NULL || d == NULL || BN_bin2bn(raw, (int)len, d) == NULL) {
    rc = crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  } else if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(group)) >= 0) {
    rc = CRYPTO_ERRNO_INVALID_KEY;
  } else if (EC_POINT_mul(group, pub, d, NULL, NULL, NULL) != 1 ||
             (point_len = EC_POINT_point2oct(
                  group, pub, POINT_CONVERSION_UNCOMPRESSED, point,
                  sizeof(point), NULL)) == 0 ||
             (*out = ec_from_parts(alg, d, point, point_len)) == NULL) {
    rc = crypto_failure_errno(CRYPTO_FAILURE_KEY_DECODE);
  }
  BN_clear_free(d);
  EC_POINT_free(pub);
  EC_GROUP_free(group);
  return rc;
}

/* Ed25519 pairs are secret ‖ public, X25519 pairs public ‖ secret. */
static size_t secret_offset(const asymmetric_algorithm *alg) {
  return alg->scheme == SCHEME_KX ? OKP_LEN : 0;
}

static crypto_errno okp_decode(const asymmetric_algorithm *alg, key_part part,
                               const uint8_t *bytes, size_t len,
                               EVP_PKEY **out) {
  size_t want = part == KEY_PART_PAIR ? 2 * OKP_LEN : OKP_LEN;
  if (len != want) {
    return CRYPTO_ERRNO_INVALID_KEY;
  }
  if (part == KEY_PART_PUBLIC) {
    *out = EVP_PKEY_new_raw_public_key_ex(NULL, alg->key_type, NULL, bytes,
                                          len);
  } else {
    size_t at = part == KEY_PART_PAIR ? secret_offset(alg) : 0;
    *out = EVP_PKEY_new_raw_private_key_ex(NULL, alg->key_type, NULL,
                                           bytes + at, OKP_LEN);
  }
  if (*out == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_KEY_DECODE);
  }
  if (part == KEY_PART_PAIR) {
    /* The public half must be the one the secret half gives. */
    uint8_t pub[OKP_LEN];
    size_t pub_len = sizeof(pub);
    const uint8_t *given = bytes + (OKP_LEN - secret_offset(alg));
    if (EVP_PKEY_get_raw_public_key(*out, pub, &pub_len) != 1 ||
        pub_len != OKP_LEN || memcmp(pub, given, OKP_LEN) != 0) {
      EVP_PKEY_free(*out);
      *out = NULL;
      return crypto_failure_errno(CRYPTO_FAILURE_KEY_DECODE);
    }
  }
  return CRYPTO_ERRNO_SUCCESS;
}

crypto_errno key_raw_decode(const asymmetric_algorithm *alg, key_part part,
                            const uint8_t *bytes, size_t len, EVP_PKEY **out) {
  if (alg->shape == KEY_SHAPE_EC) {
    return ec_from_scalar(alg, bytes, len, out);
  }
  return okp_decode(alg, part, bytes, len, out);
}

static crypto_errno ec_scalar_encode(const asymmetric_algorithm *alg,
                                     const EVP_PKEY *pkey, byte_buffer *out) {
  BIGNUM *d = NULL;
  uint8_t scalar[MAX_SCALAR];
  /* Left-padded to the curve's size (upstream drops leading zeros). */
  bool ok = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &d) == 1 &&
            BN_bn2binpad(d, scalar, (int)alg->key_len) == (int)alg->key_len &&
            byte_buffer_assign(out, scalar, alg->key_len);
  OPENSSL_cleanse(scalar, sizeof(scalar));
  BN_clear_free(d);
  return ok ? CRYPTO_ERRNO_SUCCESS
            : crypto_failure_errno(CRYPTO_FAILURE_KEY_ENCODE);
}

static crypto_errno okp_encode(const asymmetric_algorithm *alg, key_part part,
                               const EVP_PKEY *pkey, byte_buffer *out) {
  uint8_t pair[2 * OKP_LEN];
  size_t secret_at = part == KEY_PART_PAIR ? secret_offset(alg) : 0;
  size_t public_at = part == KEY_PART_PAIR ? OKP_LEN - secret_at : 0;
  size_t len = OKP_LEN;
  bool ok = true;
  if (part != KEY_PART_PUBLIC) {
    ok = EVP_PKEY_get_raw_private_key(pkey, pair + secret_at, &len) == 1 &&
         len == OKP_LEN;
  }
  if (ok && part != KEY_PART_SECRET) {
    len = OKP_LEN;
    ok = EVP_PKEY_get_raw_public_key(pkey, pair + public_at, &len) == 1 &&
         len == OKP_LEN;
  }
  ok = ok && byte_buffer_assign(out, pair, part == KEY_PART_PAIR
                                               ? 2 * OKP_LEN
                                               : OKP_LEN);
  OPENSSL_cleanse(pair, sizeof(pair));
  return ok ? CRYPTO_ERRNO_SUCCESS
            : crypto_failure_errno(CRYPTO_FAILURE_KEY_ENCODE);
}

crypto_errno key_raw_encode(const asymmetric_algorithm *alg, key_part part,
                            const EVP_PKEY *pkey, byte_buffer *out) {
  if (alg->shape == KEY_SHAPE_EC) {
    return ec_scalar_encode(alg, pkey, out);
  }
  return okp_encode(alg, part, pkey, out);
}

crypto_errno key_sec_decode(const asymmetric_algorithm *alg,
                            const uint8_t *bytes, size_t len, EVP_PKEY **out) {
  /* Compressed (1 + n) or uncompressed (1 + 2n) points only; fromdata
   * checks that the point is on the curve, key_decode that it is not the
   * point at infinity. */
  if (len != 1 + alg->key_len && len != 1 + 2 * (size_t)alg->key_len) {
    return CRYPTO_ERRNO_INVALID_KEY;
  }
  *out = ec_from_parts(alg, NULL, bytes, len);
  return *out != NULL ? CRYPTO_ERRNO_SUCCESS
                      : crypto_failure_errno(CRYPTO_FAILURE_KEY_DECODE);
}

crypto_errno key_sec_encode(const asymmetric_algorithm *alg,
                            const EVP_PKEY *pkey, byte_buffer *out) {
  /* Re-encoded uncompressed: a key imported compressed keeps that form in
   * OpenSSL's own encoding. */
  uint8_t given[MAX_POINT], point[MAX_POINT];
  size_t given_len = 0, point_len = 0;
  EC_GROUP *group = group_of(alg);
  EC_POINT *pub = group != NULL ? EC_POINT_new(group) : NULL;
  bool ok = pub != NULL &&
            EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY,
                                            given, sizeof(given),
                                            &given_len) == 1 &&
            EC_POINT_oct2point(group, pub, given, given_len, NULL) == 1 &&
            (point_len = EC_POINT_point2oct(group, pub,
                                            POINT_CONVERSION_UNCOMPRESSED,
                                            point, sizeof(point), NULL)) > 0 &&
            byte_buffer_assign(out, point, point_len);
  EC_POINT_free(pub);
  EC_GROUP_free(group);
  return ok ? CRYPTO_ERRNO_SUCCESS
            : crypto_failure_errno(CRYPTO_FAILURE_KEY_ENCODE);
}
