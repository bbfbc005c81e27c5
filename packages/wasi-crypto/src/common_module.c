/*
 * Module wasi_ephemeral_crypto_common (descriptor wasi_crypto_common): 10
 * functions. Every parameter is i32 except those marked i64; every function
 * returns i32 = crypto_errno. Pointers and lengths are unsigned offsets into
 * the caller's memory 0; "-> x" means x is written to the 4-byte slot at the
 * last pointer, only on success.
 *
 * Errors every function may return:
 *   12 ALGORITHM_FAILURE  a range outside guest memory, or no memory 0
 *   15 INVALID_HANDLE     a handle that is unknown, closed, or of another
 *                         kind (e.g. a symmetric key given as options)
 *
 * array_output_len(array_output, size_ptr) -> total length in bytes
 * array_output_pull(array_output, buf_ptr, buf_len, size_ptr) -> count
 *     Copies min(buf_len, remaining) bytes from the read position and
 *     advances it. When the last byte has been read the handle is closed
 *     (later use -> 15).
 * options_open(algorithm_type, options_ptr) -> options handle
 *     algorithm_type (low 16 bits): 0 signatures, 1 symmetric, 2 key
 *     exchange; other -> 6 UNSUPPORTED_ALGORITHM.
 * options_close(options)
 *     14 CLOSED: unknown or already closed.
 * options_set(options, name_ptr, name_len, value_ptr, value_len)
 *     Symmetric sets: context, salt, nonce (byte copies; names compared
 *     lower-cased). Anything else, and every name on signature or
 *     key-exchange sets -> 7 UNSUPPORTED_OPTION.
 * options_set_u64(options, name_ptr, name_len, value i64)
 *     Symmetric sets: memory_limit, ops_limit, parallelism; else 7.
 * options_set_guest_buffer(options, name_ptr, name_len, buf_ptr, buf_len)
 *     Symmetric sets: buffer (the range must be inside guest memory, else
 *     12; remembered, unused by every algorithm); else 7.
 * secrets_manager_open(opt_options_ptr, secrets_manager_ptr)
 *     Both pointers checked (8 and 4 bytes; 12), then 2 NOT_IMPLEMENTED.
 * secrets_manager_close(secrets_manager)
 *     2 NOT_IMPLEMENTED.
 * secrets_manager_invalidate(secrets_manager, key_id_ptr, key_id_len,
 *                            version i64)
 *     Range checked (12), then 2 NOT_IMPLEMENTED.
 */
#include "common_functions.h"
#include "crypto_modules.h"

const wpl_host_function common_host_functions[] = {
    WPL_FUNCTION(array_output_len, "ii", "i"),
    WPL_FUNCTION(array_output_pull, "iiii", "i"),
    WPL_FUNCTION(options_open, "ii", "i"),
    WPL_FUNCTION(options_close, "i", "i"),
    WPL_FUNCTION(options_set, "iiiii", "i"),
    WPL_FUNCTION(options_set_u64, "iiiI", "i"),
    WPL_FUNCTION(options_set_guest_buffer, "iiiii", "i"),
    WPL_FUNCTION(secrets_manager_open, "ii", "i"),
    WPL_FUNCTION(secrets_manager_close, "i", "i"),
    WPL_FUNCTION(secrets_manager_invalidate, "iiiI", "i"),
};

const size_t common_host_function_count =
    sizeof(common_host_functions) / sizeof(common_host_functions[0]);
