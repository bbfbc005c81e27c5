// The host side of the WasmEdge C plug-in API (version 5), part 1: strings,
// bytes, results, value types and values (part 2 is host_instances.cpp, the
// rest the capi_*.cpp files). The addon is libwasmedge.so.0 to plug-ins: it
// carries that SONAME and the runtime's symbol versions, and the loader opens
// it with RTLD_GLOBAL, so plug-ins resolve their WasmEdge_* references here
// whether or not they were linked with -lwasmedge.
//
// All functions are noexcept: a C caller cannot handle a C++ exception, so an
// allocation failure becomes the documented NULL / empty result instead.
#include "host_contexts.h"

#include <cstring>
#include <new>

#define HOST_API extern "C" WASMEDGE_CAPI_EXPORT

namespace {

WasmEdge_ValType makeValType(uint8_t Code, uint8_t Heap) {
  WasmEdge_ValType T{};
  T.Data[2] = Code;
  T.Data[3] = Heap;
  return T;
}

WasmEdge_Value makeValue(uint128_t Bits, WasmEdge_ValType Type) {
  WasmEdge_Value V{};
  V.Value = Bits;
  V.Type = Type;
  return V;
}

template <typename T> T copyBits(uint128_t Bits) {
  T Out;
  std::memcpy(&Out, &Bits, sizeof(T)); // little-endian: low bytes first
  return Out;
}

template <typename T> uint128_t toBits(T In) {
  uint128_t Bits = 0;
  std::memcpy(&Bits, &In, sizeof(T));
  return Bits;
}

char *duplicate(const char *Buf, uint32_t Len) {
  if (Buf == nullptr || Len == 0) {
    return nullptr;
  }
  char *Copy = new (std::nothrow) char[Len];
  if (Copy != nullptr) {
    std::memcpy(Copy, Buf, Len);
  }
  return Copy;
}

} // namespace

// ---- Strings and bytes ----

HOST_API WasmEdge_String WasmEdge_StringCreateByCString(const char *Str) {
  if (Str == nullptr) {
    return WasmEdge_String{0, nullptr};
  }
  return WasmEdge_StringCreateByBuffer(Str, static_cast<uint32_t>(std::strlen(Str)));
}

HOST_API WasmEdge_String WasmEdge_StringCreateByBuffer(const char *Buf, const uint32_t Len) {
  char *Copy = duplicate(Buf, Len);
  return Copy == nullptr ? WasmEdge_String{0, nullptr} : WasmEdge_String{Len, Copy};
}

HOST_API WasmEdge_String WasmEdge_StringWrap(const char *Buf, const uint32_t Len) {
  return WasmEdge_String{Len, Buf};
}

HOST_API bool WasmEdge_StringIsEqual(const WasmEdge_String A, const WasmEdge_String B) {
  return A.Length == B.Length &&
         (A.Length == 0 || std::memcmp(A.Buf, B.Buf, A.Length) == 0);
}

HOST_API uint32_t WasmEdge_StringCopy(const WasmEdge_String Str, char *Buf, const uint32_t Len) {
  if (Buf == nullptr || Len == 0) {
    return 0;
  }
  std::memset(Buf, 0, Len);
  uint32_t N = Str.Length < Len ? Str.Length : Len;
  if (N > 0 && Str.Buf != nullptr) {
    std::memcpy(Buf, Str.Buf, N);
  }
  return N;
}

HOST_API void WasmEdge_StringDelete(WasmEdge_String Str) {
  delete[] Str.Buf;
}

HOST_API WasmEdge_Bytes WasmEdge_BytesCreate(const uint8_t *Buf, const uint32_t Len) {
  char *Copy = duplicate(reinterpret_cast<const char *>(Buf), Len);
  return Copy == nullptr ? WasmEdge_Bytes{0, nullptr}
                         : WasmEdge_Bytes{Len, reinterpret_cast<uint8_t *>(Copy)};
}

HOST_API WasmEdge_Bytes WasmEdge_BytesWrap(const uint8_t *Buf, const uint32_t Len) {
  return WasmEdge_Bytes{Len, Buf};
}

HOST_API void WasmEdge_BytesDelete(WasmEdge_Bytes Bytes) {
  delete[] reinterpret_cast<const char *>(Bytes.Buf);
}

// ---- Results ----

HOST_API bool WasmEdge_ResultOK(const WasmEdge_Result Res) {
  return Res.Code == 0x00 || Res.Code == 0x01;
}

HOST_API WasmEdge_Result WasmEdge_ResultGen(const enum WasmEdge_ErrCategory Category, const uint32_t Code) {
  return WasmEdge_Result{(static_cast<uint32_t>(Category) << 24) + (Code & 0xFFFFFFu)};
}

HOST_API uint32_t WasmEdge_ResultGetCode(const WasmEdge_Result Res) {
  return Res.Code & 0xFFFFFFu;
}

HOST_API enum WasmEdge_ErrCategory WasmEdge_ResultGetCategory(const WasmEdge_Result Res) {
  return static_cast<enum WasmEdge_ErrCategory>(Res.Code >> 24);
}

HOST_API const char *WasmEdge_ResultGetMessage(const WasmEdge_Result Res) {
  if ((Res.Code >> 24) != WasmEdge_ErrCategory_WASM) {
    return "user defined error code";
  }
  switch (Res.Code & 0xFFFFFFu) {
  case 0x0000: return "success";
  case 0x0001: return "terminated";
  case 0x0002: return "generic runtime error";
  case 0x0003: return "cost limit exceeded";
  case 0x0004: return "wrong VM workflow";
  case 0x0005: return "wasm function not found";
  case 0x0007: return "execution interrupted";
  case 0x000A: return "set value into const";
  case 0x000B: return "set value type mismatch";
  case 0x000C: return "user defined error code";
  case 0x0300: return "module name conflict";
  case 0x0301: return "incompatible import type";
  case 0x0302: return "unknown import";
  case 0x0403: return "function signature mismatch";
  case 0x0404: return "integer divide by zero";
  case 0x0405: return "integer overflow";
  case 0x0406: return "invalid conversion to integer";
  case 0x0407: return "out of bounds table access";
  case 0x0408: return "out of bounds memory access";
  case 0x040A: return "unreachable";
  case 0x040E: return "host function failed";
  case 0x040F: return "reference type mismatch";
  default: return "unknown error code";
  }
}

// ---- Value types ----

HOST_API WasmEdge_ValType WasmEdge_ValTypeGenI32(void) { return makeValType(0x7F, 0x40); }
HOST_API WasmEdge_ValType WasmEdge_ValTypeGenI64(void) { return makeValType(0x7E, 0x40); }
HOST_API WasmEdge_ValType WasmEdge_ValTypeGenF32(void) { return makeValType(0x7D, 0x40); }
HOST_API WasmEdge_ValType WasmEdge_ValTypeGenF64(void) { return makeValType(0x7C, 0x40); }
HOST_API WasmEdge_ValType WasmEdge_ValTypeGenV128(void) { return makeValType(0x7B, 0x40); }
HOST_API WasmEdge_ValType WasmEdge_ValTypeGenFuncRef(void) { return makeValType(0x63, 0x70); }
HOST_API WasmEdge_ValType WasmEdge_ValTypeGenExternRef(void) { return makeValType(0x63, 0x6F); }

HOST_API bool WasmEdge_ValTypeIsEqual(const WasmEdge_ValType A, const WasmEdge_ValType B) {
  return std::memcmp(A.Data + 2, B.Data + 2, 6) == 0; // byte 0 and 1 ignored
}
HOST_API bool WasmEdge_ValTypeIsI32(const WasmEdge_ValType T) { return T.Data[2] == 0x7F; }
HOST_API bool WasmEdge_ValTypeIsI64(const WasmEdge_ValType T) { return T.Data[2] == 0x7E; }
HOST_API bool WasmEdge_ValTypeIsF32(const WasmEdge_ValType T) { return T.Data[2] == 0x7D; }
HOST_API bool WasmEdge_ValTypeIsF64(const WasmEdge_ValType T) { return T.Data[2] == 0x7C; }
HOST_API bool WasmEdge_ValTypeIsV128(const WasmEdge_ValType T) { return T.Data[2] == 0x7B; }
HOST_API bool WasmEdge_ValTypeIsRef(const WasmEdge_ValType T) {
  return T.Data[2] == 0x63 || T.Data[2] == 0x64;
}
HOST_API bool WasmEdge_ValTypeIsRefNull(const WasmEdge_ValType T) { return T.Data[2] == 0x63; }
HOST_API bool WasmEdge_ValTypeIsFuncRef(const WasmEdge_ValType T) {
  return WasmEdge_ValTypeIsRef(T) && T.Data[3] == 0x70;
}
HOST_API bool WasmEdge_ValTypeIsExternRef(const WasmEdge_ValType T) {
  return WasmEdge_ValTypeIsRef(T) && T.Data[3] == 0x6F;
}

// ---- Values ----

HOST_API WasmEdge_Value WasmEdge_ValueGenI32(const int32_t Val) {
  return makeValue(toBits(Val), WasmEdge_ValTypeGenI32());
}
HOST_API WasmEdge_Value WasmEdge_ValueGenI64(const int64_t Val) {
  return makeValue(toBits(Val), WasmEdge_ValTypeGenI64());
}
HOST_API WasmEdge_Value WasmEdge_ValueGenF32(const float Val) {
  return makeValue(toBits(Val), WasmEdge_ValTypeGenF32());
}
HOST_API WasmEdge_Value WasmEdge_ValueGenF64(const double Val) {
  return makeValue(toBits(Val), WasmEdge_ValTypeGenF64());
}
HOST_API WasmEdge_Value WasmEdge_ValueGenV128(const int128_t Val) {
  return makeValue(static_cast<uint128_t>(Val), WasmEdge_ValTypeGenV128());
}
HOST_API WasmEdge_Value WasmEdge_ValueGenExternRef(void *Ref) {
  WasmEdge_ValType T = WasmEdge_ValTypeGenExternRef();
  uint128_t Bits = toBits(T);
  Bits |= static_cast<uint128_t>(reinterpret_cast<uintptr_t>(Ref)) << 64;
  return makeValue(Bits, T);
}
HOST_API int32_t WasmEdge_ValueGetI32(const WasmEdge_Value Val) { return copyBits<int32_t>(Val.Value); }
HOST_API int64_t WasmEdge_ValueGetI64(const WasmEdge_Value Val) { return copyBits<int64_t>(Val.Value); }
HOST_API float WasmEdge_ValueGetF32(const WasmEdge_Value Val) { return copyBits<float>(Val.Value); }
HOST_API double WasmEdge_ValueGetF64(const WasmEdge_Value Val) { return copyBits<double>(Val.Value); }
HOST_API int128_t WasmEdge_ValueGetV128(const WasmEdge_Value Val) { return static_cast<int128_t>(Val.Value); }
HOST_API bool WasmEdge_ValueIsNullRef(const WasmEdge_Value Val) {
  return static_cast<uint64_t>(Val.Value >> 64) == 0;
}
HOST_API void *WasmEdge_ValueGetExternRef(const WasmEdge_Value Val) {
  return reinterpret_cast<void *>(static_cast<uintptr_t>(Val.Value >> 64));
}

