/*
 * Which encodings each key shape supports (one table), and the DER/PEM
 * ones: PKCS#8 / SubjectPublicKeyInfo through OpenSSL's generic readers
 * and writers. Raw and SEC forms are in key_raw.c.
 */
#include "key_encoding.h"

#include "asymmetric_key.h"
#include "error_map.h"
#include "guest_io.h"

#include <openssl/bio.h>
#include <openssl/buffer.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <limits.h>

#define BIT(e) (1u << (e))
#define DER_PEM (BIT(KEY_ENCODING_PKCS8) | BIT(KEY_ENCODING_PEM))

/* Supported encodings per key shape and part (key_encoding.h). */
static const unsigned SUPPORTED[][3] = {
    /*                 pair                        public                      secret */
    [KEY_SHAPE_EC] = {DER_PEM | BIT(KEY_ENCODING_RAW),
                      DER_PEM | BIT(KEY_ENCODING_SEC),
                      DER_PEM | BIT(KEY_ENCODING_RAW)},
    [KEY_SHAPE_OKP] = {DER_PEM | BIT(KEY_ENCODING_RAW),
                       DER_PEM | BIT(KEY_ENCODING_RAW),
                       DER_PEM | BIT(KEY_ENCODING_RAW)},
    [KEY_SHAPE_RSA] = {DER_PEM, DER_PEM, DER_PEM},
};

crypto_errno key_encoding_resolve(const asymmetric_algorithm *alg,
                                  key_part part, uint32_t value,
                                  key_encoding *encoding) {
  /* 0..2 mean the same for every part; 3 is sec for keys, local (never
   * supported) for pairs. */
  key_encoding e;
  if (value <= KEY_ENCODING_PEM) {
    e = (key_encoding)value;
  } else if (value == KEY_ENCODING_SEC && part != KEY_PART_PAIR) {
    e = KEY_ENCODING_SEC;
  } else {
    return CRYPTO_ERRNO_UNSUPPORTED_ENCODING;
  }
  if ((SUPPORTED[alg->shape][part] & BIT(e)) == 0) {
    return CRYPTO_ERRNO_UNSUPPORTED_ENCODING;
  }
  *encoding = e;
  return CRYPTO_ERRNO_SUCCESS;
}

/* Refuses to ask for a passphrase: an encrypted PEM key is just invalid
 * here (the default callback would prompt on the terminal). */
static int no_passphrase(char *buf, int size, int rwflag, void *u) {
  (void)buf, (void)size, (void)rwflag, (void)u;
  return -1;
}

static EVP_PKEY *decode_der(key_part part, const uint8_t *bytes, long len) {
  const unsigned char *p = bytes;
  EVP_PKEY *pkey = part == KEY_PART_PUBLIC ? d2i_PUBKEY(NULL, &p, len)
                                           : d2i_AutoPrivateKey(NULL, &p, len);
  if (pkey != NULL && p != bytes + len) { /* trailing bytes */
    EVP_PKEY_free(pkey);
    return NULL;
  }
  return pkey;
}

static EVP_PKEY *decode_pem(key_part part, const uint8_t *bytes, int len) {
  BIO *bio = BIO_new_mem_buf(bytes, len);
  if (bio == NULL) {
    return NULL;
  }
  EVP_PKEY *pkey =
      part == KEY_PART_PUBLIC
          ? PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL)
          : PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
  BIO_free(bio);
  return pkey;
}

crypto_errno key_decode(const asymmetric_algorithm *alg, key_part part,
                        key_encoding encoding, const uint8_t *bytes,
                        size_t len, EVP_PKEY **out) {
  *out = NULL;
  if (len > INT_MAX) {
    return CRYPTO_ERRNO_INVALID_KEY;
  }
  crypto_errno rc = CRYPTO_ERRNO_SUCCESS;
  switch (encoding) {
  case KEY_ENCODING_RAW:
    rc = key_raw_decode(alg, part, bytes, len, out);
    break;
  case KEY_ENCODING_SEC:
    rc = key_sec_decode(alg, bytes, len, out);
    break;
  case KEY_ENCODING_PKCS8:
    *out = decode_der(part, bytes, (long)len);
    break;
  default:
    *out = decode_pem(part, bytes, (int)len);
    break;
  }
  if (rc != CRYPTO_ERRNO_SUCCESS) {
    return rc;
  }
  if (*out == NULL) {
    return crypto_failure_errno(CRYPTO_FAILURE_KEY_DECODE);
  }
  rc = asymmetric_key_check(alg, *out);
  if (rc == CRYPTO_ERRNO_SUCCESS && part == KEY_PART_PUBLIC &&
      alg->shape == KEY_SHAPE_EC) {
    /* Refuses the point at infinity and points off the curve. */
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, *out, NULL);
    if (ctx == NULL || EVP_PKEY_public_check(ctx) != 1) {
      rc = crypto_failure_errno(CRYPTO_FAILURE_KEY_CHECK);
    }
    EVP_PKEY_CTX_free(ctx);
  }
  if (rc != CRYPTO_ERRNO_SUCCESS) {
    EVP_PKEY_free(*out);
    *out = NULL;
  }
  return rc;
}

/* Moves what a memory BIO holds into `out`, wiping the BIO's copy. */
static bool take_bio(BIO *bio, byte_buffer *out) {
  BUF_MEM *mem = NULL;
  if (BIO_get_mem_ptr(bio, &mem) != 1 || mem == NULL) {
    return false;
  }
  bool ok = byte_buffer_assign(out, (const uint8_t *)mem->data, mem->length);
  OPENSSL_cleanse(mem->data, mem->length);
  return ok;
}

static bool encode_pem(key_part part, const EVP_PKEY *pkey, byte_buffer *out) {
  BIO *bio = BIO_new(BIO_s_mem());
  if (bio == NULL) {
    return false;
  }
  bool ok = part == KEY_PART_PUBLIC
                ? PEM_write_bio_PUBKEY(bio, pkey) == 1
                : PEM_write_bio_PKCS8PrivateKey(bio, pkey, NULL, NULL, 0,
                                                NULL, NULL) == 1;
  ok = ok && take_bio(bio, out);
  BIO_free(bio);
  return ok;
}

static bool encode_der(key_part part, const EVP_PKEY *pkey, byte_buffer *out) {
  unsigned char *der = NULL;
  int len;
  if (part == KEY_PART_PUBLIC) {
    len = i2d_PUBKEY(pkey, &der);
  } else {
    PKCS8_PRIV_KEY_INFO *info = EVP_PKEY2PKCS8(pkey);
    len = info == NULL ? -1 : i2d_PKCS8_PRIV_KEY_INFO(info, &der);
    PKCS8_PRIV_KEY_INFO_free(info); /* clears the key octets */
  }
  if (len <= 0) {
    return false;
  }
  bool ok = byte_buffer_assign(out, der, (size_t)len);
  OPENSSL_clear_free(der, (size_t)len);
  return ok;
}

crypto_errno key_encode(const asymmetric_algorithm *alg, key_part part,
                        key_encoding encoding, const EVP_PKEY *pkey,
                        byte_buffer *out) {
  bool ok;
  switch (encoding) {
  case KEY_ENCODING_RAW:
    return key_raw_encode(alg, part, pkey, out);
  case KEY_ENCODING_SEC:
    return key_sec_encode(alg, pkey, out);
  case KEY_ENCODING_PKCS8:
    ok = encode_der(part, pkey, out);
    break;
  default:
    ok = encode_pem(part, pkey, out);
    break;
  }
  return ok ? CRYPTO_ERRNO_SUCCESS
            : crypto_failure_errno(CRYPTO_FAILURE_KEY_ENCODE);
}
