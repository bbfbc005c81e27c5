// The C API's instances beyond host functions: tables, memories, globals and
// tags that a module adds (and finds and lists), host functions bound to a
// language binding, and funcref values. Until a module is given to wasm these
// hold their own contents; afterwards the WebAssembly objects made by
// exposeModule are the one copy and every access goes through js_bridge.
//
// Error codes are the runtime's: a NULL context is WrongVMWorkflow, an index
// past the end TableOutOfBounds, a write to a const global SetValueToConst.
#include "capi_log.h"
#include "js_bridge.h"

#include <algorithm>
#include <cstring>
#include <new>

#define HOST_API extern "C" WASMEDGE_CAPI_EXPORT

namespace {

constexpr uint32_t kSetValueToConst = 0x000A;
constexpr uint32_t kSetValueErrorType = 0x000B;
constexpr uint32_t kTableOutOfBounds = 0x0407;
constexpr uint32_t kRefTypeMismatch = 0x040F;
constexpr uint64_t kMaxPages32 = 65536;

WasmEdge_Result result(uint32_t Code) { return WasmEdge_Result{Code}; }

// Failures are logged at error level, as the runtime does.
WasmEdge_Result failure(uint32_t Code) {
  host::logMessage(WasmEdge_LogLevel_Error, WasmEdge_ResultGetMessage(WasmEdge_Result{Code}));
  return WasmEdge_Result{Code};
}

bool isFuncRef(const WasmEdge_ValType &T) { return T.Data[3] == 0x70; }

WasmEdge_Value nullRef(const WasmEdge_ValType &RefType) {
  WasmEdge_Value V{};
  std::memcpy(&V.Value, RefType.Data, sizeof RefType.Data); // type image in bytes 0-7
  V.Type = RefType;
  return V;
}

// Adds an instance under a name, taking ownership; NULL module: nothing.
template <typename T>
void addInstance(std::map<std::string, std::unique_ptr<T>> &Into, const WasmEdge_String &Name, T *Inst) {
  try {
    Into[host::toName(Name)].reset(Inst);
  } catch (...) {
    delete Inst;
  }
}

template <typename T>
T *findInstance(const std::map<std::string, std::unique_ptr<T>> &In, const WasmEdge_String &Name) {
  auto It = In.find(host::toName(Name));
  return It == In.end() ? nullptr : It->second.get();
}

template <typename T>
uint32_t listNames(const std::map<std::string, std::unique_ptr<T>> &In, WasmEdge_String *Names, uint32_t Len) {
  uint32_t I = 0;
  for (const auto &Entry : In) {
    if (Names != nullptr && I < Len) {
      Names[I] = WasmEdge_String{static_cast<uint32_t>(Entry.first.size()), Entry.first.data()};
    }
    ++I;
  }
  return I;
}

bool growOwnedMemory(WasmEdge_MemoryInstanceContext *Mem, uint64_t Pages) {
  const uint64_t Now = Mem->Owned.size() / host::kWasmPageSize;
  const uint64_t Max = Mem->Type.Limit.HasMax ? Mem->Type.Limit.Max : kMaxPages32;
  if (Pages > Max || Now + Pages > Max) {
    return false;
  }
  try {
    Mem->Owned.resize((Now + Pages) * host::kWasmPageSize);
  } catch (...) {
    return false;
  }
  Mem->Data = Mem->Owned.data();
  Mem->Size = Mem->Owned.size();
  return true;
}

} // namespace

// ---- Module instances: memories, tables, globals, tags ----

HOST_API void WasmEdge_ModuleInstanceAddMemory(WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name,
                                               WasmEdge_MemoryInstanceContext *MemoryCxt) {
  if (Cxt != nullptr && MemoryCxt != nullptr) addInstance(Cxt->Memories, Name, MemoryCxt);
}
HOST_API void WasmEdge_ModuleInstanceAddTable(WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name,
                                              WasmEdge_TableInstanceContext *TableCxt) {
  if (Cxt != nullptr && TableCxt != nullptr) addInstance(Cxt->Tables, Name, TableCxt);
}
HOST_API void WasmEdge_ModuleInstanceAddGlobal(WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name,
                                               WasmEdge_GlobalInstanceContext *GlobalCxt) {
  if (Cxt != nullptr && GlobalCxt != nullptr) addInstance(Cxt->Globals, Name, GlobalCxt);
}

HOST_API WasmEdge_MemoryInstanceContext *WasmEdge_ModuleInstanceFindMemory(const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name) {
  return Cxt ? findInstance(Cxt->Memories, Name) : nullptr;
}
HOST_API WasmEdge_TableInstanceContext *WasmEdge_ModuleInstanceFindTable(const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name) {
  return Cxt ? findInstance(Cxt->Tables, Name) : nullptr;
}
HOST_API WasmEdge_GlobalInstanceContext *WasmEdge_ModuleInstanceFindGlobal(const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name) {
  return Cxt ? findInstance(Cxt->Globals, Name) : nullptr;
}
HOST_API WasmEdge_TagInstanceContext *WasmEdge_ModuleInstanceFindTag(const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name) {
  return Cxt ? findInstance(Cxt->Tags, Name) : nullptr;
}

HOST_API uint32_t WasmEdge_ModuleInstanceListMemoryLength(const WasmEdge_ModuleInstanceContext *Cxt) { return Cxt ? static_cast<uint32_t>(Cxt->Memories.size()) : 0; }
HOST_API uint32_t WasmEdge_ModuleInstanceListTableLength(const WasmEdge_ModuleInstanceContext *Cxt) { return Cxt ? static_cast<uint32_t>(Cxt->Tables.size()) : 0; }
HOST_API uint32_t WasmEdge_ModuleInstanceListGlobalLength(const WasmEdge_ModuleInstanceContext *Cxt) { return Cxt ? static_cast<uint32_t>(Cxt->Globals.size()) : 0; }
HOST_API uint32_t WasmEdge_ModuleInstanceListTagLength(const WasmEdge_ModuleInstanceContext *Cxt) { return Cxt ? static_cast<uint32_t>(Cxt->Tags.size()) : 0; }
HOST_API uint32_t WasmEdge_ModuleInstanceListMemory(const WasmEdge_ModuleInstanceContext *Cxt, WasmEdge_String *Names, const uint32_t Len) { return Cxt ? listNames(Cxt->Memories, Names, Len) : 0; }
HOST_API uint32_t WasmEdge_ModuleInstanceListTable(const WasmEdge_ModuleInstanceContext *Cxt, WasmEdge_String *Names, const uint32_t Len) { return Cxt ? listNames(Cxt->Tables, Names, Len) : 0; }
HOST_API uint32_t WasmEdge_ModuleInstanceListGlobal(const WasmEdge_ModuleInstanceContext *Cxt, WasmEdge_String *Names, const uint32_t Len) { return Cxt ? listNames(Cxt->Globals, Names, Len) : 0; }
HOST_API uint32_t WasmEdge_ModuleInstanceListTag(const WasmEdge_ModuleInstanceContext *Cxt, WasmEdge_String *Names, const uint32_t Len) { return Cxt ? listNames(Cxt->Tags, Names, Len) : 0; }

// ---- Host functions for language bindings ----

HOST_API WasmEdge_FunctionInstanceContext *WasmEdge_FunctionInstanceCreateBinding(
    const WasmEdge_FunctionTypeContext *Type, WasmEdge_WrapFunc_t WrapFunc, void *Binding, void *Data,
    const uint64_t Cost) {
  if (Type == nullptr || WrapFunc == nullptr) {
    return nullptr;
  }
  auto *Fn = new (std::nothrow) WasmEdge_FunctionInstanceContext();
  if (Fn == nullptr) {
    return nullptr;
  }
  try {
    Fn->Type = *Type;
  } catch (...) {
    delete Fn;
    return nullptr;
  }
  Fn->Wrap = WrapFunc;
  Fn->Binding = Binding;
  Fn->Data = Data;
  Fn->Cost = Cost;
  return Fn;
}

// ---- funcref values: the type image in bytes 0-7, the pointer in 8-15 ----

HOST_API WasmEdge_Value WasmEdge_ValueGenFuncRef(const WasmEdge_FunctionInstanceContext *Cxt) {
  WasmEdge_Value V = nullRef(WasmEdge_ValTypeGenFuncRef());
  V.Value |= static_cast<uint128_t>(reinterpret_cast<uintptr_t>(Cxt)) << 64;
  return V;
}

HOST_API const WasmEdge_FunctionInstanceContext *WasmEdge_ValueGetFuncRef(const WasmEdge_Value Val) {
  return reinterpret_cast<const WasmEdge_FunctionInstanceContext *>(static_cast<uintptr_t>(Val.Value >> 64));
}

// ---- Tables ----

HOST_API WasmEdge_TableInstanceContext *WasmEdge_TableInstanceCreateWithInit(const WasmEdge_TableTypeContext *TabType,
                                                                             const WasmEdge_Value Value) {
  if (TabType == nullptr || isFuncRef(TabType->RefType) != isFuncRef(Value.Type)) {
    return nullptr;
  }
  auto *T = new (std::nothrow) WasmEdge_TableInstanceContext();
  if (T == nullptr) {
    return nullptr;
  }
  try {
    T->Type = *TabType;
    T->Elems.assign(TabType->Limit.Min, Value);
  } catch (...) {
    delete T;
    return nullptr;
  }
  return T;
}

HOST_API WasmEdge_TableInstanceContext *WasmEdge_TableInstanceCreate(const WasmEdge_TableTypeContext *TabType) {
  // Only nullable reference types can start out filled with null.
  if (TabType == nullptr || !WasmEdge_ValTypeIsRefNull(TabType->RefType)) {
    return nullptr;
  }
  return WasmEdge_TableInstanceCreateWithInit(TabType, nullRef(TabType->RefType));
}

HOST_API const WasmEdge_TableTypeContext *WasmEdge_TableInstanceGetTableType(const WasmEdge_TableInstanceContext *Cxt) {
  return Cxt ? &Cxt->Type : nullptr;
}

HOST_API uint64_t WasmEdge_TableInstanceGetSize(const WasmEdge_TableInstanceContext *Cxt) {
  if (Cxt == nullptr) return 0;
  return Cxt->Js ? host::jsTableSize(Cxt) : Cxt->Elems.size();
}

HOST_API WasmEdge_Result WasmEdge_TableInstanceGetData(const WasmEdge_TableInstanceContext *Cxt, WasmEdge_Value *Data,
                                                       const uint64_t Offset) {
  if (Cxt == nullptr || Data == nullptr) return result(WasmEdge_ErrCode_WrongVMWorkflow);
  if (Offset >= WasmEdge_TableInstanceGetSize(Cxt)) return failure(kTableOutOfBounds);
  if (Cxt->Js) return host::jsTableGet(Cxt, Offset, Data) ? WasmEdge_Result_Success : result(kTableOutOfBounds);
  *Data = Cxt->Elems[Offset];
  return WasmEdge_Result_Success;
}

HOST_API WasmEdge_Result WasmEdge_TableInstanceSetData(WasmEdge_TableInstanceContext *Cxt, WasmEdge_Value Data,
                                                       const uint64_t Offset) {
  if (Cxt == nullptr) return result(WasmEdge_ErrCode_WrongVMWorkflow);
  if (!WasmEdge_ValTypeIsRef(Data.Type) || isFuncRef(Cxt->Type.RefType) != isFuncRef(Data.Type)) {
    return failure(kRefTypeMismatch);
  }
  if (Offset >= WasmEdge_TableInstanceGetSize(Cxt)) return failure(kTableOutOfBounds);
  if (Cxt->Js) return host::jsTableSet(Cxt, Offset, Data) ? WasmEdge_Result_Success : result(kRefTypeMismatch);
  Cxt->Elems[Offset] = Data;
  return WasmEdge_Result_Success;
}

HOST_API WasmEdge_Result WasmEdge_TableInstanceGrow(WasmEdge_TableInstanceContext *Cxt, const uint64_t Size) {
  if (Cxt == nullptr) return result(WasmEdge_ErrCode_WrongVMWorkflow);
  if (Cxt->Js) return host::jsTableGrow(Cxt, Size) ? WasmEdge_Result_Success : failure(kTableOutOfBounds);
  const uint64_t Now = Cxt->Elems.size();
  const uint64_t Max = Cxt->Type.Limit.HasMax ? Cxt->Type.Limit.Max : UINT32_MAX;
  if (Size > Max || Now + Size > Max) return failure(kTableOutOfBounds);
  try {
    Cxt->Elems.resize(Now + Size, nullRef(Cxt->Type.RefType));
  } catch (...) {
    return result(kTableOutOfBounds);
  }
  return WasmEdge_Result_Success;
}

HOST_API void WasmEdge_TableInstanceDelete(WasmEdge_TableInstanceContext *Cxt) { delete Cxt; }

// ---- Memories ----

HOST_API WasmEdge_MemoryInstanceContext *WasmEdge_MemoryInstanceCreate(const WasmEdge_MemoryTypeContext *MemType) {
  if (MemType == nullptr || MemType->Limit.Min > kMaxPages32 ||
      (MemType->Limit.HasMax && MemType->Limit.Max < MemType->Limit.Min)) {
    return nullptr;
  }
  auto *Mem = new (std::nothrow) WasmEdge_MemoryInstanceContext();
  if (Mem == nullptr) {
    return nullptr;
  }
  try {
    Mem->Type = *MemType;
    Mem->Owned.assign(MemType->Limit.Min * host::kWasmPageSize, 0);
  } catch (...) {
    delete Mem;
    return nullptr;
  }
  Mem->Data = Mem->Owned.data();
  Mem->Size = Mem->Owned.size();
  Mem->Grow = growOwnedMemory;
  return Mem;
}

HOST_API const WasmEdge_MemoryTypeContext *WasmEdge_MemoryInstanceGetMemoryType(const WasmEdge_MemoryInstanceContext *Cxt) {
  return Cxt ? &Cxt->Type : nullptr;
}

HOST_API void WasmEdge_MemoryInstanceDelete(WasmEdge_MemoryInstanceContext *Cxt) { delete Cxt; }

// ---- Globals ----

HOST_API WasmEdge_GlobalInstanceContext *WasmEdge_GlobalInstanceCreate(const WasmEdge_GlobalTypeContext *GlobType,
                                                                       const WasmEdge_Value Value) {
  if (GlobType == nullptr || isFuncRef(GlobType->ValType) != isFuncRef(Value.Type)) {
    return nullptr;
  }
  if (!WasmEdge_ValTypeIsRef(GlobType->ValType) && !WasmEdge_ValTypeIsEqual(GlobType->ValType, Value.Type)) {
    return nullptr;
  }
  auto *G = new (std::nothrow) WasmEdge_GlobalInstanceContext();
  if (G != nullptr) {
    G->Type = *GlobType;
    G->Value = Value;
    G->Value.Type = GlobType->ValType;
  }
  return G;
}

HOST_API const WasmEdge_GlobalTypeContext *WasmEdge_GlobalInstanceGetGlobalType(const WasmEdge_GlobalInstanceContext *Cxt) {
  return Cxt ? &Cxt->Type : nullptr;
}

HOST_API WasmEdge_Value WasmEdge_GlobalInstanceGetValue(const WasmEdge_GlobalInstanceContext *Cxt) {
  if (Cxt == nullptr) {
    return WasmEdge_ValueGenI32(0);
  }
  WasmEdge_Value V = Cxt->Value;
  if (Cxt->Js && !host::readJsGlobal(Cxt, &V)) {
    V = Cxt->Value;
  }
  return V;
}

HOST_API WasmEdge_Result WasmEdge_GlobalInstanceSetValue(WasmEdge_GlobalInstanceContext *Cxt, const WasmEdge_Value Value) {
  if (Cxt == nullptr) return result(WasmEdge_ErrCode_WrongVMWorkflow);
  if (Cxt->Type.Mut != WasmEdge_Mutability_Var) return failure(kSetValueToConst);
  const WasmEdge_ValType &Want = Cxt->Type.ValType;
  if (WasmEdge_ValTypeIsRef(Want)) {
    if (isFuncRef(Want) != isFuncRef(Value.Type)) return result(kRefTypeMismatch);
  } else if (!WasmEdge_ValTypeIsEqual(Want, Value.Type)) {
    return result(kSetValueErrorType);
  }
  WasmEdge_Value Stored = Value;
  Stored.Type = Want;
  if (Cxt->Js && !host::writeJsGlobal(Cxt, Stored)) return result(kSetValueErrorType);
  Cxt->Value = Stored;
  return WasmEdge_Result_Success;
}

HOST_API void WasmEdge_GlobalInstanceDelete(WasmEdge_GlobalInstanceContext *Cxt) { delete Cxt; }

// ---- Tags (only a wasm module defines them; none in host modules) ----

HOST_API const WasmEdge_TagTypeContext *WasmEdge_TagInstanceGetTagType(const WasmEdge_TagInstanceContext *Cxt) {
  return Cxt ? &Cxt->Type : nullptr;
}
