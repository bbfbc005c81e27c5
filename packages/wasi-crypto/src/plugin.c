/*
 * wasi_crypto: the wasi-crypto interface for wasm, on OpenSSL libcrypto.
 *
 * A C re-implementation of WasmEdge's wasi_crypto plug-in (plug-in API
 * version 5). The VM special-cases this plug-in name and asks for exactly
 * these five module descriptors (spec/plugin-abi.md §1.8):
 *
 *   descriptor                      wasm import module                 fns
 *   wasi_crypto_asymmetric_common   wasi_ephemeral_crypto_asymmetric_common 20
 *   wasi_crypto_common              wasi_ephemeral_crypto_common       10
 *   wasi_crypto_kx                  wasi_ephemeral_crypto_kx            3
 *   wasi_crypto_signatures          wasi_ephemeral_crypto_signatures   11
 *   wasi_crypto_symmetric           wasi_ephemeral_crypto_symmetric    28
 *
 * Functions and errors: the *_module.c file of each. No program options.
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
 * symmetric_aead.c, symmetric_crypt_functions.c, symmetric_tag*.c;
 * asymmetric_algorithms.c (signature and kx table), asymmetric_key.c,
 * key_encoding.c and key_raw.c (key encodings), asymmetric_*_functions.c,
 * signature.c (signature encodings), signature_state.c,
 * signature_functions.c, kx_functions.c.
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

/* One Create per descriptor: the module name and its table
 * (`<module>_host_functions`, crypto_modules.h). */
#define CREATE_FUNCTION(create, instance_name, module)                         \
  static WasmEdge_ModuleInstanceContext *create(                               \
      const WasmEdge_ModuleDescriptor *descriptor) {                           \
    (void)descriptor;                                                          \
    return create_crypto_module(instance_name, module##_host_functions,        \
                                module##_host_function_count);                 \
  }

CREATE_FUNCTION(create_asymmetric_module,
                "wasi_ephemeral_crypto_asymmetric_common",
                asymmetric)
CREATE_FUNCTION(create_common_module, "wasi_ephemeral_crypto_common",
                common)
CREATE_FUNCTION(create_kx_module, "wasi_ephemeral_crypto_kx",
                kx)
CREATE_FUNCTION(create_signatures_module, "wasi_ephemeral_crypto_signatures",
                signatures)
CREATE_FUNCTION(create_symmetric_module, "wasi_ephemeral_crypto_symmetric",
                symmetric)

/* Upstream's order. */
static WasmEdge_ModuleDescriptor module_descriptors[] = {
    {
        .Name = "wasi_crypto_asymmetric_common",
        .Description = "wasi-crypto key pairs, public and secret keys",
        .Create = create_asymmetric_module,
    },
    {
        .Name = "wasi_crypto_common",
        .Description = "wasi-crypto common functions: options, array "
                       "outputs, secrets managers",
        .Create = create_common_module,
    },
    {
        .Name = "wasi_crypto_kx",
        .Description = "wasi-crypto key exchange: X25519, P-256, P-384",
        .Create = create_kx_module,
    },
    {
        .Name = "wasi_crypto_signatures",
        .Description = "wasi-crypto signatures: ECDSA, Ed25519, RSA",
        .Create = create_signatures_module,
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
