/* The registration tables of the wasi_crypto modules, for plugin.c. */
#ifndef WASI_CRYPTO_MODULES_H
#define WASI_CRYPTO_MODULES_H

#include <wasmedge/plugin_support.h>

#include <stddef.h>

/* wasi_ephemeral_crypto_common (common_module.c) */
extern const wpl_host_function common_host_functions[];
extern const size_t common_host_function_count;

/* wasi_ephemeral_crypto_symmetric (symmetric_module.c) */
extern const wpl_host_function symmetric_host_functions[];
extern const size_t symmetric_host_function_count;

/* wasi_ephemeral_crypto_asymmetric_common (asymmetric_module.c) */
extern const wpl_host_function asymmetric_host_functions[];
extern const size_t asymmetric_host_function_count;

/* wasi_ephemeral_crypto_kx (kx_module.c) */
extern const wpl_host_function kx_host_functions[];
extern const size_t kx_host_function_count;

/* wasi_ephemeral_crypto_signatures (signatures_module.c) */
extern const wpl_host_function signatures_host_functions[];
extern const size_t signatures_host_function_count;

#endif /* WASI_CRYPTO_MODULES_H */
