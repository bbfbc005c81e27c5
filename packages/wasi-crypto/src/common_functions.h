/* Implementations of the wasi_ephemeral_crypto_common imports, one per
 * import and named like it; registered by common_module.c, which documents
 * each one. */
#ifndef WASI_CRYPTO_COMMON_FUNCTIONS_H
#define WASI_CRYPTO_COMMON_FUNCTIONS_H

#include "guest_io.h"

WPL_HOST_FUNCTION(array_output_len);
WPL_HOST_FUNCTION(array_output_pull);
WPL_HOST_FUNCTION(options_open);
WPL_HOST_FUNCTION(options_close);
WPL_HOST_FUNCTION(options_set);
WPL_HOST_FUNCTION(options_set_u64);
WPL_HOST_FUNCTION(options_set_guest_buffer);
WPL_HOST_FUNCTION(secrets_manager_open);
WPL_HOST_FUNCTION(secrets_manager_close);
WPL_HOST_FUNCTION(secrets_manager_invalidate);

#endif /* WASI_CRYPTO_COMMON_FUNCTIONS_H */
