// The bodies of the wasi_ephemeral_nn host functions, one per import. Each
// reads its i32 parameters, checks them in the order shared/spec/wasi-nn.md
// §5 gives, and returns a wasi-nn error number. The registration table is
// in wasi_nn_plugin.cpp.
#ifndef WASI_NN_FUNCTIONS_H
#define WASI_NN_FUNCTIONS_H

#include "nn_guest.h"

namespace wasi_nn {

// nn_load_functions.cpp
wasi_nn_errno nn_load(Instance &, const Guest &, const WasmEdge_Value *);
wasi_nn_errno nn_load_by_name(Instance &, const Guest &, const WasmEdge_Value *);
wasi_nn_errno nn_load_by_name_with_config(Instance &, const Guest &,
                                          const WasmEdge_Value *);
wasi_nn_errno nn_unload(Instance &, const Guest &, const WasmEdge_Value *);

// nn_exec_functions.cpp
wasi_nn_errno nn_init_execution_context(Instance &, const Guest &,
                                        const WasmEdge_Value *);
wasi_nn_errno nn_set_input(Instance &, const Guest &, const WasmEdge_Value *);
wasi_nn_errno nn_compute(Instance &, const Guest &, const WasmEdge_Value *);
wasi_nn_errno nn_get_output(Instance &, const Guest &, const WasmEdge_Value *);
wasi_nn_errno nn_get_output_single(Instance &, const Guest &,
                                   const WasmEdge_Value *);
wasi_nn_errno nn_compute_single(Instance &, const Guest &,
                                const WasmEdge_Value *);
wasi_nn_errno nn_fini_single(Instance &, const Guest &, const WasmEdge_Value *);
wasi_nn_errno nn_finalize_execution_context(Instance &, const Guest &,
                                            const WasmEdge_Value *);

} // namespace wasi_nn

#endif // WASI_NN_FUNCTIONS_H
