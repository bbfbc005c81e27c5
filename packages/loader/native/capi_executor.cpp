// The C API's executor, store and asynchronous results, as far as they make
// sense when Node runs the wasm: ExecutorInvoke calls host functions directly
// and guest functions through JS; a store is a registry of module instances
// by name; an "asynchronous" invoke runs at once and keeps its result.
// Instantiating an AST module needs WasmEdge's loader, which this host does
// not have: those calls get the runtime's answer for a missing AST module
// (WrongVMWorkflow).
#include "js_bridge.h"

#include <new>

#define HOST_API extern "C" WASMEDGE_CAPI_EXPORT

namespace {

constexpr uint32_t kModuleNameConflict = 0x0300;
constexpr uint32_t kFuncSigMismatch = 0x0403;

WasmEdge_Result result(uint32_t Code) { return WasmEdge_Result{Code}; }

} // namespace

struct WasmEdge_StoreContext {
  // Borrowed: the caller keeps owning the registered module instances.
  std::map<std::string, const WasmEdge_ModuleInstanceContext *> Modules;
};

struct WasmEdge_Async {
  WasmEdge_Result Result{};
  std::vector<WasmEdge_Value> Returns;
};

// ---- Executor ----

HOST_API WasmEdge_ExecutorContext *WasmEdge_ExecutorCreate(const WasmEdge_ConfigureContext *,
                                                           WasmEdge_StatisticsContext *StatCxt) {
  auto *E = new (std::nothrow) WasmEdge_ExecutorContext();
  if (E != nullptr) {
    E->Stat = StatCxt;
  }
  return E;
}

HOST_API void WasmEdge_ExecutorDelete(WasmEdge_ExecutorContext *Cxt) {
  if (Cxt != host::defaultExecutor()) {
    delete Cxt;
  }
}

HOST_API WasmEdge_Result WasmEdge_ExecutorInvoke(WasmEdge_ExecutorContext *Cxt,
                                                 const WasmEdge_FunctionInstanceContext *FuncCxt,
                                                 const WasmEdge_Value *Params, const uint32_t ParamLen,
                                                 WasmEdge_Value *Returns, const uint32_t ReturnLen) {
  if (Cxt == nullptr || FuncCxt == nullptr) {
    return result(WasmEdge_ErrCode_WrongVMWorkflow);
  }
  const auto &Type = FuncCxt->Type;
  if (FuncCxt->FromJs && Type.Params.empty() && Type.Returns.empty() && ParamLen > 0) {
    return result(kFuncSigMismatch); // a guest function whose type we never learned
  }
  if (ParamLen != Type.Params.size() || (ParamLen > 0 && Params == nullptr)) {
    return result(kFuncSigMismatch);
  }
  for (uint32_t I = 0; I < ParamLen; ++I) {
    if (!WasmEdge_ValTypeIsEqual(Params[I].Type, Type.Params[I])) {
      return result(kFuncSigMismatch);
    }
  }
  std::vector<WasmEdge_Value> All;
  try {
    All.resize(Type.Returns.size());
  } catch (...) {
    return result(WasmEdge_ErrCode_RuntimeError);
  }
  WasmEdge_Result Res = host::invokeFunction(FuncCxt, Params, All.data());
  if (WasmEdge_ResultOK(Res)) {
    // Fewer return slots than results: the rest are dropped, as the runtime.
    for (uint32_t I = 0; Returns != nullptr && I < ReturnLen && I < All.size(); ++I) {
      Returns[I] = All[I];
      Returns[I].Type = Type.Returns[I];
    }
  }
  return Res;
}

HOST_API WasmEdge_Async *WasmEdge_ExecutorAsyncInvoke(WasmEdge_ExecutorContext *Cxt,
                                                      const WasmEdge_FunctionInstanceContext *FuncCxt,
                                                      const WasmEdge_Value *Params, const uint32_t ParamLen) {
  if (Cxt == nullptr || FuncCxt == nullptr) {
    return nullptr;
  }
  auto *A = new (std::nothrow) WasmEdge_Async();
  if (A == nullptr) {
    return nullptr;
  }
  try {
    A->Returns.resize(FuncCxt->Type.Returns.size());
  } catch (...) {
    delete A;
    return nullptr;
  }
  A->Result = WasmEdge_ExecutorInvoke(Cxt, FuncCxt, Params, ParamLen, A->Returns.data(),
                                      static_cast<uint32_t>(A->Returns.size()));
  return A;
}

HOST_API WasmEdge_Result WasmEdge_ExecutorInstantiate(WasmEdge_ExecutorContext *, WasmEdge_ModuleInstanceContext **,
                                                      WasmEdge_StoreContext *, const WasmEdge_ASTModuleContext *) {
  return result(WasmEdge_ErrCode_WrongVMWorkflow);
}

HOST_API WasmEdge_Result WasmEdge_ExecutorRegister(WasmEdge_ExecutorContext *, WasmEdge_ModuleInstanceContext **,
                                                   WasmEdge_StoreContext *, const WasmEdge_ASTModuleContext *,
                                                   WasmEdge_String) {
  return result(WasmEdge_ErrCode_WrongVMWorkflow);
}

HOST_API WasmEdge_Result WasmEdge_ExecutorRegisterImportWithAlias(WasmEdge_ExecutorContext *Cxt,
                                                                  WasmEdge_StoreContext *StoreCxt,
                                                                  const WasmEdge_ModuleInstanceContext *ImportCxt,
                                                                  const WasmEdge_String ModuleName) {
  if (Cxt == nullptr || StoreCxt == nullptr || ImportCxt == nullptr) {
    return result(WasmEdge_ErrCode_WrongVMWorkflow);
  }
  try {
    if (!StoreCxt->Modules.emplace(host::toName(ModuleName), ImportCxt).second) {
      return result(kModuleNameConflict);
    }
  } catch (...) {
    return result(WasmEdge_ErrCode_RuntimeError);
  }
  return WasmEdge_Result_Success;
}

HOST_API WasmEdge_Result WasmEdge_ExecutorRegisterImport(WasmEdge_ExecutorContext *Cxt, WasmEdge_StoreContext *StoreCxt,
                                                         const WasmEdge_ModuleInstanceContext *ImportCxt) {
  if (ImportCxt == nullptr) {
    return result(WasmEdge_ErrCode_WrongVMWorkflow);
  }
  WasmEdge_String Name{static_cast<uint32_t>(ImportCxt->Name.size()), ImportCxt->Name.data()};
  return WasmEdge_ExecutorRegisterImportWithAlias(Cxt, StoreCxt, ImportCxt, Name);
}

// Hooks around every host call; Node gives no place to run them, so they
// are accepted and never called.
HOST_API void WasmEdge_ExecutorExperimentalRegisterPreHostFunction(WasmEdge_ExecutorContext *, void *, void (*)(void *)) {}
HOST_API void WasmEdge_ExecutorExperimentalRegisterPostHostFunction(WasmEdge_ExecutorContext *, void *, void (*)(void *)) {}

// ---- Store ----

HOST_API WasmEdge_StoreContext *WasmEdge_StoreCreate(void) { return new (std::nothrow) WasmEdge_StoreContext(); }

HOST_API const WasmEdge_ModuleInstanceContext *WasmEdge_StoreFindModule(const WasmEdge_StoreContext *Cxt,
                                                                        const WasmEdge_String Name) {
  if (Cxt == nullptr) return nullptr;
  auto It = Cxt->Modules.find(host::toName(Name));
  return It == Cxt->Modules.end() ? nullptr : It->second;
}

HOST_API uint32_t WasmEdge_StoreListModuleLength(const WasmEdge_StoreContext *Cxt) {
  return Cxt ? static_cast<uint32_t>(Cxt->Modules.size()) : 0;
}

HOST_API uint32_t WasmEdge_StoreListModule(const WasmEdge_StoreContext *Cxt, WasmEdge_String *Names, const uint32_t Len) {
  if (Cxt == nullptr) return 0;
  uint32_t I = 0;
  for (const auto &Entry : Cxt->Modules) {
    if (Names != nullptr && I < Len) {
      Names[I] = WasmEdge_String{static_cast<uint32_t>(Entry.first.size()), Entry.first.data()};
    }
    ++I;
  }
  return I;
}

HOST_API void WasmEdge_StoreDelete(WasmEdge_StoreContext *Cxt) { delete Cxt; }

// ---- Asynchronous results (already complete when returned) ----

HOST_API void WasmEdge_AsyncWait(const WasmEdge_Async *) {}
HOST_API bool WasmEdge_AsyncWaitFor(const WasmEdge_Async *Cxt, uint64_t) { return Cxt != nullptr; }
HOST_API void WasmEdge_AsyncCancel(WasmEdge_Async *) {}
HOST_API uint32_t WasmEdge_AsyncGetReturnsLength(const WasmEdge_Async *Cxt) {
  return Cxt ? static_cast<uint32_t>(Cxt->Returns.size()) : 0;
}
HOST_API WasmEdge_Result WasmEdge_AsyncGet(const WasmEdge_Async *Cxt, WasmEdge_Value *Returns, const uint32_t ReturnLen) {
  if (Cxt == nullptr) return result(WasmEdge_ErrCode_WrongVMWorkflow);
  for (uint32_t I = 0; Returns != nullptr && I < ReturnLen && I < Cxt->Returns.size(); ++I) {
    Returns[I] = Cxt->Returns[I];
  }
  return Cxt->Result;
}
HOST_API void WasmEdge_AsyncDelete(WasmEdge_Async *Cxt) { delete Cxt; }
