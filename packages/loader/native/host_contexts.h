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

struct WasmEdge_MemoryInstanceContext;
struct WasmEdge_FunctionInstanceContext;

namespace host {
// What the C side needs from JS, set by the Node binding when it loads; they
// stay NULL where there is no JS (the cross-architecture test driver links
// only host_api.cpp and host_instances.cpp).
extern void (*ReleaseJsRef)(void *Env, void *Ref);
extern void (*ViewJsMemory)(WasmEdge_MemoryInstanceContext *Mem);
extern void (*ForgetFunction)(WasmEdge_FunctionInstanceContext *Fn);
} // namespace host

// A JS value (napi_env, napi_ref) kept alive for a C object: a
// WebAssembly.Memory, Table, Global or function. Only touched on the JS
// thread, where host functions run; js_bridge.h reads and sets it.
struct JsRef {
  void *Env = nullptr;
  void *Ref = nullptr;
  JsRef() = default;
  JsRef(const JsRef &) = delete;
  JsRef &operator=(const JsRef &) = delete;
  ~JsRef() { reset(); }
  void reset() {
    if (Ref != nullptr && host::ReleaseJsRef != nullptr) {
      host::ReleaseJsRef(Env, Ref);
    }
    Ref = nullptr;
  }
  explicit operator bool() const { return Ref != nullptr; }
};

// One host function: a C callback (HostFunc_t), a language-binding wrapper
// (WrapFunc_t), or a wasm function of a guest seen through JS (Js).
struct WasmEdge_FunctionInstanceContext {
  WasmEdge_FunctionTypeContext Type;
  WasmEdge_HostFunc_t Func = nullptr;
  WasmEdge_WrapFunc_t Wrap = nullptr;
  void *Binding = nullptr;
  void *Data = nullptr;
  uint64_t Cost = 0;
  JsRef Js;       // the callable JS function (guest export, or our wrapper)
  bool FromJs = false; // Js is a guest's function, not a wrapper of ours
  WasmEdge_FunctionInstanceContext() = default;
  ~WasmEdge_FunctionInstanceContext() {
    if (Js && host::ForgetFunction != nullptr) {
      host::ForgetFunction(this); // funcref identity lookups must not find it
    }
  }
};

struct WasmEdge_LimitContext {
  uint64_t Min = 0;
  uint64_t Max = 0;
  bool HasMax = false;
  bool Shared = false;
  bool Is64 = false;
};

struct WasmEdge_MemoryTypeContext {
  WasmEdge_LimitContext Limit;
};

struct WasmEdge_TableTypeContext {
  WasmEdge_ValType RefType{};
  WasmEdge_LimitContext Limit;
};

struct WasmEdge_GlobalTypeContext {
  WasmEdge_ValType ValType{};
  enum WasmEdge_Mutability Mut = WasmEdge_Mutability_Const;
};

struct WasmEdge_TagTypeContext {
  WasmEdge_FunctionTypeContext Type;
};

// Before a module is given to wasm its tables and globals live here; after,
// the WebAssembly.Table / Global in Js is the one copy (wasm may change it).
struct WasmEdge_TableInstanceContext {
  WasmEdge_TableTypeContext Type;
  std::vector<WasmEdge_Value> Elems;
  JsRef Js;
};

struct WasmEdge_GlobalInstanceContext {
  WasmEdge_GlobalTypeContext Type;
  WasmEdge_Value Value{};
  JsRef Js;
};

struct WasmEdge_TagInstanceContext {
  WasmEdge_TagTypeContext Type;
};

struct WasmEdge_MemoryInstanceContext {
  uint8_t *Data = nullptr;
  uint64_t Size = 0;
  WasmEdge_MemoryTypeContext Type;
  // A memory a module adds: its bytes live in Owned until the module is
  // given to wasm, then in the WebAssembly.Memory in Js, whose buffer is
  // re-read before every access (wasm may have grown it meanwhile).
  std::vector<uint8_t> Owned;
  JsRef Js;
  // Grows the backing WebAssembly.Memory by a number of pages and refreshes
  // Data/Size; returns false when the grow was refused. A plain function
  // pointer and context (not std::function): this is set up on every call.
  bool (*Grow)(WasmEdge_MemoryInstanceContext *Self, uint64_t Pages) = nullptr;
  void *GrowContext = nullptr;
};

struct WasmEdge_ModuleInstanceContext {
  std::string Name;
  void *HostData = nullptr;
  void (*Finalizer)(void *) = nullptr;
  // Sorted by name, as the runtime lists them.
  std::map<std::string, std::unique_ptr<WasmEdge_FunctionInstanceContext>>
      Functions;
  std::map<std::string, std::unique_ptr<WasmEdge_MemoryInstanceContext>> Memories;
  std::map<std::string, std::unique_ptr<WasmEdge_TableInstanceContext>> Tables;
  std::map<std::string, std::unique_ptr<WasmEdge_GlobalInstanceContext>> Globals;
  std::map<std::string, std::unique_ptr<WasmEdge_TagInstanceContext>> Tags;
  ~WasmEdge_ModuleInstanceContext() {
    if (Finalizer != nullptr) {
      Finalizer(HostData);
    }
  }
};


struct WasmEdge_CallingFrameContext {
  WasmEdge_MemoryInstanceContext *Memory = nullptr; // NULL: caller has none
  // The calling wasm instance as a module (its exports), when known.
  const WasmEdge_ModuleInstanceContext *Caller = nullptr;
};

// The one executor: it runs host functions directly and wasm functions
// through Node's engine.
struct WasmEdge_ExecutorContext {
  WasmEdge_StatisticsContext *Stat = nullptr;
};

namespace host {

constexpr uint64_t kWasmPageSize = 65536;

// Points a JS-backed memory at its current buffer; memories that are not
// JS-backed need nothing.
inline void syncMemory(WasmEdge_MemoryInstanceContext *Mem) {
  if (Mem->Js && ViewJsMemory != nullptr) {
    ViewJsMemory(Mem);
  }
}

// The process-wide executor CallingFrameGetExecutor hands out.
WasmEdge_ExecutorContext *defaultExecutor();

// Copies a name out of a WasmEdge_String (NULL buffer = empty).
inline std::string toName(const WasmEdge_String &S) {
  return S.Buf == nullptr ? std::string() : std::string(S.Buf, S.Length);
}

// Bounds rule of the ABI: valid iff Offset + Length does not overflow and
// stays within the memory.
inline bool rangeInBounds(const WasmEdge_MemoryInstanceContext *Mem,
                          uint64_t Offset, uint64_t Length) {
  if (Mem == nullptr) {
    return false;
  }
  syncMemory(const_cast<WasmEdge_MemoryInstanceContext *>(Mem));
  uint64_t End = Offset + Length;
  return End >= Offset && End <= Mem->Size;
}

} // namespace host
