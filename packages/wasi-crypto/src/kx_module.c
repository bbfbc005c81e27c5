/*
 * Module wasi_ephemeral_crypto_kx (descriptor wasi_crypto_kx): 3
 * functions, all parameters i32, every result i32 = crypto_errno;
 * conventions and the errors every function may return (12, 15) as in
 * asymmetric_module.c.
 *
 * kx_dh(pk, sk, shared_secret_ptr) -> array_output with the shared secret
 *     X25519 32 bytes, P256-SHA256 32, P384-SHA384 48 (upstream: the first
 *     32). 15 unless both are key-exchange keys; 8 INVALID_KEY: keys of
 *     two algorithms, or a derivation OpenSSL refuses (an X25519 public
 *     key of low order gives an all-zero secret).
 * kx_encapsulate(pk, secret_ptr, encapsulated_secret_ptr)
 *     both slots checked (12), then 2 NOT_IMPLEMENTED (no KEM).
 * kx_decapsulate(sk, encapsulated_ptr, encapsulated_len, secret_ptr)
 *     ranges checked (12), then 2.
 */
#include "crypto_modules.h"
#include "kx_functions.h"

const wpl_host_function kx_host_functions[] = {
    WPL_FUNCTION(kx_dh, "iii", "i"),
    WPL_FUNCTION(kx_encapsulate, "iii", "i"),
    WPL_FUNCTION(kx_decapsulate, "iiii", "i"),
};

const size_t kx_host_function_count =
    sizeof(kx_host_functions) / sizeof(kx_host_functions[0]);
