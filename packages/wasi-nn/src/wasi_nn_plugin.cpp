/*
 * wasi_nn: neural-network inference for wasm through wasi_ephemeral_nn.
 *
 * A re-implementation of WasmEdge's wasi_nn plug-in (C plug-in API 5):
 * plug-in `wasi_nn`, module descriptor `wasi_nn`, wasm import module
 * `wasi_ephemeral_nn`, the twelve functions of upstream 0.17.1 with the
 * same signatures, encodings, targets, tensor types and error numbers, so
 * guests written for upstream run unchanged. One shared core (this
 * directory) and one backend per library (backends/<name>/, chosen at build
 * time with -DWASMEDGE_PLUGIN_BACKEND=<name>); see backend.h.
 *
 * Options (copied into each module instance when it is created):
 *   --nn-preload=NAME:ENCODING:TARGET:PATH[:PATH...][,NAME:...]
 *       models load_by_name can load; several entries separated by commas
 *   --nn-preload-only
 *       no model bytes from the guest: load, and load_by_name_with_config
 *       with a config, answer 6 UnsupportedOperation
 *
 * Model bytes of a known container format (a TorchScript zip) are checked
 * by the core before the backend sees them: central directory, every
 * entry's CRC-32 (model_checks.h); preloaded files too.
 *
 * Functions (all params and results i32; pointers and lengths are unsigned
 * offsets into the caller's memory 0; out-parameters are written only on
 * success):
 *   load(builder_ptr, builder_len, encoding, target, graph_id_ptr)
 *   load_by_name(name_ptr, name_len, graph_id_ptr)
 *   load_by_name_with_config(name_ptr, name_len, config_ptr, config_len,
 *                            graph_id_ptr)
 *   init_execution_context(graph_id, context_id_ptr)
 *   set_input(context_id, index, tensor_ptr)
 *   compute(context_id)
 *   get_output(context_id, index, out_ptr, out_max, bytes_written_ptr)
 *   get_output_single(...same...), compute_single(context_id),
 *   fini_single(context_id)        token streaming: not in these backends
 *   unload(graph_id)               retires the graph id
 *   finalize_execution_context(context_id)  frees the context
 *
 * Results:
 *   0 Success
 *   1 InvalidArgument: a pointer range outside guest memory; target not
 *     CPU/GPU/TPU; more than 64 builders; an encoding whose backend is not
 *     in this library; unknown or retired graph/context id; tensor type
 *     F64 or unknown; more than 32 dimensions; data length not equal to
 *     product(dims) * element size; input or output index out of range;
 *     output larger than out_max (nothing written); what the backend
 *     refuses (builder count, model bytes, target, input type); the
 *     *_single functions
 *     Also: model bytes that fail the core's structural check.
 *   2 InvalidEncoding: encoding low byte 5 (autodetect), 8, or 15 and up
 *   5 RuntimeError: the backend failed while running the model (e.g. a
 *     shape the model cannot take), or an unexpected host failure
 *   6 UnsupportedOperation: load (or a config) under --nn-preload-only
 *   7 TooLarge: 2^32 graph or context ids used up in this instance
 *   8 NotFound: load_by_name of a name no nn-preload entry has
 * Traps (HostFuncError 0x040E), as upstream: the caller has no memory 0
 * (checked first, in every function), or the instance could not allocate
 * its state. Nothing a guest passes crashes the host.
 *
 * Files: nn_preload.cpp (option), nn_state.cpp (ids and tables),
 * nn_load_functions.cpp and nn_exec_functions.cpp (the functions),
 * nn_tables.cpp (encodings, targets, types), backend_registry.cpp.
 */
#include "nn_functions.h"
#include "nn_preload.h"
#include "nn_state.h"

#include <wasmedge/plugin_support.h>

namespace {

using namespace wasi_nn;

constexpr char kInstanceName[] = "wasi_ephemeral_nn";
constexpr char kDescriptorName[] = "wasi_nn";

// One row per import: name, wasm params, wasm results, callback.
const wpl_host_function kFunctions[] = {
    {"load", "iiiii", "i", host_function<nn_load>},
    {"load_by_name", "iii", "i", host_function<nn_load_by_name>},
    {"load_by_name_with_config", "iiiii", "i",
     host_function<nn_load_by_name_with_config>},
    {"init_execution_context", "ii", "i",
     host_function<nn_init_execution_context>},
    {"set_input", "iii", "i", host_function<nn_set_input>},
    {"get_output", "iiiii", "i", host_function<nn_get_output>},
    {"get_output_single", "iiiii", "i", host_function<nn_get_output_single>},
    {"compute", "i", "i", host_function<nn_compute>},
    {"compute_single", "i", "i", host_function<nn_compute_single>},
    {"fini_single", "i", "i", host_function<nn_fini_single>},
    {"unload", "i", "i", host_function<nn_unload>},
    {"finalize_execution_context", "i", "i",
     host_function<nn_finalize_execution_context>},
};

WasmEdge_ModuleInstanceContext *
create_nn_module(const WasmEdge_ModuleDescriptor *) noexcept {
  warn_repeated_preload_flags();
  // With a NULL state the functions still exist and trap when called:
  // Create must never return NULL (the runtime would crash).
  Instance *instance = create_instance();
  return wpl_module_create(kInstanceName, instance, destroy_instance,
                           kFunctions, sizeof(kFunctions) / sizeof(kFunctions[0]));
}

WasmEdge_ModuleDescriptor module_descriptors[] = {
    {kDescriptorName, "Neural-network inference (wasi_ephemeral_nn)",
     create_nn_module},
};

WasmEdge_ProgramOption program_options[] = {
    {"nn-preload",
     "Models load_by_name can load, as NAME:ENCODING:TARGET:PATH; several "
     "entries separated by commas; repeating the flag keeps only the last",
     WasmEdge_ProgramOptionType_String, &nn_preload_option,
     &nn_preload_default /* non-NULL, or the CLI makes it mandatory */},
    {"nn-preload-only",
     "Guests may load only the models of --nn-preload: load (model bytes "
     "from the guest) and a load_by_name_with_config config are refused",
     WasmEdge_ProgramOptionType_Toggle, &nn_preload_only_option, nullptr},
};

const WasmEdge_PluginDescriptor plugin_descriptor = {
    "wasi_nn", // exact: the runtime special-cases this name
    "Neural-network inference for wasm through wasi_ephemeral_nn",
    WASMEDGE_PLUGIN_API_VERSION,
    WPL_PLUGIN_VERSION_DATA,
    sizeof(module_descriptors) / sizeof(module_descriptors[0]),
    sizeof(program_options) / sizeof(program_options[0]),
    module_descriptors,
    program_options,
};

} // namespace

// Declared (exported, C linkage) in wasmedge.h.
const WasmEdge_PluginDescriptor *WasmEdge_Plugin_GetDescriptor(void) {
  return &plugin_descriptor;
}
