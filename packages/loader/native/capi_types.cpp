// The C API's type objects: limits, memory, table, global and tag types, and
// the import/export/AST-module queries. Types are plain values here; AST
// modules only come from a WasmEdge loader, which the Node host does not
// have (wasm is compiled by Node), so their queries see NULL and answer as
// the runtime does for a NULL context.
#include "host_contexts.h"

#include <new>

#define HOST_API extern "C" WASMEDGE_CAPI_EXPORT

// ---- Limits ----

HOST_API WasmEdge_LimitContext *WasmEdge_LimitCreate(const uint64_t Min, const bool Is64Bit) {
  auto *L = new (std::nothrow) WasmEdge_LimitContext();
  if (L != nullptr) {
    L->Min = Min;
    L->Is64 = Is64Bit;
  }
  return L;
}

HOST_API WasmEdge_LimitContext *WasmEdge_LimitCreateWithMax(const uint64_t Min, const uint64_t Max,
                                                            const bool Is64Bit, const bool IsShared) {
  auto *L = WasmEdge_LimitCreate(Min, Is64Bit);
  if (L != nullptr) {
    L->Max = Max;
    L->HasMax = true;
    L->Shared = IsShared;
  }
  return L;
}

HOST_API uint64_t WasmEdge_LimitGetMin(const WasmEdge_LimitContext *Cxt) { return Cxt ? Cxt->Min : 0; }
HOST_API uint64_t WasmEdge_LimitGetMax(const WasmEdge_LimitContext *Cxt) { return Cxt ? Cxt->Max : 0; }
HOST_API bool WasmEdge_LimitHasMax(const WasmEdge_LimitContext *Cxt) { return Cxt && Cxt->HasMax; }
HOST_API bool WasmEdge_LimitIsShared(const WasmEdge_LimitContext *Cxt) { return Cxt && Cxt->Shared; }
HOST_API bool WasmEdge_LimitIs64Bit(const WasmEdge_LimitContext *Cxt) { return Cxt && Cxt->Is64; }
HOST_API bool WasmEdge_LimitIsEqual(const WasmEdge_LimitContext *A, const WasmEdge_LimitContext *B) {
  if (A == nullptr || B == nullptr) {
    return A == B;
  }
  return A->Min == B->Min && A->HasMax == B->HasMax && (!A->HasMax || A->Max == B->Max) &&
         A->Shared == B->Shared && A->Is64 == B->Is64;
}
HOST_API void WasmEdge_LimitDelete(WasmEdge_LimitContext *Cxt) { delete Cxt; }

// ---- Memory, table, global and tag types ----

HOST_API WasmEdge_MemoryTypeContext *WasmEdge_MemoryTypeCreate(const WasmEdge_LimitContext *Limit) {
  if (Limit == nullptr) {
    return nullptr;
  }
  auto *T = new (std::nothrow) WasmEdge_MemoryTypeContext();
  if (T != nullptr) {
    T->Limit = *Limit;
  }
  return T;
}
HOST_API const WasmEdge_LimitContext *WasmEdge_MemoryTypeGetLimit(const WasmEdge_MemoryTypeContext *Cxt) {
  return Cxt ? &Cxt->Limit : nullptr;
}
HOST_API void WasmEdge_MemoryTypeDelete(WasmEdge_MemoryTypeContext *Cxt) { delete Cxt; }

HOST_API WasmEdge_TableTypeContext *WasmEdge_TableTypeCreate(const WasmEdge_ValType RefType,
                                                             const WasmEdge_LimitContext *Limit) {
  // Only reference types can be table elements, as in the runtime.
  if (Limit == nullptr || !WasmEdge_ValTypeIsRef(RefType)) {
    return nullptr;
  }
  auto *T = new (std::nothrow) WasmEdge_TableTypeContext();
  if (T != nullptr) {
    T->RefType = RefType;
    T->Limit = *Limit;
  }
  return T;
}
HOST_API WasmEdge_ValType WasmEdge_TableTypeGetRefType(const WasmEdge_TableTypeContext *Cxt) {
  return Cxt ? Cxt->RefType : WasmEdge_ValTypeGenFuncRef();
}
HOST_API const WasmEdge_LimitContext *WasmEdge_TableTypeGetLimit(const WasmEdge_TableTypeContext *Cxt) {
  return Cxt ? &Cxt->Limit : nullptr;
}
HOST_API void WasmEdge_TableTypeDelete(WasmEdge_TableTypeContext *Cxt) { delete Cxt; }

HOST_API WasmEdge_GlobalTypeContext *WasmEdge_GlobalTypeCreate(const WasmEdge_ValType ValType,
                                                               const enum WasmEdge_Mutability Mut) {
  auto *T = new (std::nothrow) WasmEdge_GlobalTypeContext();
  if (T != nullptr) {
    T->ValType = ValType;
    T->Mut = Mut;
  }
  return T;
}
HOST_API WasmEdge_ValType WasmEdge_GlobalTypeGetValType(const WasmEdge_GlobalTypeContext *Cxt) {
  return Cxt ? Cxt->ValType : WasmEdge_ValTypeGenI32();
}
HOST_API enum WasmEdge_Mutability WasmEdge_GlobalTypeGetMutability(const WasmEdge_GlobalTypeContext *Cxt) {
  return Cxt ? Cxt->Mut : WasmEdge_Mutability_Const;
}
HOST_API void WasmEdge_GlobalTypeDelete(WasmEdge_GlobalTypeContext *Cxt) { delete Cxt; }

HOST_API const WasmEdge_FunctionTypeContext *WasmEdge_TagTypeGetFunctionType(const WasmEdge_TagTypeContext *Cxt) {
  return Cxt ? &Cxt->Type : nullptr;
}

// ---- Import and export types, AST modules (only a loader makes them) ----

struct WasmEdge_ImportTypeContext {};
struct WasmEdge_ExportTypeContext {};
struct WasmEdge_ASTModuleContext {};

HOST_API enum WasmEdge_ExternalType WasmEdge_ImportTypeGetExternalType(const WasmEdge_ImportTypeContext *) {
  return WasmEdge_ExternalType_Function;
}
HOST_API WasmEdge_String WasmEdge_ImportTypeGetModuleName(const WasmEdge_ImportTypeContext *) { return {0, nullptr}; }
HOST_API WasmEdge_String WasmEdge_ImportTypeGetExternalName(const WasmEdge_ImportTypeContext *) { return {0, nullptr}; }
HOST_API const WasmEdge_FunctionTypeContext *WasmEdge_ImportTypeGetFunctionType(const WasmEdge_ASTModuleContext *, const WasmEdge_ImportTypeContext *) { return nullptr; }
HOST_API const WasmEdge_TableTypeContext *WasmEdge_ImportTypeGetTableType(const WasmEdge_ASTModuleContext *, const WasmEdge_ImportTypeContext *) { return nullptr; }
HOST_API const WasmEdge_MemoryTypeContext *WasmEdge_ImportTypeGetMemoryType(const WasmEdge_ASTModuleContext *, const WasmEdge_ImportTypeContext *) { return nullptr; }
HOST_API const WasmEdge_TagTypeContext *WasmEdge_ImportTypeGetTagType(const WasmEdge_ASTModuleContext *, const WasmEdge_ImportTypeContext *) { return nullptr; }
HOST_API const WasmEdge_GlobalTypeContext *WasmEdge_ImportTypeGetGlobalType(const WasmEdge_ASTModuleContext *, const WasmEdge_ImportTypeContext *) { return nullptr; }

HOST_API enum WasmEdge_ExternalType WasmEdge_ExportTypeGetExternalType(const WasmEdge_ExportTypeContext *) {
  return WasmEdge_ExternalType_Function;
}
HOST_API WasmEdge_String WasmEdge_ExportTypeGetExternalName(const WasmEdge_ExportTypeContext *) { return {0, nullptr}; }
HOST_API const WasmEdge_FunctionTypeContext *WasmEdge_ExportTypeGetFunctionType(const WasmEdge_ASTModuleContext *, const WasmEdge_ExportTypeContext *) { return nullptr; }
HOST_API const WasmEdge_TableTypeContext *WasmEdge_ExportTypeGetTableType(const WasmEdge_ASTModuleContext *, const WasmEdge_ExportTypeContext *) { return nullptr; }
HOST_API const WasmEdge_MemoryTypeContext *WasmEdge_ExportTypeGetMemoryType(const WasmEdge_ASTModuleContext *, const WasmEdge_ExportTypeContext *) { return nullptr; }
HOST_API const WasmEdge_TagTypeContext *WasmEdge_ExportTypeGetTagType(const WasmEdge_ASTModuleContext *, const WasmEdge_ExportTypeContext *) { return nullptr; }
HOST_API const WasmEdge_GlobalTypeContext *WasmEdge_ExportTypeGetGlobalType(const WasmEdge_ASTModuleContext *, const WasmEdge_ExportTypeContext *) { return nullptr; }

HOST_API uint32_t WasmEdge_ASTModuleListImportsLength(const WasmEdge_ASTModuleContext *) { return 0; }
HOST_API uint32_t WasmEdge_ASTModuleListImports(const WasmEdge_ASTModuleContext *, const WasmEdge_ImportTypeContext **, const uint32_t) { return 0; }
HOST_API uint32_t WasmEdge_ASTModuleListExportsLength(const WasmEdge_ASTModuleContext *) { return 0; }
HOST_API uint32_t WasmEdge_ASTModuleListExports(const WasmEdge_ASTModuleContext *, const WasmEdge_ExportTypeContext **, const uint32_t) { return 0; }
HOST_API void WasmEdge_ASTModuleDelete(WasmEdge_ASTModuleContext *Cxt) { delete Cxt; }
