// The host side of the WasmEdge C plug-in API (version 5), part 2: function
// types and instances, module instances, the calling frame, guest memory and
// the runtime version (part 1 is host_api.cpp; the rest of the C API is in
// the capi_*.cpp files). Exported from the addon under libwasmedge.so.0's
// SONAME and symbol versions, so plug-ins resolve against them.
//
// All functions are noexcept: a C caller cannot handle a C++ exception, so an
// allocation failure becomes the documented NULL / empty result instead.
#include "host_contexts.h"

#include <cstring>
#include <new>

#define HOST_API extern "C" WASMEDGE_CAPI_EXPORT

namespace host {

void (*ReleaseJsRef)(void *Env, void *Ref) = nullptr;
void (*ViewJsMemory)(WasmEdge_MemoryInstanceContext *Mem) = nullptr;
void (*ForgetFunction)(WasmEdge_FunctionInstanceContext *Fn) = nullptr;

WasmEdge_ExecutorContext *defaultExecutor() {
  static WasmEdge_ExecutorContext Executor;
  return &Executor;
}

} // namespace host

// ---- Function types ----

HOST_API WasmEdge_FunctionTypeContext *WasmEdge_FunctionTypeCreate(
    const WasmEdge_ValType *ParamList, const uint32_t ParamLen,
    const WasmEdge_ValType *ReturnList, const uint32_t ReturnLen) {
  auto *Type = new (std::nothrow) WasmEdge_FunctionTypeContext();
  if (Type == nullptr) {
    return nullptr;
  }
  try {
    if (ParamList != nullptr) {
      Type->Params.assign(ParamList, ParamList + ParamLen);
    }
    if (ReturnList != nullptr) {
      Type->Returns.assign(ReturnList, ReturnList + ReturnLen);
    }
  } catch (...) {
    delete Type;
    return nullptr;
  }
  return Type;
}

namespace {

uint32_t copyTypes(const std::vector<WasmEdge_ValType> &From,
                          WasmEdge_ValType *List, uint32_t Len) {
  for (uint32_t I = 0; List != nullptr && I < Len && I < From.size(); ++I) {
    List[I] = From[I];
  }
  return static_cast<uint32_t>(From.size());
}

} // namespace

HOST_API uint32_t WasmEdge_FunctionTypeGetParametersLength(const WasmEdge_FunctionTypeContext *Cxt) {
  return Cxt == nullptr ? 0 : static_cast<uint32_t>(Cxt->Params.size());
}
HOST_API uint32_t WasmEdge_FunctionTypeGetParameters(const WasmEdge_FunctionTypeContext *Cxt, WasmEdge_ValType *List, const uint32_t Len) {
  return Cxt == nullptr ? 0 : copyTypes(Cxt->Params, List, Len);
}
HOST_API uint32_t WasmEdge_FunctionTypeGetReturnsLength(const WasmEdge_FunctionTypeContext *Cxt) {
  return Cxt == nullptr ? 0 : static_cast<uint32_t>(Cxt->Returns.size());
}
HOST_API uint32_t WasmEdge_FunctionTypeGetReturns(const WasmEdge_FunctionTypeContext *Cxt, WasmEdge_ValType *List, const uint32_t Len) {
  return Cxt == nullptr ? 0 : copyTypes(Cxt->Returns, List, Len);
}
HOST_API void WasmEdge_FunctionTypeDelete(WasmEdge_FunctionTypeContext *Cxt) { delete Cxt; }

// ---- Function instances ----

HOST_API WasmEdge_FunctionInstanceContext *WasmEdge_FunctionInstanceCreate(
    const WasmEdge_FunctionTypeContext *Type, WasmEdge_HostFunc_t HostFunc,
    void *Data, const uint64_t Cost) {
  if (Type == nullptr || HostFunc == nullptr) {
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
  Fn->Func = HostFunc;
  Fn->Data = Data;
  Fn->Cost = Cost;
  return Fn;
}

HOST_API const WasmEdge_FunctionTypeContext *WasmEdge_FunctionInstanceGetFunctionType(const WasmEdge_FunctionInstanceContext *Cxt) {
  return Cxt == nullptr ? nullptr : &Cxt->Type;
}
HOST_API const void *WasmEdge_FunctionInstanceGetData(const WasmEdge_FunctionInstanceContext *Cxt) {
  return Cxt == nullptr ? nullptr : Cxt->Data;
}
HOST_API void WasmEdge_FunctionInstanceDelete(WasmEdge_FunctionInstanceContext *Cxt) { delete Cxt; }

// ---- Module instances ----

HOST_API WasmEdge_ModuleInstanceContext *WasmEdge_ModuleInstanceCreateWithData(
    const WasmEdge_String ModuleName, void *HostData, void (*Finalizer)(void *)) {
  auto *Mod = new (std::nothrow) WasmEdge_ModuleInstanceContext();
  if (Mod == nullptr) {
    return nullptr;
  }
  try {
    Mod->Name.assign(ModuleName.Buf == nullptr ? "" : ModuleName.Buf, ModuleName.Length);
  } catch (...) {
    delete Mod;
    return nullptr;
  }
  Mod->HostData = HostData;
  Mod->Finalizer = Finalizer;
  return Mod;
}

HOST_API WasmEdge_ModuleInstanceContext *WasmEdge_ModuleInstanceCreate(const WasmEdge_String ModuleName) {
  return WasmEdge_ModuleInstanceCreateWithData(ModuleName, nullptr, nullptr);
}

HOST_API void *WasmEdge_ModuleInstanceGetHostData(const WasmEdge_ModuleInstanceContext *Cxt) {
  return Cxt == nullptr ? nullptr : Cxt->HostData;
}

HOST_API WasmEdge_String WasmEdge_ModuleInstanceGetModuleName(const WasmEdge_ModuleInstanceContext *Cxt) {
  if (Cxt == nullptr) {
    return WasmEdge_String{0, nullptr};
  }
  return WasmEdge_String{static_cast<uint32_t>(Cxt->Name.size()), Cxt->Name.data()};
}

HOST_API void WasmEdge_ModuleInstanceAddFunction(WasmEdge_ModuleInstanceContext *Cxt,
                                                 const WasmEdge_String Name,
                                                 WasmEdge_FunctionInstanceContext *FuncCxt) {
  if (Cxt == nullptr || FuncCxt == nullptr) {
    return;
  }
  try {
    std::string Key(Name.Buf == nullptr ? "" : Name.Buf, Name.Length);
    Cxt->Functions[Key].reset(FuncCxt); // a repeated name replaces the export
  } catch (...) {
    delete FuncCxt; // ownership was passed to us; do not leak it
  }
}

HOST_API WasmEdge_FunctionInstanceContext *WasmEdge_ModuleInstanceFindFunction(
    const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name) {
  if (Cxt == nullptr) {
    return nullptr;
  }
  auto It = Cxt->Functions.find(std::string(Name.Buf == nullptr ? "" : Name.Buf, Name.Length));
  return It == Cxt->Functions.end() ? nullptr : It->second.get();
}

HOST_API uint32_t WasmEdge_ModuleInstanceListFunctionLength(const WasmEdge_ModuleInstanceContext *Cxt) {
  return Cxt == nullptr ? 0 : static_cast<uint32_t>(Cxt->Functions.size());
}

HOST_API uint32_t WasmEdge_ModuleInstanceListFunction(const WasmEdge_ModuleInstanceContext *Cxt,
                                                      WasmEdge_String *Names, const uint32_t Len) {
  if (Cxt == nullptr) {
    return 0;
  }
  uint32_t I = 0;
  for (const auto &Entry : Cxt->Functions) {
    if (Names != nullptr && I < Len) {
      Names[I] = WasmEdge_String{static_cast<uint32_t>(Entry.first.size()), Entry.first.data()};
    }
    ++I;
  }
  return I;
}

HOST_API void WasmEdge_ModuleInstanceDelete(WasmEdge_ModuleInstanceContext *Cxt) { delete Cxt; }

// ---- Calling frame ----

// The executor runs host functions directly and wasm functions through
// Node, so ExecutorInvoke works from inside a host function.
HOST_API WasmEdge_ExecutorContext *WasmEdge_CallingFrameGetExecutor(const WasmEdge_CallingFrameContext *Cxt) {
  return Cxt == nullptr ? nullptr : host::defaultExecutor();
}

// The calling wasm instance as a module: its exported functions (callable
// with ExecutorInvoke) and memories, by export name.
HOST_API const WasmEdge_ModuleInstanceContext *WasmEdge_CallingFrameGetModuleInstance(const WasmEdge_CallingFrameContext *Cxt) {
  return Cxt == nullptr ? nullptr : Cxt->Caller;
}

HOST_API WasmEdge_MemoryInstanceContext *WasmEdge_CallingFrameGetMemoryInstance(
    const WasmEdge_CallingFrameContext *Cxt, const uint32_t Idx) {
  if (Cxt == nullptr || Idx != 0) {
    return nullptr; // wasm instances in Node expose at most one memory to us
  }
  return Cxt->Memory;
}

// ---- Memory instances ----

HOST_API uint8_t *WasmEdge_MemoryInstanceGetPointer(WasmEdge_MemoryInstanceContext *Cxt,
                                                    const uint64_t Offset, const uint64_t Length) {
  if (!host::rangeInBounds(Cxt, Offset, Length)) {
    return nullptr;
  }
  // A zero-length access at the end is valid; give a non-NULL pointer even
  // for an empty (zero-page) memory.
  static uint8_t EmptyMemory;
  return Cxt->Data == nullptr ? &EmptyMemory : Cxt->Data + Offset;
}

HOST_API const uint8_t *WasmEdge_MemoryInstanceGetPointerConst(const WasmEdge_MemoryInstanceContext *Cxt,
                                                               const uint64_t Offset, const uint64_t Length) {
  return WasmEdge_MemoryInstanceGetPointer(const_cast<WasmEdge_MemoryInstanceContext *>(Cxt), Offset, Length);
}

HOST_API WasmEdge_Result WasmEdge_MemoryInstanceGetData(const WasmEdge_MemoryInstanceContext *Cxt, uint8_t *Data,
                                                        const uint64_t Offset, const uint64_t Length) {
  if (Cxt == nullptr || Data == nullptr) {
    return WasmEdge_Result{WasmEdge_ErrCode_WrongVMWorkflow};
  }
  if (!host::rangeInBounds(Cxt, Offset, Length)) {
    return WasmEdge_Result{WasmEdge_ErrCode_MemoryOutOfBounds};
  }
  if (Length > 0) {
    std::memcpy(Data, Cxt->Data + Offset, Length);
  }
  return WasmEdge_Result_Success;
}

HOST_API WasmEdge_Result WasmEdge_MemoryInstanceSetData(WasmEdge_MemoryInstanceContext *Cxt, const uint8_t *Data,
                                                        const uint64_t Offset, const uint64_t Length) {
  if (Cxt == nullptr || Data == nullptr) {
    return WasmEdge_Result{WasmEdge_ErrCode_WrongVMWorkflow};
  }
  if (!host::rangeInBounds(Cxt, Offset, Length)) {
    return WasmEdge_Result{WasmEdge_ErrCode_MemoryOutOfBounds};
  }
  if (Length > 0) {
    std::memcpy(Cxt->Data + Offset, Data, Length);
  }
  return WasmEdge_Result_Success;
}

HOST_API uint64_t WasmEdge_MemoryInstanceGetPageSize(const WasmEdge_MemoryInstanceContext *Cxt) {
  if (Cxt == nullptr) {
    return 0;
  }
  host::syncMemory(const_cast<WasmEdge_MemoryInstanceContext *>(Cxt));
  return Cxt->Size / host::kWasmPageSize;
}

HOST_API WasmEdge_Result WasmEdge_MemoryInstanceGrowPage(WasmEdge_MemoryInstanceContext *Cxt, const uint64_t Page) {
  if (Cxt == nullptr || Cxt->Grow == nullptr || !Cxt->Grow(Cxt, Page)) {
    return WasmEdge_Result{WasmEdge_ErrCode_MemoryOutOfBounds};
  }
  return WasmEdge_Result_Success;
}

// ---- Version: the runtime this host stands in for ----

HOST_API const char *WasmEdge_VersionGet(void) { return "0.17.1"; }
HOST_API uint32_t WasmEdge_VersionGetMajor(void) { return 0; }
HOST_API uint32_t WasmEdge_VersionGetMinor(void) { return 17; }
HOST_API uint32_t WasmEdge_VersionGetPatch(void) { return 1; }
