/* The host functions of wasi_ephemeral_crypto_signatures (signature_functions.c),
 * declared for signatures_module.c, which documents each. */
#ifndef WASI_CRYPTO_SIGNATURE_FUNCTIONS_H
#define WASI_CRYPTO_SIGNATURE_FUNCTIONS_H

#include <wasmedge/plugin_support.h>

WPL_HOST_FUNCTION(signature_export);
WPL_HOST_FUNCTION(signature_import);
WPL_HOST_FUNCTION(signature_state_open);
WPL_HOST_FUNCTION(signature_state_update);
WPL_HOST_FUNCTION(signature_state_sign);
WPL_HOST_FUNCTION(signature_state_close);
WPL_HOST_FUNCTION(signature_verification_state_open);
WPL_HOST_FUNCTION(signature_verification_state_update);
WPL_HOST_FUNCTION(signature_verification_state_verify);
WPL_HOST_FUNCTION(signature_verification_state_close);
WPL_HOST_FUNCTION(signature_close);

#endif /* WASI_CRYPTO_SIGNATURE_FUNCTIONS_H */
