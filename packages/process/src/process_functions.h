/* The host functions of module `wasmedge_process`, as a registration table
 * for wpl_module_create (one row per wasm import). */
#ifndef PROCESS_FUNCTIONS_H
#define PROCESS_FUNCTIONS_H

#include <wasmedge/plugin_support.h>

#include <stddef.h>

extern const wpl_host_function process_host_functions[];
extern const size_t process_host_function_count;

#endif /* PROCESS_FUNCTIONS_H */
