// The 0.16 forms of the five limit functions. In 0.17.1 these five take and
// return a WasmEdge_LimitContext (default version WASMEDGE_0.17), but
// libwasmedge.so.0 also keeps their 0.16 forms, which pass a small struct by
// value, under the version WASMEDGE_0.16, for plug-ins linked against 0.16.
// A plug-in binds to one or the other by the version tag its references
// carry; the internal *_Compat016 names stay local (libwasmedge.map).
#include "host_contexts.h"

#include <new>

extern "C" {

typedef struct WasmEdge_Limit016 {
  bool HasMax;
  bool Shared;
  uint32_t Min;
  uint32_t Max;
} WasmEdge_Limit016;

#define COMPAT_016(Name) __asm__(".symver " #Name "_Compat016, " #Name "@WASMEDGE_0.16")
COMPAT_016(WasmEdge_LimitIsEqual);
COMPAT_016(WasmEdge_MemoryTypeCreate);
COMPAT_016(WasmEdge_MemoryTypeGetLimit);
COMPAT_016(WasmEdge_TableTypeCreate);
COMPAT_016(WasmEdge_TableTypeGetLimit);

namespace {

WasmEdge_LimitContext fromLimit016(const WasmEdge_Limit016 &L) {
  WasmEdge_LimitContext Out;
  Out.Min = L.Min;
  Out.Max = L.Max;
  Out.HasMax = L.HasMax;
  Out.Shared = L.Shared;
  return Out;
}

WasmEdge_Limit016 toLimit016(const WasmEdge_LimitContext &L) {
  return WasmEdge_Limit016{L.HasMax, L.Shared, static_cast<uint32_t>(L.Min), static_cast<uint32_t>(L.Max)};
}

} // namespace

WASMEDGE_CAPI_EXPORT bool WasmEdge_LimitIsEqual_Compat016(const WasmEdge_Limit016 A, const WasmEdge_Limit016 B) {
  return A.HasMax == B.HasMax && A.Shared == B.Shared && A.Min == B.Min && A.Max == B.Max;
}

WASMEDGE_CAPI_EXPORT WasmEdge_MemoryTypeContext *WasmEdge_MemoryTypeCreate_Compat016(const WasmEdge_Limit016 Limit) {
  auto *T = new (std::nothrow) WasmEdge_MemoryTypeContext();
  if (T != nullptr) T->Limit = fromLimit016(Limit);
  return T;
}

WASMEDGE_CAPI_EXPORT WasmEdge_Limit016 WasmEdge_MemoryTypeGetLimit_Compat016(const WasmEdge_MemoryTypeContext *Cxt) {
  return Cxt ? toLimit016(Cxt->Limit) : WasmEdge_Limit016{false, false, 0, 0};
}

WASMEDGE_CAPI_EXPORT WasmEdge_TableTypeContext *WasmEdge_TableTypeCreate_Compat016(const WasmEdge_ValType RefType,
                                                                                   const WasmEdge_Limit016 Limit) {
  if (!WasmEdge_ValTypeIsRef(RefType)) return nullptr;
  auto *T = new (std::nothrow) WasmEdge_TableTypeContext();
  if (T != nullptr) {
    T->RefType = RefType;
    T->Limit = fromLimit016(Limit);
  }
  return T;
}

WASMEDGE_CAPI_EXPORT WasmEdge_Limit016 WasmEdge_TableTypeGetLimit_Compat016(const WasmEdge_TableTypeContext *Cxt) {
  return Cxt ? toLimit016(Cxt->Limit) : WasmEdge_Limit016{false, false, 0, 0};
}

} // extern "C"
