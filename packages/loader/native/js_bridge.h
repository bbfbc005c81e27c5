// What the C API needs from JavaScript once a module has been given to wasm:
// its memories, tables and globals are then WebAssembly objects that wasm
// may change, so the C side reads and writes them through these functions,
// and values cross between WasmEdge_Value and JS here. All of them run on
// the JS thread (host functions and module creation only happen there).
#pragma once

#include "host_contexts.h"

#include <node_api.h>

namespace host {

// JsRef access for the Node side.
void setRef(JsRef &R, napi_env Env, napi_value V);
napi_value getRef(const JsRef &R);
inline napi_env refEnv(const JsRef &R) { return static_cast<napi_env>(R.Env); }

// Points a JS-backed memory at its current buffer (host::ViewJsMemory).
void viewJsMemory(WasmEdge_MemoryInstanceContext *Mem);

// Installs the hooks of host_contexts.h; called when the addon loads.
void installJsHooks();

// WasmEdge_Value <-> JS for one value type (numbers, i64 as BigInt,
// funcref as a wasm function or null, externref as an External or null).
// fromJs returns false for a value that does not fit the type.
napi_value toJs(napi_env Env, const WasmEdge_ValType &Type, const WasmEdge_Value &V);
bool fromJs(napi_env Env, const WasmEdge_ValType &Type, napi_value In, WasmEdge_Value *Out);

bool growJsMemory(WasmEdge_MemoryInstanceContext *Mem, uint64_t Pages);

bool readJsGlobal(const WasmEdge_GlobalInstanceContext *G, WasmEdge_Value *Out);
bool writeJsGlobal(WasmEdge_GlobalInstanceContext *G, const WasmEdge_Value &V);

uint64_t jsTableSize(const WasmEdge_TableInstanceContext *T);
bool jsTableGet(const WasmEdge_TableInstanceContext *T, uint64_t Index, WasmEdge_Value *Out);
bool jsTableSet(WasmEdge_TableInstanceContext *T, uint64_t Index, const WasmEdge_Value &V);
bool jsTableGrow(WasmEdge_TableInstanceContext *T, uint64_t Delta);

// Creates the WebAssembly.Memory/Table/Global objects of a module's own
// memories, tables and globals (with their current contents) and from then
// on keeps them as the one copy. Returns {memories, tables, globals}, each
// an object by export name.
napi_value exposeModule(napi_env Env, WasmEdge_ModuleInstanceContext *Mod);

// Calls a function instance with C values: a C host function directly, a
// guest's wasm function through JS. Used by ExecutorInvoke.
WasmEdge_Result invokeFunction(const WasmEdge_FunctionInstanceContext *Fn, const WasmEdge_Value *Params,
                               WasmEdge_Value *Returns);

} // namespace host
