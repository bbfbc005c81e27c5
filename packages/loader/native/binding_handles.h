// The JS handles of created modules and their host functions, shared by the
// binding files.
#pragma once

#include "host_contexts.h"

#include <memory>
#include <string>

namespace host {

// A created module; shared by the JS handles of its functions so that the
// module (and its finalizer) outlives every function that can still be called.
struct ModuleBox {
  WasmEdge_ModuleInstanceContext *Ctx = nullptr;
  // The wasm instance that imports this module, seen as a module (its
  // exports), for CallingFrameGetModuleInstance; set by attachCaller.
  std::unique_ptr<WasmEdge_ModuleInstanceContext> Caller;
  ~ModuleBox() { dispose(); }
  void dispose() {
    WasmEdge_ModuleInstanceDelete(Ctx); // runs the plug-in's finalizer once
    Ctx = nullptr;
    Caller.reset();
  }
};

struct FunctionRef {
  std::shared_ptr<ModuleBox> Box;
  WasmEdge_FunctionInstanceContext *Fn = nullptr;
  std::string Name;
};

} // namespace host
