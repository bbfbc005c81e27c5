// The host's concrete representation of the opaque WasmEdge contexts.
//
// Plug-ins only ever hold pointers to these; the layouts are ours. Guest
// memory is a view of a WebAssembly.Memory's ArrayBuffer that the binding
// refreshes at the start of every host call (and after a grow), because the
// buffer is replaced whenever wasm memory grows.
#pragma once

#include <wasmedge/wasmedge.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct WasmEdge_FunctionTypeContext {
  std::vector<WasmEdge_ValType> Params;
  std::vector<WasmEdge_ValType> Returns;
};

struct WasmEdge_FunctionInstanceContext {
  WasmEdge_FunctionTypeContext Type;
  WasmEdge_HostFunc_t Func = nullptr;
  void *Data = nullptr;
  uint64_t Cost = 0;
};

struct WasmEdge_ModuleInstanceContext {
  std::string Name;
  void *HostData = nullptr;
  void (*Finalizer)(void *) = nullptr;
  // Sorted by name, as the runtime lists them.
  std::map<std::string, std::unique_ptr<WasmEdge_FunctionInstanceContext>>
      Functions;
  ~WasmEdge_ModuleInstanceContext() {
    if (Finalizer != nullptr) {
      Finalizer(HostData);
    }
  }
};

struct WasmEdge_MemoryInstanceContext {
  uint8_t *Data = nullptr;
  uint64_t Size = 0;
  // Grows the backing WebAssembly.Memory by a number of pages and refreshes
  // Data/Size; returns false when the grow was refused. A plain function
  // pointer and context (not std::function): this is set up on every call.
  bool (*Grow)(WasmEdge_MemoryInstanceContext *Self, uint64_t Pages) = nullptr;
  void *GrowContext = nullptr;
};

struct WasmEdge_CallingFrameContext {
  WasmEdge_MemoryInstanceContext *Memory = nullptr; // NULL: caller has none
};

namespace host {

constexpr uint64_t kWasmPageSize = 65536;

// Bounds rule of the ABI: valid iff Offset + Length does not overflow and
// stays within the memory.
inline bool rangeInBounds(const WasmEdge_MemoryInstanceContext *Mem,
                          uint64_t Offset, uint64_t Length) {
  if (Mem == nullptr) {
    return false;
  }
  uint64_t End = Offset + Length;
  return End >= Offset && End <= Mem->Size;
}

} // namespace host
