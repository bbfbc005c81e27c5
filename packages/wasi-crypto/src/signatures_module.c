/*
 * Module wasi_ephemeral_crypto_signatures (descriptor
 * wasi_crypto_signatures): 11 functions, all parameters i32, every result
 * i32 = crypto_errno; conventions and the errors every function may
 * return (12, 15) as in asymmetric_module.c. Algorithms: the signature
 * rows of asymmetric_algorithms.c; encodings: signature.h; streaming and
 * RSA-PSS parameters: signature_state.h.
 *
 * signature_export(signature, encoding, array_output_ptr) -> array_output
 *     5 UNSUPPORTED_ENCODING (RSA der: 2 NOT_IMPLEMENTED, as upstream).
 * signature_import(alg_ptr, alg_len, encoded_ptr, encoded_len, encoding,
 *     signature_ptr) -> signature
 *     6: not a signature algorithm; 5/2 as export; 13 INVALID_SIGNATURE:
 *     wrong length (raw) or not strict DER.
 * signature_state_open(kp, state_ptr) -> sign state
 *     15 unless kp is a signature key pair.
 * signature_state_update(state, input_ptr, input_len)
 *     16 OVERFLOW: Ed25519 message past 256 MiB.
 * signature_state_sign(state, signature_ptr) -> signature
 *     Of everything absorbed so far; the state stays usable.
 * signature_state_close(state)                   14 CLOSED: unknown/closed
 * signature_verification_state_open(pk, state_ptr) -> verification state
 *     15 unless pk is a signature public key.
 * signature_verification_state_update(state, input_ptr, input_len)   16
 * signature_verification_state_verify(state, signature)
 *     0 when it verifies; 13 for a signature of another algorithm; 10
 *     VERIFICATION_FAILED otherwise.
 * signature_verification_state_close(state)      14: unknown/closed
 * signature_close(signature)                     14: unknown/closed
 */
#include "crypto_modules.h"
#include "signature_functions.h"

const wpl_host_function signatures_host_functions[] = {
    WPL_FUNCTION(signature_export, "iii", "i"),
    WPL_FUNCTION(signature_import, "iiiiii", "i"),
    WPL_FUNCTION(signature_state_open, "ii", "i"),
    WPL_FUNCTION(signature_state_update, "iii", "i"),
    WPL_FUNCTION(signature_state_sign, "ii", "i"),
    WPL_FUNCTION(signature_state_close, "i", "i"),
    WPL_FUNCTION(signature_verification_state_open, "ii", "i"),
    WPL_FUNCTION(signature_verification_state_update, "iii", "i"),
    WPL_FUNCTION(signature_verification_state_verify, "ii", "i"),
    WPL_FUNCTION(signature_verification_state_close, "i", "i"),
    WPL_FUNCTION(signature_close, "i", "i"),
};

const size_t signatures_host_function_count =
    sizeof(signatures_host_functions) / sizeof(signatures_host_functions[0]);
