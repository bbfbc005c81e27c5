/*
 * wasi_crypto: the wasi-crypto interface for wasm, on OpenSSL libcrypto.
 *
 * A C re-implementation of WasmEdge's wasi_crypto plug-in (plug-in API
 * version 5). The VM special-cases this plug-in name and asks for exactly
 * five module descriptors (spec/plugin-abi.md §1.8); this part ships two:
 *
 *   descriptor              wasm import module                functions
 *   wasi_crypto_common      wasi_ephemeral_crypto_common      10
 *   wasi_crypto_symmetric   wasi_ephemeral_crypto_symmetric   28
 *
 * (asymmetric_common, kx and signatures come in part 2; until then the VM
 * gives guests its mock for them). Functions and errors: common_module.c
 * and symmetric_module.c. No program options.
 *
 * Every instance holds a reference on one shared crypto context
 * (crypto_context.h), so handles made through one module work through the
 * others; the finalizer of the last instance destroys it. Create never
 * returns NULL: without a context the functions exist and answer 17.
 *
 * Files: crypto_context.c (shared state), handles.c (handle tables),
 * error_map.c (OpenSSL failures -> errno), guest_io.c (guest memory),
 * options.c, array_output.c, byte_buffer.c (wiped secrets),
 * common_functions.c, symmetric_algorithms.c, symmetric_key*.c,
 * symmetric_state*.c, symmetric_digest.c, symmetric_hkdf.c,
 * symmetric_aead.c, symmetric_crypt_functions.c, symmetric_tag*.c.
 */
#include "crypto_context.h"
#include "crypto_modules.h"

#include <wasmedge/plugin_support.h>

#include <stdio.h>

/* Builds one module on a new reference to the shared context. */
static WasmEdge_ModuleInstanceContext *
create_crypto_module(const char *instance_name,
                     const wpl_host_function *table, size_t count) {
  crypto_context *context = crypto_context_retain();
  if (context == NULL) {
    fprintf(stderr, "wasi_crypto: cannot create the shared crypto context "
                    "(out of memory, or OpenSSL failed to initialise); "
                    "every %s call will return 17\n",
            instance_name);
  }
  return wpl_module_create(instance_name, context, crypto_context_release,
                           table, count);
}

static WasmEdge_ModuleInstanceContext *
create_common_module(const WasmEdge_ModuleDescriptor *descriptor) {
  (void)descriptor;
  return create_crypto_module("wasi_ephemeral_crypto_common",
                              common_host_functions,
                              common_host_function_count);
}

static WasmEdge_ModuleInstanceContext *
create_symmetric_module(const WasmEdge_ModuleDescriptor *descriptor) {
  (void)descriptor;
  return create_crypto_module("wasi_ephemeral_crypto_symmetric",
                              symmetric_host_functions,
                              symmetric_host_function_count);
}

/* Upstream's order is asymmetric_common, common, kx, signatures,
 * symmetric; part 2 inserts its three where they belong. */
static WasmEdge_ModuleDescriptor module_descriptors[] = {
    {
        .Name = "wasi_crypto_common",
        .Description = "wasi-crypto common functions: options, array "
                       "outputs, secrets managers",
        .Create = create_common_module,
    },
    {
        .Name = "wasi_crypto_symmetric",
        .Description = "wasi-crypto symmetric operations: hashes, HMAC, "
                       "HKDF, AES-GCM, ChaCha20-Poly1305",
        .Create = create_symmetric_module,
    },
};

static const WasmEdge_PluginDescriptor plugin_descriptor = {
    .Name = "wasi_crypto",
    .Description = "The wasi-crypto interface on OpenSSL libcrypto",
    .APIVersion = WASMEDGE_PLUGIN_API_VERSION,
    .Version = WPL_PLUGIN_VERSION_DATA,
    .ModuleCount = sizeof(module_descriptors) / sizeof(module_descriptors[0]),
    .ProgramOptionCount = 0,
    .ModuleDescriptions = module_descriptors,
    .ProgramOptions = NULL,
};

const WasmEdge_PluginDescriptor *WasmEdge_Plugin_GetDescriptor(void) {
  return &plugin_descriptor;
}
