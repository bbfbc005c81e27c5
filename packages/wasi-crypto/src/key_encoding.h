/*
 * Key encodings (spec §4, §6.4): the guest's encoding numbers, which
 * encodings each key shape supports, and decoding/encoding through them.
 *
 *   guest value        key pair   public key   secret key
 *   0 raw              EC OKP     OKP          EC OKP
 *   1 pkcs8            all        all          all
 *   2 pem              all        all          all
 *   3                  local      sec (EC)     sec (none)
 *   4                  -          local        local
 *
 * Anything else, `local`, and a cell left empty above -> 5
 * UNSUPPORTED_ENCODING. pkcs8 means PKCS#8 PrivateKeyInfo for key pairs and
 * secret keys (import also takes the traditional SEC1 / PKCS#1 forms) and
 * SubjectPublicKeyInfo for public keys; pem is the same in PEM. OKP keys
 * in pkcs8/pem go beyond upstream (which answers 5), see the README.
 *
 * raw: EC secret scalar, big-endian, exactly the curve's size (32 or 48
 * bytes) both ways. OKP keys 32 bytes; an Ed25519 key pair is secret ‖
 * public, an X25519 key pair public ‖ secret (upstream's layouts), and a
 * pair whose halves do not match is 8. sec: an EC point, compressed or
 * uncompressed on import, uncompressed on export.
 */
#ifndef WASI_CRYPTO_KEY_ENCODING_H
#define WASI_CRYPTO_KEY_ENCODING_H

#include "asymmetric_algorithms.h"
#include "byte_buffer.h"

#include <openssl/evp.h>

typedef enum key_part {
  KEY_PART_PAIR,
  KEY_PART_PUBLIC,
  KEY_PART_SECRET
} key_part;

typedef enum key_encoding {
  KEY_ENCODING_RAW,
  KEY_ENCODING_PKCS8,
  KEY_ENCODING_PEM,
  KEY_ENCODING_SEC,
  KEY_ENCODING_COUNT
} key_encoding;

/* The encoding the guest's value names for `part` when `alg` supports it;
 * 5 otherwise. */
crypto_errno key_encoding_resolve(const asymmetric_algorithm *alg,
                                  key_part part, uint32_t value,
                                  key_encoding *encoding);

/* Decodes a guest's key; malformed, of another type, curve or size -> 8. */
crypto_errno key_decode(const asymmetric_algorithm *alg, key_part part,
                        key_encoding encoding, const uint8_t *bytes,
                        size_t len, EVP_PKEY **out);

/* Encodes `pkey` into `out` (wiped by its owner). */
crypto_errno key_encode(const asymmetric_algorithm *alg, key_part part,
                        key_encoding encoding, const EVP_PKEY *pkey,
                        byte_buffer *out);

/* Raw forms (key_raw.c), used by key_decode/key_encode. */
crypto_errno key_raw_decode(const asymmetric_algorithm *alg, key_part part,
                            const uint8_t *bytes, size_t len, EVP_PKEY **out);
crypto_errno key_raw_encode(const asymmetric_algorithm *alg, key_part part,
                            const EVP_PKEY *pkey, byte_buffer *out);
crypto_errno key_sec_decode(const asymmetric_algorithm *alg,
                            const uint8_t *bytes, size_t len, EVP_PKEY **out);
crypto_errno key_sec_encode(const asymmetric_algorithm *alg,
                            const EVP_PKEY *pkey, byte_buffer *out);

#endif /* WASI_CRYPTO_KEY_ENCODING_H */
