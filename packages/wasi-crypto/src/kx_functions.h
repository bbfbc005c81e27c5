/* The host functions of wasi_ephemeral_crypto_kx (kx_functions.c),
 * declared for kx_module.c, which documents each. */
#ifndef WASI_CRYPTO_KX_FUNCTIONS_H
#define WASI_CRYPTO_KX_FUNCTIONS_H

#include <wasmedge/plugin_support.h>

WPL_HOST_FUNCTION(kx_dh);
WPL_HOST_FUNCTION(kx_encapsulate);
WPL_HOST_FUNCTION(kx_decapsulate);

#endif /* WASI_CRYPTO_KX_FUNCTIONS_H */
