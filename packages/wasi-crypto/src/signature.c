/* Signature objects and the raw/DER conversions of ECDSA (signature.h). */
#include "signature.h"

#include "error_map.h"

#include <openssl/ec.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum { SIGNATURE_RAW = 0, SIGNATURE_DER = 1, MAX_HALF = 48 };

static void signature_destroy(crypto_object *object) {
  signature_object *signature = (signature_object *)object;
  byte_buffer_wipe(&signature->bytes);
  crypto_object_fini(object);
  free(signature);
}

crypto_errno signature_publish(crypto_context *context,
                               const asymmetric_algorithm *alg,
                               const uint8_t *bytes, size_t len,
                               uint32_t *handle) {
  signature_object *signature = calloc(1, sizeof(*signature));
  if (signature == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  if (!crypto_object_init(&signature->base, HANDLE_KIND_SIGNATURE,
                          signature_destroy)) {
    free(signature);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  signature->alg = alg;
  if (!byte_buffer_assign(&signature->bytes, bytes, len)) {
    signature_destroy(&signature->base);
    return crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  return crypto_context_publish(context, &signature->base, handle);
}

/* The error for an encoding value this algorithm does not have. */
static crypto_errno unsupported(const asymmetric_algorithm *alg,
                                uint32_t encoding) {
  bool rsa = alg->scheme == SCHEME_RSA_PKCS1 || alg->scheme == SCHEME_RSA_PSS;
  return rsa && encoding == SIGNATURE_DER ? CRYPTO_ERRNO_NOT_IMPLEMENTED
                                          : CRYPTO_ERRNO_UNSUPPORTED_ENCODING;
}

/* r ‖ s (each alg->key_len bytes) -> DER. */
static crypto_errno ecdsa_raw_to_der(const asymmetric_algorithm *alg,
                                     const uint8_t *raw, byte_buffer *out) {
  ECDSA_SIG *sig = ECDSA_SIG_new();
  BIGNUM *r = BN_bin2bn(raw, (int)alg->key_len, NULL);
  BIGNUM *s = BN_bin2bn(raw + alg->key_len, (int)alg->key_len, NULL);
  bool ok = sig != NULL && r != NULL && s != NULL && ECDSA_SIG_set0(sig, r, s);
  if (!ok) {
    BN_free(r);
    BN_free(s);
  }
  unsigned char *der = NULL;
  int len = ok ? i2d_ECDSA_SIG(sig, &der) : -1;
  ok = len > 0 && byte_buffer_assign(out, der, (size_t)len);
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  return ok ? CRYPTO_ERRNO_SUCCESS
            : crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
}

/* Strict DER: it parses, nothing follows, and it re-encodes identically
 * (so one signature has one encoding). */
static crypto_errno ecdsa_check_der(const uint8_t *bytes, size_t len,
                                    byte_buffer *out) {
  if (len > INT_MAX) {
    return CRYPTO_ERRNO_INVALID_SIGNATURE;
  }
  const unsigned char *p = bytes;
  ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
  unsigned char *der = NULL;
  int der_len = sig != NULL && p == bytes + len ? i2d_ECDSA_SIG(sig, &der) : -1;
  bool ok = der_len == (int)len && memcmp(der, bytes, len) == 0;
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  if (!ok) {
    (void)crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY); /* clear queue */
    return CRYPTO_ERRNO_INVALID_SIGNATURE;
  }
  return byte_buffer_assign(out, bytes, len)
             ? CRYPTO_ERRNO_SUCCESS
             : crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
}

crypto_errno signature_decode(const asymmetric_algorithm *alg,
                              uint32_t encoding, const uint8_t *bytes,
                              size_t len, byte_buffer *out) {
  if (encoding == SIGNATURE_DER && alg->scheme == SCHEME_ECDSA) {
    return ecdsa_check_der(bytes, len, out);
  }
  if (encoding != SIGNATURE_RAW) {
    return unsupported(alg, encoding);
  }
  if (len != alg->raw_signature_len) {
    return CRYPTO_ERRNO_INVALID_SIGNATURE;
  }
  if (alg->scheme == SCHEME_ECDSA) {
    return ecdsa_raw_to_der(alg, bytes, out);
  }
  return byte_buffer_assign(out, bytes, len)
             ? CRYPTO_ERRNO_SUCCESS
             : crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
}

/* DER -> r ‖ s, each left-padded to the curve size (upstream leaves out
 * leading zero bytes, so its raw signatures are sometimes short). */
static crypto_errno ecdsa_der_to_raw(const signature_object *signature,
                                     byte_buffer *out) {
  size_t half = signature->alg->key_len;
  const unsigned char *p = byte_buffer_bytes(&signature->bytes);
  ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)signature->bytes.len);
  uint8_t raw[2 * MAX_HALF];
  bool ok = sig != NULL &&
            BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, (int)half) == (int)half &&
            BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + half, (int)half) ==
                (int)half &&
            byte_buffer_assign(out, raw, 2 * half);
  ECDSA_SIG_free(sig);
  return ok ? CRYPTO_ERRNO_SUCCESS
            : crypto_failure_errno(CRYPTO_FAILURE_KEY_ENCODE);
}

crypto_errno signature_encode(const signature_object *signature,
                              uint32_t encoding, byte_buffer *out) {
  const asymmetric_algorithm *alg = signature->alg;
  bool ecdsa = alg->scheme == SCHEME_ECDSA;
  if (encoding == SIGNATURE_RAW && ecdsa) {
    return ecdsa_der_to_raw(signature, out);
  }
  if (encoding == SIGNATURE_RAW || (encoding == SIGNATURE_DER && ecdsa)) {
    return byte_buffer_assign(out, byte_buffer_bytes(&signature->bytes),
                              signature->bytes.len)
               ? CRYPTO_ERRNO_SUCCESS
               : crypto_failure_errno(CRYPTO_FAILURE_HOST_MEMORY);
  }
  return unsupported(alg, encoding);
}
