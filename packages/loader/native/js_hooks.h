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

// The callbacks the TypeScript side registers, one set per Node environment
// (the main thread and each worker load the addon apart). They live in the
// environment's instance data, which Node deletes while it tears the
// environment down, when deleting a reference is still allowed. As
// namespace-scope objects they were destroyed later, by exit(), calling
// napi_delete_reference on an environment Node had already freed (a
// use-after-free that crashed Debian's arm64 Node 18 at every exit).
struct JsHooks {
  Napi::FunctionReference ErrorFactory;
  Napi::FunctionReference FuncRefFactory;
  Napi::FunctionReference TrapCodeReader;
};

// This environment's hooks, created empty on first use.
JsHooks &jsHooks(Napi::Env Env);

} // namespace host
