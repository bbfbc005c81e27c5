/*
 * WasmEdge C plug-in API, version 5 (the WasmEdge 0.17.x runtimes).
 *
 * The part of the WasmEdge C API that a C plug-in needs: the descriptor
 * structs it exports, the host-function callback shape, and the functions it
 * usually calls on the host (wasmedge_embedder.h, included at the end, holds
 * the rest of the 0.17 C API). Layouts and semantics follow the plug-in ABI contract
 * (docs: plugin-abi.md); the real runtime and this project's Node host both
 * implement every function declared here.
 *
 * Layout traps that this header gets right on purpose:
 *  - WasmEdge_ValType is an 8-byte struct (not an enum) since API version 3;
 *  - WasmEdge_Value is 32 bytes with 16-byte alignment (a real 128-bit integer);
 *  - APIVersion must be exactly WASMEDGE_PLUGIN_API_VERSION.
 */
#ifndef WASMEDGE_C_API_H
#define WASMEDGE_C_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define WASMEDGE_CAPI_EXPORT __attribute__((visibility("default")))
#else
#define WASMEDGE_CAPI_EXPORT
#endif

/* Plug-ins export exactly one symbol; this marks it. */
#define WASMEDGE_CAPI_PLUGIN_EXPORT WASMEDGE_CAPI_EXPORT

#define WASMEDGE_PLUGIN_API_VERSION 5u

/* ---- 128-bit integers (every target we ship is LP64 with __int128) ---- */
#if !defined(__SIZEOF_INT128__)
#error "WasmEdge plug-ins need a compiler with __int128 (x86_64 or aarch64)"
#endif
/* __extension__: the ABI needs the compiler's 128-bit integer, and this
 * keeps -Wpedantic quiet about it in every plug-in that includes us. */
__extension__ typedef unsigned __int128 uint128_t;
__extension__ typedef __int128 int128_t;

/* ---- Basic types ---- */

typedef struct WasmEdge_String {
  uint32_t Length;
  const char *Buf;
} WasmEdge_String;

typedef struct WasmEdge_Bytes {
  uint32_t Length;
  const uint8_t *Buf;
} WasmEdge_Bytes;

typedef struct WasmEdge_Result {
  uint32_t Code;
} WasmEdge_Result;

enum WasmEdge_ErrCategory {
  WasmEdge_ErrCategory_WASM = 0x00,
  WasmEdge_ErrCategory_UserLevelError = 0x01
};

enum WasmEdge_ErrCode {
  WasmEdge_ErrCode_Success = 0x0000,
  WasmEdge_ErrCode_Terminated = 0x0001,
  WasmEdge_ErrCode_RuntimeError = 0x0002,
  WasmEdge_ErrCode_CostLimitExceeded = 0x0003,
  WasmEdge_ErrCode_WrongVMWorkflow = 0x0004,
  WasmEdge_ErrCode_FuncNotFound = 0x0005,
  WasmEdge_ErrCode_Interrupted = 0x0007,
  WasmEdge_ErrCode_UserDefError = 0x000C,
  WasmEdge_ErrCode_IncompatibleImportType = 0x0301,
  WasmEdge_ErrCode_UnknownImport = 0x0302,
  WasmEdge_ErrCode_FuncSigMismatch = 0x0403,
  WasmEdge_ErrCode_MemoryOutOfBounds = 0x0408,
  WasmEdge_ErrCode_Unreachable = 0x040A,
  WasmEdge_ErrCode_HostFuncError = 0x040E
};

#ifdef __cplusplus
#define WasmEdge_Result_Success (WasmEdge_Result{0x00})
#define WasmEdge_Result_Terminate (WasmEdge_Result{0x01})
#define WasmEdge_Result_Fail (WasmEdge_Result{0x02})
#else
#define WasmEdge_Result_Success ((WasmEdge_Result){.Code = 0x00})
#define WasmEdge_Result_Terminate ((WasmEdge_Result){.Code = 0x01})
#define WasmEdge_Result_Fail ((WasmEdge_Result){.Code = 0x02})
#endif

/* Byte 2 of a WasmEdge_ValType; byte 3 is the heap type (0x40 for numbers). */
enum WasmEdge_TypeCode {
  WasmEdge_TypeCode_I32 = 0x7F,
  WasmEdge_TypeCode_I64 = 0x7E,
  WasmEdge_TypeCode_F32 = 0x7D,
  WasmEdge_TypeCode_F64 = 0x7C,
  WasmEdge_TypeCode_V128 = 0x7B,
  WasmEdge_TypeCode_FuncRef = 0x70,
  WasmEdge_TypeCode_ExternRef = 0x6F,
  WasmEdge_TypeCode_RefNull = 0x63,
  WasmEdge_TypeCode_Epsilon = 0x40
};

typedef struct WasmEdge_ValType {
  uint8_t Data[8];
} WasmEdge_ValType;

typedef struct WasmEdge_Value {
  uint128_t Value;
  WasmEdge_ValType Type;
} WasmEdge_Value;

/* ---- Opaque contexts ---- */
typedef struct WasmEdge_FunctionTypeContext WasmEdge_FunctionTypeContext;
typedef struct WasmEdge_FunctionInstanceContext WasmEdge_FunctionInstanceContext;
typedef struct WasmEdge_ModuleInstanceContext WasmEdge_ModuleInstanceContext;
typedef struct WasmEdge_MemoryInstanceContext WasmEdge_MemoryInstanceContext;
typedef struct WasmEdge_CallingFrameContext WasmEdge_CallingFrameContext;
typedef struct WasmEdge_ExecutorContext WasmEdge_ExecutorContext;
typedef struct WasmEdge_PluginContext WasmEdge_PluginContext;

/* ---- Host functions ---- */
typedef WasmEdge_Result (*WasmEdge_HostFunc_t)(
    void *Data, const WasmEdge_CallingFrameContext *CallFrameCxt,
    const WasmEdge_Value *Params, WasmEdge_Value *Returns);

/* ---- Plug-in descriptors ---- */

typedef enum WasmEdge_ProgramOptionType {
  WasmEdge_ProgramOptionType_None = 0,
  WasmEdge_ProgramOptionType_Toggle = 1,
  WasmEdge_ProgramOptionType_Int8 = 2,
  WasmEdge_ProgramOptionType_Int16 = 3,
  WasmEdge_ProgramOptionType_Int32 = 4,
  WasmEdge_ProgramOptionType_Int64 = 5,
  WasmEdge_ProgramOptionType_UInt8 = 6,
  WasmEdge_ProgramOptionType_UInt16 = 7,
  WasmEdge_ProgramOptionType_UInt32 = 8,
  WasmEdge_ProgramOptionType_UInt64 = 9,
  WasmEdge_ProgramOptionType_Float = 10,
  WasmEdge_ProgramOptionType_Double = 11,
  WasmEdge_ProgramOptionType_String = 12
} WasmEdge_ProgramOptionType;

typedef struct WasmEdge_ProgramOption {
  const char *Name;
  const char *Description;
  WasmEdge_ProgramOptionType Type;
  void *Storage;
  const void *DefaultValue;
} WasmEdge_ProgramOption;

typedef struct WasmEdge_ModuleDescriptor {
  const char *Name;
  const char *Description;
  WasmEdge_ModuleInstanceContext *(*Create)(
      const struct WasmEdge_ModuleDescriptor *);
} WasmEdge_ModuleDescriptor;

typedef struct WasmEdge_PluginVersionData {
  uint32_t Major;
  uint32_t Minor;
  uint32_t Patch;
  uint32_t Build;
} WasmEdge_PluginVersionData;

typedef struct WasmEdge_PluginDescriptor {
  const char *Name;
  const char *Description;
  uint32_t APIVersion;
  WasmEdge_PluginVersionData Version;
  uint32_t ModuleCount;
  uint32_t ProgramOptionCount;
  WasmEdge_ModuleDescriptor *ModuleDescriptions;
  WasmEdge_ProgramOption *ProgramOptions;
} WasmEdge_PluginDescriptor;

/* ---- Functions the host provides ---- */

/* Strings and bytes */
WASMEDGE_CAPI_EXPORT WasmEdge_String WasmEdge_StringCreateByCString(const char *Str);
WASMEDGE_CAPI_EXPORT WasmEdge_String WasmEdge_StringCreateByBuffer(const char *Buf, const uint32_t Len);
WASMEDGE_CAPI_EXPORT WasmEdge_String WasmEdge_StringWrap(const char *Buf, const uint32_t Len);
WASMEDGE_CAPI_EXPORT bool WasmEdge_StringIsEqual(const WasmEdge_String Str1, const WasmEdge_String Str2);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_StringCopy(const WasmEdge_String Str, char *Buf, const uint32_t Len);
WASMEDGE_CAPI_EXPORT void WasmEdge_StringDelete(WasmEdge_String Str);
WASMEDGE_CAPI_EXPORT WasmEdge_Bytes WasmEdge_BytesCreate(const uint8_t *Buf, const uint32_t Len);
WASMEDGE_CAPI_EXPORT WasmEdge_Bytes WasmEdge_BytesWrap(const uint8_t *Buf, const uint32_t Len);
WASMEDGE_CAPI_EXPORT void WasmEdge_BytesDelete(WasmEdge_Bytes Bytes);

/* Results */
WASMEDGE_CAPI_EXPORT bool WasmEdge_ResultOK(const WasmEdge_Result Res);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_ResultGen(const enum WasmEdge_ErrCategory Category, const uint32_t Code);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ResultGetCode(const WasmEdge_Result Res);
WASMEDGE_CAPI_EXPORT enum WasmEdge_ErrCategory WasmEdge_ResultGetCategory(const WasmEdge_Result Res);
WASMEDGE_CAPI_EXPORT const char *WasmEdge_ResultGetMessage(const WasmEdge_Result Res);

/* Value types */
WASMEDGE_CAPI_EXPORT WasmEdge_ValType WasmEdge_ValTypeGenI32(void);
WASMEDGE_CAPI_EXPORT WasmEdge_ValType WasmEdge_ValTypeGenI64(void);
WASMEDGE_CAPI_EXPORT WasmEdge_ValType WasmEdge_ValTypeGenF32(void);
WASMEDGE_CAPI_EXPORT WasmEdge_ValType WasmEdge_ValTypeGenF64(void);
WASMEDGE_CAPI_EXPORT WasmEdge_ValType WasmEdge_ValTypeGenV128(void);
WASMEDGE_CAPI_EXPORT WasmEdge_ValType WasmEdge_ValTypeGenFuncRef(void);
WASMEDGE_CAPI_EXPORT WasmEdge_ValType WasmEdge_ValTypeGenExternRef(void);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ValTypeIsEqual(const WasmEdge_ValType ValType1, const WasmEdge_ValType ValType2);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ValTypeIsI32(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ValTypeIsI64(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ValTypeIsF32(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ValTypeIsF64(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ValTypeIsV128(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ValTypeIsFuncRef(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ValTypeIsExternRef(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ValTypeIsRef(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ValTypeIsRefNull(const WasmEdge_ValType ValType);

/* Values */
WASMEDGE_CAPI_EXPORT WasmEdge_Value WasmEdge_ValueGenI32(const int32_t Val);
WASMEDGE_CAPI_EXPORT WasmEdge_Value WasmEdge_ValueGenI64(const int64_t Val);
WASMEDGE_CAPI_EXPORT WasmEdge_Value WasmEdge_ValueGenF32(const float Val);
WASMEDGE_CAPI_EXPORT WasmEdge_Value WasmEdge_ValueGenF64(const double Val);
WASMEDGE_CAPI_EXPORT WasmEdge_Value WasmEdge_ValueGenV128(const int128_t Val);
WASMEDGE_CAPI_EXPORT WasmEdge_Value WasmEdge_ValueGenExternRef(void *Ref);
WASMEDGE_CAPI_EXPORT int32_t WasmEdge_ValueGetI32(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT int64_t WasmEdge_ValueGetI64(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT float WasmEdge_ValueGetF32(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT double WasmEdge_ValueGetF64(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT int128_t WasmEdge_ValueGetV128(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ValueIsNullRef(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT void *WasmEdge_ValueGetExternRef(const WasmEdge_Value Val);

/* Function types */
WASMEDGE_CAPI_EXPORT WasmEdge_FunctionTypeContext *WasmEdge_FunctionTypeCreate(
    const WasmEdge_ValType *ParamList, const uint32_t ParamLen,
    const WasmEdge_ValType *ReturnList, const uint32_t ReturnLen);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_FunctionTypeGetParametersLength(const WasmEdge_FunctionTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_FunctionTypeGetParameters(const WasmEdge_FunctionTypeContext *Cxt, WasmEdge_ValType *List, const uint32_t Len);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_FunctionTypeGetReturnsLength(const WasmEdge_FunctionTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_FunctionTypeGetReturns(const WasmEdge_FunctionTypeContext *Cxt, WasmEdge_ValType *List, const uint32_t Len);
WASMEDGE_CAPI_EXPORT void WasmEdge_FunctionTypeDelete(WasmEdge_FunctionTypeContext *Cxt);

/* Function instances */
WASMEDGE_CAPI_EXPORT WasmEdge_FunctionInstanceContext *WasmEdge_FunctionInstanceCreate(
    const WasmEdge_FunctionTypeContext *Type, WasmEdge_HostFunc_t HostFunc,
    void *Data, const uint64_t Cost);
WASMEDGE_CAPI_EXPORT const WasmEdge_FunctionTypeContext *WasmEdge_FunctionInstanceGetFunctionType(const WasmEdge_FunctionInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT const void *WasmEdge_FunctionInstanceGetData(const WasmEdge_FunctionInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_FunctionInstanceDelete(WasmEdge_FunctionInstanceContext *Cxt);

/* Module instances */
WASMEDGE_CAPI_EXPORT WasmEdge_ModuleInstanceContext *WasmEdge_ModuleInstanceCreate(const WasmEdge_String ModuleName);
WASMEDGE_CAPI_EXPORT WasmEdge_ModuleInstanceContext *WasmEdge_ModuleInstanceCreateWithData(
    const WasmEdge_String ModuleName, void *HostData, void (*Finalizer)(void *));
WASMEDGE_CAPI_EXPORT void *WasmEdge_ModuleInstanceGetHostData(const WasmEdge_ModuleInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_String WasmEdge_ModuleInstanceGetModuleName(const WasmEdge_ModuleInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ModuleInstanceAddFunction(
    WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name,
    WasmEdge_FunctionInstanceContext *FuncCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_FunctionInstanceContext *WasmEdge_ModuleInstanceFindFunction(
    const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceListFunctionLength(const WasmEdge_ModuleInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceListFunction(
    const WasmEdge_ModuleInstanceContext *Cxt, WasmEdge_String *Names, const uint32_t Len);
WASMEDGE_CAPI_EXPORT void WasmEdge_ModuleInstanceDelete(WasmEdge_ModuleInstanceContext *Cxt);

/* Calling frame (valid only during a host-function call) */
WASMEDGE_CAPI_EXPORT WasmEdge_ExecutorContext *WasmEdge_CallingFrameGetExecutor(const WasmEdge_CallingFrameContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_ModuleInstanceContext *WasmEdge_CallingFrameGetModuleInstance(const WasmEdge_CallingFrameContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_MemoryInstanceContext *WasmEdge_CallingFrameGetMemoryInstance(
    const WasmEdge_CallingFrameContext *Cxt, const uint32_t Idx);

/* Memory instances (API version 5: 64-bit offsets and lengths) */
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_MemoryInstanceGetData(
    const WasmEdge_MemoryInstanceContext *Cxt, uint8_t *Data,
    const uint64_t Offset, const uint64_t Length);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_MemoryInstanceSetData(
    WasmEdge_MemoryInstanceContext *Cxt, const uint8_t *Data,
    const uint64_t Offset, const uint64_t Length);
WASMEDGE_CAPI_EXPORT uint8_t *WasmEdge_MemoryInstanceGetPointer(
    WasmEdge_MemoryInstanceContext *Cxt, const uint64_t Offset, const uint64_t Length);
WASMEDGE_CAPI_EXPORT const uint8_t *WasmEdge_MemoryInstanceGetPointerConst(
    const WasmEdge_MemoryInstanceContext *Cxt, const uint64_t Offset, const uint64_t Length);
WASMEDGE_CAPI_EXPORT uint64_t WasmEdge_MemoryInstanceGetPageSize(const WasmEdge_MemoryInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_MemoryInstanceGrowPage(
    WasmEdge_MemoryInstanceContext *Cxt, const uint64_t Page);

/* Runtime version */
WASMEDGE_CAPI_EXPORT const char *WasmEdge_VersionGet(void);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_VersionGetMajor(void);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_VersionGetMinor(void);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_VersionGetPatch(void);

/* The one symbol a plug-in exports. */
WASMEDGE_CAPI_PLUGIN_EXPORT const WasmEdge_PluginDescriptor *WasmEdge_Plugin_GetDescriptor(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

/* The rest of the C API (embedder functions, tables, globals, ...). */
#include "wasmedge_embedder.h"

/* Compile-time checks of the layouts the runtime relies on (LP64). */
#ifdef __cplusplus
#define WASMEDGE_STATIC_ASSERT static_assert
#define WASMEDGE_ALIGNOF alignof
#else
#define WASMEDGE_STATIC_ASSERT _Static_assert
#define WASMEDGE_ALIGNOF _Alignof
#endif
WASMEDGE_STATIC_ASSERT(sizeof(WasmEdge_ValType) == 8, "WasmEdge_ValType is 8 bytes");
WASMEDGE_STATIC_ASSERT(sizeof(WasmEdge_Value) == 32, "WasmEdge_Value is 32 bytes");
WASMEDGE_STATIC_ASSERT(WASMEDGE_ALIGNOF(WasmEdge_Value) == 16, "WasmEdge_Value is 16-byte aligned");
WASMEDGE_STATIC_ASSERT(sizeof(WasmEdge_String) == 16, "WasmEdge_String is 16 bytes");
WASMEDGE_STATIC_ASSERT(sizeof(WasmEdge_ProgramOption) == 40, "WasmEdge_ProgramOption is 40 bytes");
WASMEDGE_STATIC_ASSERT(sizeof(WasmEdge_ModuleDescriptor) == 24, "WasmEdge_ModuleDescriptor is 24 bytes");
WASMEDGE_STATIC_ASSERT(sizeof(WasmEdge_PluginDescriptor) == 64, "WasmEdge_PluginDescriptor is 64 bytes");
#undef WASMEDGE_STATIC_ASSERT
#undef WASMEDGE_ALIGNOF

#endif /* WASMEDGE_C_API_H */
