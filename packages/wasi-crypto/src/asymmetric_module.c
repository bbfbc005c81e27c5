/*
 * Module wasi_ephemeral_crypto_asymmetric_common (descriptor
 * wasi_crypto_asymmetric_common): 20 functions. Every parameter is i32
 * except those marked i64; every function returns i32 = crypto_errno.
 * Pointers and lengths are unsigned offsets into the caller's memory 0;
 * "-> x" means x is written to the slot at the last pointer (4 bytes; 8
 * for versions), only on success. opt_options_ptr points to 8 bytes: u8
 * tag (1 = none, else some), 3 bytes padding, u32 handle.
 *
 * alg_type (low 16 bits): 0 signatures, 2 key exchange; 1 symmetric -> 22
 * INVALID_OPERATION, anything else -> 6. Algorithm names (any case):
 * signatures ECDSA_P256_SHA256, ECDSA_K256_SHA256, ECDSA_P384_SHA384,
 * Ed25519, RSA_PKCS1_{2048_SHA256,2048_SHA384,2048_SHA512,3072_SHA384,
 * 3072_SHA512,4096_SHA512}, RSA_PSS_{same six}; key exchange X25519,
 * P256-SHA256, P384-SHA384. Encodings: key_encoding.h.
 *
 * Errors every function may return:
 *   12 ALGORITHM_FAILURE  a range outside guest memory, no memory 0, or an
 *                         OpenSSL failure (error_map.c)
 *   15 INVALID_HANDLE     a handle unknown, closed or of another kind
 *
 * keypair_generate(alg_type, alg_ptr, alg_len, opt_options_ptr, kp_ptr)
 *     -> key pair. 6/22 as above; options of another category 15.
 * keypair_import(alg_type, alg_ptr, alg_len, encoded_ptr, encoded_len,
 *     encoding, kp_ptr) -> key pair
 *     5 UNSUPPORTED_ENCODING: encoding not supported for the algorithm
 *     (also out of range); 8 INVALID_KEY: malformed, or of another key
 *     type, curve or RSA size, or an out-of-range scalar.
 * keypair_generate_managed(secrets_manager, alg_type, alg_ptr, alg_len,
 *     opt_options_ptr, kp_ptr)                       ranges, then 2
 * keypair_store_managed(secrets_manager, kp, kp_id_ptr, kp_id_max_len)
 *                                                    range, then 2
 * keypair_replace_managed(secrets_manager, old_kp, new_kp, version_ptr)
 *                                                    range, then 2
 * keypair_id(kp, kp_id_ptr, kp_id_max_len, size_ptr, version_ptr)
 *                                                    ranges, then 2
 * keypair_from_id(secrets_manager, kp_id_ptr, kp_id_len, version i64,
 *     kp_ptr)                                        ranges, then 2
 * keypair_from_pk_and_sk(pk, sk, kp_ptr)
 *     15 for unknown handles, 8 for keys of two algorithms, else 2.
 * keypair_export(kp, encoding, array_output_ptr) -> array_output   5
 * keypair_publickey(kp, pk_ptr) -> public key
 * keypair_secretkey(kp, sk_ptr) -> secret key
 * keypair_close(kp)                              14 CLOSED: unknown/closed
 * publickey_import(alg_type, alg_ptr, alg_len, encoded_ptr, encoded_len,
 *     encoding, pk_ptr) -> public key                5, 8 as keypair_import
 * publickey_export(pk, encoding, array_output_ptr) -> array_output   5
 * publickey_verify(pk)
 *     OpenSSL's public-key check: 0, or 8 when it fails.
 * publickey_from_secretkey(sk, pk_ptr) -> public key
 * publickey_close(pk)                            14: unknown/closed
 * secretkey_import(alg_type, alg_ptr, alg_len, encoded_ptr, encoded_len,
 *     encoding, sk_ptr) -> secret key                5, 8 as keypair_import
 * secretkey_export(sk, encoding, array_output_ptr) -> array_output   5
 * secretkey_close(sk)                            14: unknown/closed
 */
#include "asymmetric_functions.h"
#include "crypto_modules.h"

const wpl_host_function asymmetric_host_functions[] = {
    WPL_FUNCTION(keypair_generate, "iiiii", "i"),
    WPL_FUNCTION(keypair_import, "iiiiiii", "i"),
    WPL_FUNCTION(keypair_generate_managed, "iiiiii", "i"),
    WPL_FUNCTION(keypair_store_managed, "iiii", "i"),
    WPL_FUNCTION(keypair_replace_managed, "iiii", "i"),
    WPL_FUNCTION(keypair_id, "iiiii", "i"),
    WPL_FUNCTION(keypair_from_id, "iiiIi", "i"),
    WPL_FUNCTION(keypair_from_pk_and_sk, "iii", "i"),
    WPL_FUNCTION(keypair_export, "iii", "i"),
    WPL_FUNCTION(keypair_publickey, "ii", "i"),
    WPL_FUNCTION(keypair_secretkey, "ii", "i"),
    WPL_FUNCTION(keypair_close, "i", "i"),
    WPL_FUNCTION(publickey_import, "iiiiiii", "i"),
    WPL_FUNCTION(publickey_export, "iii", "i"),
    WPL_FUNCTION(publickey_verify, "i", "i"),
    WPL_FUNCTION(publickey_from_secretkey, "ii", "i"),
    WPL_FUNCTION(publickey_close, "i", "i"),
    WPL_FUNCTION(secretkey_import, "iiiiiii", "i"),
    WPL_FUNCTION(secretkey_export, "iii", "i"),
    WPL_FUNCTION(secretkey_close, "i", "i"),
};

const size_t asymmetric_host_function_count =
    sizeof(asymmetric_host_functions) / sizeof(asymmetric_host_functions[0]);
