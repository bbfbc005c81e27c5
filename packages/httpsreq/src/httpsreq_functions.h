/* The host functions of module `wasmedge_httpsreq`, as a registration
 * table for wpl_module_create (one row per wasm import). */
#ifndef HTTPSREQ_FUNCTIONS_H
#define HTTPSREQ_FUNCTIONS_H

#include <wasmedge/plugin_support.h>

#include <stddef.h>

extern const wpl_host_function httpsreq_host_functions[];
extern const size_t httpsreq_host_function_count;

#endif /* HTTPSREQ_FUNCTIONS_H */
