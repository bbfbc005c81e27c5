/*
 * Module wasi_ephemeral_crypto_symmetric (descriptor wasi_crypto_symmetric):
 * 28 functions. Every parameter is i32 except those marked i64; every
 * function returns i32 = crypto_errno. Pointers and lengths are unsigned
 * offsets into the caller's memory 0; "-> x" means x is written to the
 * slot at the last pointer (4 bytes; 8 for versions), only on success.
 * opt_*_ptr point to 8 bytes: u8 tag (1 = none, else some), 3 bytes
 * padding, u32 handle. Algorithm names are case-insensitive: SHA-256,
 * SHA-512, SHA-512/256, HMAC/SHA-256, HMAC/SHA-512, HKDF-EXTRACT/SHA-256,
 * HKDF-EXTRACT/SHA-512, HKDF-EXPAND/SHA-256, HKDF-EXPAND/SHA-512,
 * AES-128-GCM, AES-256-GCM, CHACHA20-POLY1305.
 *
 * Errors every function may return:
 *   12 ALGORITHM_FAILURE  a range outside guest memory, no memory 0, or an
 *                         OpenSSL failure (error_map.c)
 *   15 INVALID_HANDLE     a handle unknown, closed, or of another kind;
 *                         options that are not a symmetric set
 *    6 UNSUPPORTED_ALGORITHM  an algorithm name not in the list
 *
 * symmetric_key_generate(alg_ptr, alg_len, opt_options_ptr, key_ptr) -> key
 *     Random key of the natural size (HMAC/HKDF-EXTRACT 32|64, AES 16|32,
 *     ChaCha 32). 19 KEY_NOT_SUPPORTED: hash; 3 UNSUPPORTED_FEATURE:
 *     HKDF-EXPAND; 11 RNG_ERROR: no randomness.
 * symmetric_key_import(alg_ptr, alg_len, raw_ptr, raw_len, key_ptr) -> key
 *     19: hash. 8 INVALID_KEY: HKDF-EXPAND not 32|64 bytes, AEAD not its
 *     key size. HMAC and HKDF-EXTRACT take any length.
 * symmetric_key_export(key, array_output_ptr) -> array_output (raw bytes)
 * symmetric_key_close(key)                     14 CLOSED: unknown/closed
 * symmetric_key_generate_managed(secrets_manager, alg_ptr, alg_len,
 *     opt_options_ptr, key_ptr)                      ranges, then 2
 * symmetric_key_store_managed(secrets_manager, key, key_id_ptr,
 *     key_id_max_len)                                ranges, then 2
 * symmetric_key_replace_managed(secrets_manager, old_key, new_key,
 *     version_ptr)                                   range, then 2
 * symmetric_key_id(key, key_id_ptr, key_id_max_len, size_ptr, version_ptr)
 *                                                    ranges, then 2
 * symmetric_key_from_id(secrets_manager, key_id_ptr, key_id_len,
 *     version i64, key_ptr)                          ranges, then 2
 * symmetric_state_open(alg_ptr, alg_len, opt_key_ptr, opt_options_ptr,
 *     state_ptr) -> state
 *     19: hash with a key; 20 KEY_REQUIRED: keyed algorithm without one;
 *     8: key of another algorithm; AEAD: 23 NONCE_REQUIRED without
 *     options, 24 INVALID_NONCE without a 12-byte `nonce` option.
 * symmetric_state_clone(state, state_ptr) -> copy of the running state
 *     Hashes and HMAC; 2 NOT_IMPLEMENTED for HKDF and AEAD.
 * symmetric_state_options_get(state, name_ptr, name_len, value_ptr,
 *     value_len, size_ptr) -> 12
 *     AEAD and name exactly "nonce": copies the nonce; 16 OVERFLOW when
 *     value_len < 12. Anything else: 7 UNSUPPORTED_OPTION.
 * symmetric_state_options_get_u64(state, name_ptr, name_len, u64_ptr)  7
 * symmetric_state_close(state)                 14: unknown/closed
 * symmetric_state_absorb(state, data_ptr, data_len)
 *     Hash/HMAC: message; HKDF-EXTRACT: salt (16 OVERFLOW past INT_MAX);
 *     HKDF-EXPAND: info (16 past 1024 bytes); AEAD: additional data (16
 *     past INT_MAX bytes; 22 after the state's encryption or decryption).
 * symmetric_state_squeeze(state, out_ptr, out_len)
 *     Hash: digest so far truncated to out_len (9 INVALID_LENGTH if
 *     longer). HKDF-EXPAND: out_len derived bytes (8 when OpenSSL refuses
 *     the length: 0 or > 255 x hash size). Others: 22 INVALID_OPERATION.
 * symmetric_state_squeeze_tag(state, tag_ptr) -> tag (full HMAC)
 *     HMAC only; others 22.
 * symmetric_state_squeeze_key(state, alg_ptr, alg_len, key_ptr) -> key
 *     HKDF-EXTRACT/SHA-x with HKDF-EXPAND/SHA-x: the PRK. Other target: 6.
 *     Other states: 22 if alg is the state's own algorithm, else 6.
 * symmetric_state_max_tag_len(state, size_ptr) -> 16   AEAD; others 22
 * symmetric_state_encrypt(state, out_ptr, out_len, data_ptr, data_len,
 *     size_ptr) -> out_len
 *     AEAD (22 otherwise); out_len must be data_len + 16 (9); writes the
 *     ciphertext then the tag. One encryption or decryption per AEAD
 *     state: a second one is 22.
 * symmetric_state_encrypt_detached(state, out_ptr, out_len, data_ptr,
 *     data_len, tag_ptr) -> tag
 *     out_len must equal data_len (9, checked first); AEAD only (22).
 * symmetric_state_decrypt(state, out_ptr, out_len, data_ptr, data_len,
 *     size_ptr) -> out_len
 *     AEAD (22); data_len must be out_len + 16 (9); the last 16 bytes are
 *     the tag. 21 INVALID_TAG: it did not verify; out is zeroed.
 * symmetric_state_decrypt_detached(state, out_ptr, out_len, data_ptr,
 *     data_len, raw_tag_ptr, raw_tag_len, size_ptr) -> out_len
 *     out_len must equal data_len (9); AEAD (22); raw_tag_len must be 16
 *     (21); 21 when the tag does not verify; out is zeroed.
 * symmetric_state_ratchet(state)               22 for every algorithm
 * symmetric_tag_len(tag, size_ptr) -> 32 | 64 (HMAC) or 16 (AEAD)
 * symmetric_tag_pull(tag, buf_ptr, buf_len, size_ptr) -> tag length
 *     buf_len must equal the length: larger 9, smaller 16 OVERFLOW.
 * symmetric_tag_verify(tag, raw_ptr, raw_len)
 *     Constant time over the full tag; 21 unless raw equals it exactly.
 * symmetric_tag_close(tag)                     14: unknown/closed
 */
#include "crypto_modules.h"
#include "symmetric_functions.h"

const wpl_host_function symmetric_host_functions[] = {
    WPL_FUNCTION(symmetric_key_generate, "iiii", "i"),
    WPL_FUNCTION(symmetric_key_import, "iiiii", "i"),
    WPL_FUNCTION(symmetric_key_export, "ii", "i"),
    WPL_FUNCTION(symmetric_key_close, "i", "i"),
    WPL_FUNCTION(symmetric_key_generate_managed, "iiiii", "i"),
    WPL_FUNCTION(symmetric_key_store_managed, "iiii", "i"),
    WPL_FUNCTION(symmetric_key_replace_managed, "iiii", "i"),
    WPL_FUNCTION(symmetric_key_id, "iiiii", "i"),
    WPL_FUNCTION(symmetric_key_from_id, "iiiIi", "i"),
    WPL_FUNCTION(symmetric_state_open, "iiiii", "i"),
    WPL_FUNCTION(symmetric_state_clone, "ii", "i"),
    WPL_FUNCTION(symmetric_state_options_get, "iiiiii", "i"),
    WPL_FUNCTION(symmetric_state_options_get_u64, "iiii", "i"),
    WPL_FUNCTION(symmetric_state_close, "i", "i"),
    WPL_FUNCTION(symmetric_state_absorb, "iii", "i"),
    WPL_FUNCTION(symmetric_state_squeeze, "iii", "i"),
    WPL_FUNCTION(symmetric_state_squeeze_tag, "ii", "i"),
    WPL_FUNCTION(symmetric_state_squeeze_key, "iiii", "i"),
    WPL_FUNCTION(symmetric_state_max_tag_len, "ii", "i"),
    WPL_FUNCTION(symmetric_state_encrypt, "iiiiii", "i"),
    WPL_FUNCTION(symmetric_state_encrypt_detached, "iiiiii", "i"),
    WPL_FUNCTION(symmetric_state_decrypt, "iiiiii", "i"),
    WPL_FUNCTION(symmetric_state_decrypt_detached, "iiiiiiii", "i"),
    WPL_FUNCTION(symmetric_state_ratchet, "i", "i"),
    WPL_FUNCTION(symmetric_tag_len, "ii", "i"),
    WPL_FUNCTION(symmetric_tag_pull, "iiii", "i"),
    WPL_FUNCTION(symmetric_tag_verify, "iii", "i"),
    WPL_FUNCTION(symmetric_tag_close, "i", "i"),
};

const size_t symmetric_host_function_count =
    sizeof(symmetric_host_functions) / sizeof(symmetric_host_functions[0]);
