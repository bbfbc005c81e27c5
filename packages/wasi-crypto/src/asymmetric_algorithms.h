/*
 * The signature and key-exchange algorithms of spec §6.2 and §6.3, one
 * table row each, and their lookup by (algorithm_type, name).
 *
 * Where upstream departs from the algorithms' standards, a row says what
 * the standard says (README, "Upstream quirks"): ECDSA P-384 hashes with
 * SHA-384, EC scalars and raw signature halves are the curve's size (48
 * bytes for P-384), P-384 ECDH gives all 48 bytes of the shared secret.
 */
#ifndef WASI_CRYPTO_ASYMMETRIC_ALGORITHMS_H
#define WASI_CRYPTO_ASYMMETRIC_ALGORITHMS_H

#include "crypto_errno.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How keys of an algorithm are held and encoded. */
typedef enum key_shape {
  KEY_SHAPE_EC,  /* prime-curve keys: raw scalar, SEC point, PKCS#8/SPKI */
  KEY_SHAPE_OKP, /* Ed25519, X25519: 32-byte raw keys, PKCS#8/SPKI */
  KEY_SHAPE_RSA  /* PKCS#8/SPKI (DER and PEM) only */
} key_shape;

/* How signatures are made; KX for key-exchange rows. */
typedef enum signature_scheme {
  SCHEME_KX,
  SCHEME_ECDSA,
  SCHEME_EDDSA,
  SCHEME_RSA_PKCS1,
  SCHEME_RSA_PSS
} signature_scheme;

typedef struct asymmetric_algorithm {
  const char *name;        /* canonical spelling (names compare ignoring case) */
  uint32_t algorithm_type; /* ALGORITHM_TYPE_SIGNATURES or _KEY_EXCHANGE */
  key_shape shape;
  signature_scheme scheme;
  const char *key_type; /* OpenSSL key type: "EC", "ED25519", "X25519", "RSA" */
  const char *group;    /* EC: OpenSSL group name; NULL otherwise */
  uint32_t key_len;     /* EC/OKP: scalar and coordinate bytes; RSA: 0 */
  uint32_t rsa_bits;    /* RSA: the exact modulus size; 0 otherwise */
  const char *digest;   /* ECDSA/RSA hash; NULL for Ed25519 and kx */
  uint32_t raw_signature_len; /* 2 x key_len (ECDSA), 64, modulus bytes */
} asymmetric_algorithm;

/*
 * The algorithm `name` of the family `algorithm_type` (low 16 bits, as
 * upstream): 1 symmetric -> 22 INVALID_OPERATION; another type, or a name
 * not in that family's table -> 6 UNSUPPORTED_ALGORITHM.
 */
crypto_errno asymmetric_algorithm_find(uint32_t algorithm_type,
                                       const uint8_t *name, uint32_t len,
                                       const asymmetric_algorithm **alg);

#endif /* WASI_CRYPTO_ASYMMETRIC_ALGORITHMS_H */
