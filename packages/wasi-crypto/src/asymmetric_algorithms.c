/* The table of signature and key-exchange algorithms (spec §6.2, §6.3). */
#include "asymmetric_algorithms.h"

#include "guest_io.h"
#include "options.h"

#define SIG ALGORITHM_TYPE_SIGNATURES
#define KX ALGORITHM_TYPE_KEY_EXCHANGE

/* RSA rows differ only in name, scheme, size and hash. */
#define RSA_ROW(name, scheme, bits, digest)                                    \
  {name, SIG, KEY_SHAPE_RSA, scheme, "RSA", NULL, 0, bits, digest, bits / 8}

/* Group names are OpenSSL's short names, as EVP_PKEY_get_group_name
 * reports them for an imported key. */
static const asymmetric_algorithm ALGORITHMS[] = {
    {"ECDSA_P256_SHA256", SIG, KEY_SHAPE_EC, SCHEME_ECDSA, "EC", "prime256v1",
     32, 0, "SHA256", 64},
    {"ECDSA_K256_SHA256", SIG, KEY_SHAPE_EC, SCHEME_ECDSA, "EC", "secp256k1",
     32, 0, "SHA256", 64},
    {"ECDSA_P384_SHA384", SIG, KEY_SHAPE_EC, SCHEME_ECDSA, "EC", "secp384r1",
     48, 0, "SHA384", 96},
    {"Ed25519", SIG, KEY_SHAPE_OKP, SCHEME_EDDSA, "ED25519", NULL, 32, 0,
     NULL, 64},
    RSA_ROW("RSA_PKCS1_2048_SHA256", SCHEME_RSA_PKCS1, 2048, "SHA256"),
    RSA_ROW("RSA_PKCS1_2048_SHA384", SCHEME_RSA_PKCS1, 2048, "SHA384"),
    RSA_ROW("RSA_PKCS1_2048_SHA512", SCHEME_RSA_PKCS1, 2048, "SHA512"),
    RSA_ROW("RSA_PKCS1_3072_SHA384", SCHEME_RSA_PKCS1, 3072, "SHA384"),
    RSA_ROW("RSA_PKCS1_3072_SHA512", SCHEME_RSA_PKCS1, 3072, "SHA512"),
    RSA_ROW("RSA_PKCS1_4096_SHA512", SCHEME_RSA_PKCS1, 4096, "SHA512"),
    RSA_ROW("RSA_PSS_2048_SHA256", SCHEME_RSA_PSS, 2048, "SHA256"),
    RSA_ROW("RSA_PSS_2048_SHA384", SCHEME_RSA_PSS, 2048, "SHA384"),
    RSA_ROW("RSA_PSS_2048_SHA512", SCHEME_RSA_PSS, 2048, "SHA512"),
    RSA_ROW("RSA_PSS_3072_SHA384", SCHEME_RSA_PSS, 3072, "SHA384"),
    RSA_ROW("RSA_PSS_3072_SHA512", SCHEME_RSA_PSS, 3072, "SHA512"),
    RSA_ROW("RSA_PSS_4096_SHA512", SCHEME_RSA_PSS, 4096, "SHA512"),
    {"X25519", KX, KEY_SHAPE_OKP, SCHEME_KX, "X25519", NULL, 32, 0, NULL, 0},
    {"P256-SHA256", KX, KEY_SHAPE_EC, SCHEME_KX, "EC", "prime256v1", 32, 0,
     NULL, 0},
    {"P384-SHA384", KX, KEY_SHAPE_EC, SCHEME_KX, "EC", "secp384r1", 48, 0,
     NULL, 0},
};

enum { ALGORITHM_COUNT = sizeof(ALGORITHMS) / sizeof(ALGORITHMS[0]) };

crypto_errno asymmetric_algorithm_find(uint32_t algorithm_type,
                                       const uint8_t *name, uint32_t len,
                                       const asymmetric_algorithm **alg) {
  uint32_t type = algorithm_type & 0xFFFFu;
  if (type == ALGORITHM_TYPE_SYMMETRIC) {
    return CRYPTO_ERRNO_INVALID_OPERATION;
  }
  for (size_t i = 0; i < ALGORITHM_COUNT; ++i) {
    if (ALGORITHMS[i].algorithm_type == type &&
        bytes_equal_ignoring_case(name, len, ALGORITHMS[i].name)) {
      *alg = &ALGORITHMS[i];
      return CRYPTO_ERRNO_SUCCESS;
    }
  }
  return CRYPTO_ERRNO_UNSUPPORTED_ALGORITHM;
}
