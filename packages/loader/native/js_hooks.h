// Identity between C function instances and JS functions (for funcref
// values), the trap code of a JS error, and the callbacks the TypeScript
// side registers for both.
#pragma once

#include "host_contexts.h"

#include <napi.h>

namespace host {

// The wasm function standing for a C function instance (made once by the
// TypeScript factory, then cached on the instance).
napi_value wasmFunctionFor(Napi::Env Env, WasmEdge_FunctionInstanceContext *Fn);

// The C function instance for a JS function: ours, a known guest export, or
// a new one for a guest function seen for the first time.
WasmEdge_FunctionInstanceContext *functionFor(Napi::Env Env, Napi::Function Fn);

// Remembers a function instance whose Js is set, so functionFor finds it.
void rememberFunction(WasmEdge_FunctionInstanceContext *Fn);

// The WasmEdge error code for a JS error thrown by wasm or a host function.
uint32_t trapCodeOf(Napi::Env Env, Napi::Value Error);

void setFuncRefFactory(Napi::Function Factory);
void setTrapCodeReader(Napi::Function Reader);

} // namespace host
