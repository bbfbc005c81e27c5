/*
 * The rest of the WasmEdge 0.17 C API, beyond what a plug-in usually calls
 * (wasmedge.h holds that part): logging, limits and instance types, tables,
 * memories, globals and tags that a module adds, funcref values, host
 * functions bound to data, the executor, plug-in lookup, and the embedder
 * functions (configuration, loader, validator, compiler, store, VM, async).
 *
 * Every function the real libwasmedge.so.0 of 0.17.x exports on Linux is
 * declared here or in wasmedge.h, with the same C signature, so a plug-in
 * written against the upstream headers compiles and links against this
 * project's headers too. Included by wasmedge.h; do not include it alone.
 */
#ifndef WASMEDGE_C_API_EMBEDDER_H
#define WASMEDGE_C_API_EMBEDDER_H

#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct WasmEdge_ConfigureContext WasmEdge_ConfigureContext;
typedef struct WasmEdge_StatisticsContext WasmEdge_StatisticsContext;
typedef struct WasmEdge_ASTModuleContext WasmEdge_ASTModuleContext;
typedef struct WasmEdge_LimitContext WasmEdge_LimitContext;
typedef struct WasmEdge_MemoryTypeContext WasmEdge_MemoryTypeContext;
typedef struct WasmEdge_TableTypeContext WasmEdge_TableTypeContext;
typedef struct WasmEdge_TagTypeContext WasmEdge_TagTypeContext;
typedef struct WasmEdge_GlobalTypeContext WasmEdge_GlobalTypeContext;
typedef struct WasmEdge_ImportTypeContext WasmEdge_ImportTypeContext;
typedef struct WasmEdge_ExportTypeContext WasmEdge_ExportTypeContext;
typedef struct WasmEdge_CompilerContext WasmEdge_CompilerContext;
typedef struct WasmEdge_LoaderContext WasmEdge_LoaderContext;
typedef struct WasmEdge_ValidatorContext WasmEdge_ValidatorContext;
typedef struct WasmEdge_StoreContext WasmEdge_StoreContext;
typedef struct WasmEdge_TableInstanceContext WasmEdge_TableInstanceContext;
typedef struct WasmEdge_TagInstanceContext WasmEdge_TagInstanceContext;
typedef struct WasmEdge_GlobalInstanceContext WasmEdge_GlobalInstanceContext;
typedef struct WasmEdge_Async WasmEdge_Async;
typedef struct WasmEdge_VMContext WasmEdge_VMContext;

/* Enumerations; the values are the runtime's. */
enum WasmEdge_Proposal {
  WasmEdge_Proposal_ImportExportMutGlobals, WasmEdge_Proposal_NonTrapFloatToIntConversions,
  WasmEdge_Proposal_SignExtensionOperators, WasmEdge_Proposal_MultiValue,
  WasmEdge_Proposal_BulkMemoryOperations, WasmEdge_Proposal_ReferenceTypes, WasmEdge_Proposal_SIMD,
  WasmEdge_Proposal_TailCall, WasmEdge_Proposal_ExtendedConst, WasmEdge_Proposal_FunctionReferences,
  WasmEdge_Proposal_GC, WasmEdge_Proposal_MultiMemories, WasmEdge_Proposal_RelaxSIMD,
  WasmEdge_Proposal_Annotations, WasmEdge_Proposal_ExceptionHandling, WasmEdge_Proposal_Memory64,
  WasmEdge_Proposal_Threads, WasmEdge_Proposal_Component
};
enum WasmEdge_Standard { WasmEdge_Standard_WASM_1, WasmEdge_Standard_WASM_2, WasmEdge_Standard_WASM_3 };
enum WasmEdge_HostRegistration { WasmEdge_HostRegistration_Wasi };
enum WasmEdge_RunMode { WasmEdge_RunMode_Interpreter, WasmEdge_RunMode_JIT, WasmEdge_RunMode_AOT };
enum WasmEdge_CompilerOptimizationLevel {
  WasmEdge_CompilerOptimizationLevel_O0 = 0, WasmEdge_CompilerOptimizationLevel_O1,
  WasmEdge_CompilerOptimizationLevel_O2, WasmEdge_CompilerOptimizationLevel_O3,
  WasmEdge_CompilerOptimizationLevel_Os, WasmEdge_CompilerOptimizationLevel_Oz
};
enum WasmEdge_CompilerOutputFormat { WasmEdge_CompilerOutputFormat_Native = 0, WasmEdge_CompilerOutputFormat_Wasm };
enum WasmEdge_Mutability { WasmEdge_Mutability_Const = 0x00, WasmEdge_Mutability_Var = 0x01 };
enum WasmEdge_ExternalType {
  WasmEdge_ExternalType_Function = 0x00U, WasmEdge_ExternalType_Table = 0x01U,
  WasmEdge_ExternalType_Memory = 0x02U, WasmEdge_ExternalType_Global = 0x03U, WasmEdge_ExternalType_Tag = 0x04U
};

typedef enum WasmEdge_LogLevel {
  WasmEdge_LogLevel_Trace, WasmEdge_LogLevel_Debug, WasmEdge_LogLevel_Info,
  WasmEdge_LogLevel_Warn, WasmEdge_LogLevel_Error, WasmEdge_LogLevel_Critical
} WasmEdge_LogLevel;

typedef struct WasmEdge_LogMessage {
  WasmEdge_String Message;
  WasmEdge_String LoggerName;
  WasmEdge_LogLevel Level;
  time_t Time;
  uint64_t ThreadId;
} WasmEdge_LogMessage;

typedef void (*WasmEdge_LogCallback_t)(const WasmEdge_LogMessage *Message);

/* The host-function shape for language bindings (plugin ABI section 4.2). */
typedef WasmEdge_Result (*WasmEdge_WrapFunc_t)(
    void *This, void *Data, const WasmEdge_CallingFrameContext *CallFrameCxt,
    const WasmEdge_Value *Params, const uint32_t ParamLen, WasmEdge_Value *Returns,
    const uint32_t ReturnLen);

/* ---- Logging ---- */

WASMEDGE_CAPI_EXPORT void WasmEdge_LogSetErrorLevel(void);
WASMEDGE_CAPI_EXPORT void WasmEdge_LogSetDebugLevel(void);
WASMEDGE_CAPI_EXPORT void WasmEdge_LogOff(void);
WASMEDGE_CAPI_EXPORT void WasmEdge_LogSetLevel(WasmEdge_LogLevel Level);
WASMEDGE_CAPI_EXPORT void WasmEdge_LogSetCallback(WasmEdge_LogCallback_t Callback);

/* ---- Limits and types ---- */

WASMEDGE_CAPI_EXPORT WasmEdge_LimitContext *WasmEdge_LimitCreate(const uint64_t Min, const bool Is64Bit);
WASMEDGE_CAPI_EXPORT WasmEdge_LimitContext *WasmEdge_LimitCreateWithMax(const uint64_t Min, const uint64_t Max, const bool Is64Bit, const bool IsShared);
WASMEDGE_CAPI_EXPORT uint64_t WasmEdge_LimitGetMin(const WasmEdge_LimitContext *Cxt);
WASMEDGE_CAPI_EXPORT uint64_t WasmEdge_LimitGetMax(const WasmEdge_LimitContext *Cxt);
WASMEDGE_CAPI_EXPORT bool WasmEdge_LimitHasMax(const WasmEdge_LimitContext *Cxt);
WASMEDGE_CAPI_EXPORT bool WasmEdge_LimitIsShared(const WasmEdge_LimitContext *Cxt);
WASMEDGE_CAPI_EXPORT bool WasmEdge_LimitIs64Bit(const WasmEdge_LimitContext *Cxt);
WASMEDGE_CAPI_EXPORT bool WasmEdge_LimitIsEqual(const WasmEdge_LimitContext *Lim1, const WasmEdge_LimitContext *Lim2);
WASMEDGE_CAPI_EXPORT void WasmEdge_LimitDelete(WasmEdge_LimitContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_TableTypeContext *WasmEdge_TableTypeCreate(const WasmEdge_ValType RefType, const WasmEdge_LimitContext *Limit);
WASMEDGE_CAPI_EXPORT WasmEdge_ValType WasmEdge_TableTypeGetRefType(const WasmEdge_TableTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_LimitContext *WasmEdge_TableTypeGetLimit(const WasmEdge_TableTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_TableTypeDelete(WasmEdge_TableTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_MemoryTypeContext *WasmEdge_MemoryTypeCreate(const WasmEdge_LimitContext *Limit);
WASMEDGE_CAPI_EXPORT const WasmEdge_LimitContext *WasmEdge_MemoryTypeGetLimit(const WasmEdge_MemoryTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_MemoryTypeDelete(WasmEdge_MemoryTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_FunctionTypeContext *WasmEdge_TagTypeGetFunctionType(const WasmEdge_TagTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_GlobalTypeContext *WasmEdge_GlobalTypeCreate(const WasmEdge_ValType ValType, const enum WasmEdge_Mutability Mut);
WASMEDGE_CAPI_EXPORT WasmEdge_ValType WasmEdge_GlobalTypeGetValType(const WasmEdge_GlobalTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT enum WasmEdge_Mutability WasmEdge_GlobalTypeGetMutability(const WasmEdge_GlobalTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_GlobalTypeDelete(WasmEdge_GlobalTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Value WasmEdge_ValueGenFuncRef(const WasmEdge_FunctionInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_FunctionInstanceContext *WasmEdge_ValueGetFuncRef(const WasmEdge_Value Val);

/* ---- AST modules, imports and exports ---- */

WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ASTModuleListImportsLength(const WasmEdge_ASTModuleContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ASTModuleListImports(const WasmEdge_ASTModuleContext *Cxt, const WasmEdge_ImportTypeContext **Imports, const uint32_t Len);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ASTModuleListExportsLength(const WasmEdge_ASTModuleContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ASTModuleListExports(const WasmEdge_ASTModuleContext *Cxt, const WasmEdge_ExportTypeContext **Exports, const uint32_t Len);
WASMEDGE_CAPI_EXPORT void WasmEdge_ASTModuleDelete(WasmEdge_ASTModuleContext *Cxt);
WASMEDGE_CAPI_EXPORT enum WasmEdge_ExternalType WasmEdge_ImportTypeGetExternalType(const WasmEdge_ImportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_String WasmEdge_ImportTypeGetModuleName(const WasmEdge_ImportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_String WasmEdge_ImportTypeGetExternalName(const WasmEdge_ImportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_FunctionTypeContext *WasmEdge_ImportTypeGetFunctionType(const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_ImportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_TableTypeContext *WasmEdge_ImportTypeGetTableType(const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_ImportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_MemoryTypeContext *WasmEdge_ImportTypeGetMemoryType(const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_ImportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_TagTypeContext *WasmEdge_ImportTypeGetTagType(const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_ImportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_GlobalTypeContext *WasmEdge_ImportTypeGetGlobalType(const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_ImportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT enum WasmEdge_ExternalType WasmEdge_ExportTypeGetExternalType(const WasmEdge_ExportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_String WasmEdge_ExportTypeGetExternalName(const WasmEdge_ExportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_FunctionTypeContext *WasmEdge_ExportTypeGetFunctionType(const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_ExportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_TableTypeContext *WasmEdge_ExportTypeGetTableType(const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_ExportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_MemoryTypeContext *WasmEdge_ExportTypeGetMemoryType(const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_ExportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_TagTypeContext *WasmEdge_ExportTypeGetTagType(const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_ExportTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_GlobalTypeContext *WasmEdge_ExportTypeGetGlobalType(const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_ExportTypeContext *Cxt);

/* ---- Configuration and statistics ---- */

WASMEDGE_CAPI_EXPORT WasmEdge_ConfigureContext *WasmEdge_ConfigureCreate(void);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureAddProposal(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_Proposal Prop);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureRemoveProposal(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_Proposal Prop);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ConfigureHasProposal(const WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_Proposal Prop);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureSetWASMStandard(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_Standard Std);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureAddHostRegistration(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_HostRegistration Host);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureRemoveHostRegistration(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_HostRegistration Host);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ConfigureHasHostRegistration(const WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_HostRegistration Host);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureSetMaxMemoryPage(WasmEdge_ConfigureContext *Cxt, const uint64_t Page);
WASMEDGE_CAPI_EXPORT uint64_t WasmEdge_ConfigureGetMaxMemoryPage(const WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureSetRunMode(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_RunMode Mode);
WASMEDGE_CAPI_EXPORT enum WasmEdge_RunMode WasmEdge_ConfigureGetRunMode(const WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureSetAllowAFUNIX(WasmEdge_ConfigureContext *Cxt, const bool EnableAFUNIX);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ConfigureIsAllowAFUNIX(const WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureCompilerSetOptimizationLevel(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_CompilerOptimizationLevel Level);
WASMEDGE_CAPI_EXPORT enum WasmEdge_CompilerOptimizationLevel WasmEdge_ConfigureCompilerGetOptimizationLevel(const WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureCompilerSetOutputFormat(WasmEdge_ConfigureContext *Cxt, const enum WasmEdge_CompilerOutputFormat Format);
WASMEDGE_CAPI_EXPORT enum WasmEdge_CompilerOutputFormat WasmEdge_ConfigureCompilerGetOutputFormat(const WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureCompilerSetDumpIR(WasmEdge_ConfigureContext *Cxt, const bool IsDump);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ConfigureCompilerIsDumpIR(const WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureCompilerSetGenericBinary(WasmEdge_ConfigureContext *Cxt, const bool IsGeneric);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ConfigureCompilerIsGenericBinary(const WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureCompilerSetInterruptible(WasmEdge_ConfigureContext *Cxt, const bool IsInterruptible);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ConfigureCompilerIsInterruptible(const WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureStatisticsSetInstructionCounting(WasmEdge_ConfigureContext *Cxt, const bool IsCount);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ConfigureStatisticsIsInstructionCounting(const WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureStatisticsSetCostMeasuring(WasmEdge_ConfigureContext *Cxt, const bool IsMeasure);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ConfigureStatisticsIsCostMeasuring(const WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureStatisticsSetTimeMeasuring(WasmEdge_ConfigureContext *Cxt, const bool IsMeasure);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ConfigureStatisticsIsTimeMeasuring(const WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureDelete(WasmEdge_ConfigureContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_StatisticsContext *WasmEdge_StatisticsCreate(void);
WASMEDGE_CAPI_EXPORT uint64_t WasmEdge_StatisticsGetInstrCount(const WasmEdge_StatisticsContext *Cxt);
WASMEDGE_CAPI_EXPORT double WasmEdge_StatisticsGetInstrPerSecond(const WasmEdge_StatisticsContext *Cxt);
WASMEDGE_CAPI_EXPORT uint64_t WasmEdge_StatisticsGetTotalCost(const WasmEdge_StatisticsContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_StatisticsSetCostTable(WasmEdge_StatisticsContext *Cxt, uint64_t *CostArr, const uint32_t Len);
WASMEDGE_CAPI_EXPORT void WasmEdge_StatisticsSetCostLimit(WasmEdge_StatisticsContext *Cxt, const uint64_t Limit);
WASMEDGE_CAPI_EXPORT void WasmEdge_StatisticsClear(WasmEdge_StatisticsContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_StatisticsDelete(WasmEdge_StatisticsContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ConfigureSetForceInterpreter(WasmEdge_ConfigureContext *Cxt, const bool IsForceInterpreter);
WASMEDGE_CAPI_EXPORT bool WasmEdge_ConfigureIsForceInterpreter(const WasmEdge_ConfigureContext *Cxt);

/* ---- Loader, validator, compiler ---- */

WASMEDGE_CAPI_EXPORT WasmEdge_CompilerContext *WasmEdge_CompilerCreate(const WasmEdge_ConfigureContext *ConfCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_CompilerCompile(WasmEdge_CompilerContext *Cxt, const char *InPath, const char *OutPath);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_CompilerCompileFromBytes(WasmEdge_CompilerContext *Cxt, const WasmEdge_Bytes Bytes, const char *OutPath);
WASMEDGE_CAPI_EXPORT void WasmEdge_CompilerDelete(WasmEdge_CompilerContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_LoaderParseFromBuffer(WasmEdge_LoaderContext *Cxt, WasmEdge_ASTModuleContext **Module, const uint8_t *Buf, const uint32_t BufLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_CompilerCompileFromBuffer(WasmEdge_CompilerContext *Cxt, const uint8_t *InBuffer, const uint64_t InBufferLen, const char *OutPath);
WASMEDGE_CAPI_EXPORT WasmEdge_LoaderContext *WasmEdge_LoaderCreate(const WasmEdge_ConfigureContext *ConfCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_LoaderParseFromFile(WasmEdge_LoaderContext *Cxt, WasmEdge_ASTModuleContext **Module, const char *Path);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_LoaderParseFromBytes(WasmEdge_LoaderContext *Cxt, WasmEdge_ASTModuleContext **Module, const WasmEdge_Bytes Bytes);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_LoaderSerializeASTModule(WasmEdge_LoaderContext *Cxt, const WasmEdge_ASTModuleContext *ASTCxt, WasmEdge_Bytes *Buf);
WASMEDGE_CAPI_EXPORT void WasmEdge_LoaderDelete(WasmEdge_LoaderContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_ValidatorContext *WasmEdge_ValidatorCreate(const WasmEdge_ConfigureContext *ConfCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_ValidatorValidate(WasmEdge_ValidatorContext *Cxt, const WasmEdge_ASTModuleContext *ASTCxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ValidatorDelete(WasmEdge_ValidatorContext *Cxt);

/* ---- Executor and store ---- */

WASMEDGE_CAPI_EXPORT WasmEdge_ExecutorContext *WasmEdge_ExecutorCreate(const WasmEdge_ConfigureContext *ConfCxt, WasmEdge_StatisticsContext *StatCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_ExecutorInstantiate(WasmEdge_ExecutorContext *Cxt, WasmEdge_ModuleInstanceContext **ModuleCxt, WasmEdge_StoreContext *StoreCxt, const WasmEdge_ASTModuleContext *ASTCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_ExecutorRegister(WasmEdge_ExecutorContext *Cxt, WasmEdge_ModuleInstanceContext **ModuleCxt, WasmEdge_StoreContext *StoreCxt, const WasmEdge_ASTModuleContext *ASTCxt, WasmEdge_String ModuleName);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_ExecutorRegisterImport(WasmEdge_ExecutorContext *Cxt, WasmEdge_StoreContext *StoreCxt, const WasmEdge_ModuleInstanceContext *ImportCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_ExecutorRegisterImportWithAlias(WasmEdge_ExecutorContext *Cxt, WasmEdge_StoreContext *StoreCxt, const WasmEdge_ModuleInstanceContext *ImportCxt, const WasmEdge_String ModuleName);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_ExecutorInvoke(WasmEdge_ExecutorContext *Cxt, const WasmEdge_FunctionInstanceContext *FuncCxt, const WasmEdge_Value *Params, const uint32_t ParamLen, WasmEdge_Value *Returns, const uint32_t ReturnLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Async *WasmEdge_ExecutorAsyncInvoke(WasmEdge_ExecutorContext *Cxt, const WasmEdge_FunctionInstanceContext *FuncCxt, const WasmEdge_Value *Params, const uint32_t ParamLen);
WASMEDGE_CAPI_EXPORT void WasmEdge_ExecutorDelete(WasmEdge_ExecutorContext *Cxt);
/* Experimental: callbacks around every host-function call. */
WASMEDGE_CAPI_EXPORT void WasmEdge_ExecutorExperimentalRegisterPreHostFunction(WasmEdge_ExecutorContext *Cxt, void *Data, void (*Func)(void *));
WASMEDGE_CAPI_EXPORT void WasmEdge_ExecutorExperimentalRegisterPostHostFunction(WasmEdge_ExecutorContext *Cxt, void *Data, void (*Func)(void *));
WASMEDGE_CAPI_EXPORT WasmEdge_StoreContext *WasmEdge_StoreCreate(void);
WASMEDGE_CAPI_EXPORT const WasmEdge_ModuleInstanceContext *WasmEdge_StoreFindModule(const WasmEdge_StoreContext *Cxt, const WasmEdge_String Name);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_StoreListModuleLength(const WasmEdge_StoreContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_StoreListModule(const WasmEdge_StoreContext *Cxt, WasmEdge_String *Names, const uint32_t Len);
WASMEDGE_CAPI_EXPORT void WasmEdge_StoreDelete(WasmEdge_StoreContext *Cxt);

/* ---- Instances ---- */

WASMEDGE_CAPI_EXPORT WasmEdge_ModuleInstanceContext *WasmEdge_ModuleInstanceCreateWASI(const char *const *Args, const uint32_t ArgLen, const char *const *Envs, const uint32_t EnvLen, const char *const *Preopens, const uint32_t PreopenLen);
WASMEDGE_CAPI_EXPORT WasmEdge_ModuleInstanceContext *WasmEdge_ModuleInstanceCreateWASIWithFds(const char *const *Args, const uint32_t ArgLen, const char *const *Envs, const uint32_t EnvLen, const char *const *Preopens, const uint32_t PreopenLen, const int32_t StdInFd, const int32_t StdOutFd, const int32_t StdErrFd);
WASMEDGE_CAPI_EXPORT void WasmEdge_ModuleInstanceInitWASI(WasmEdge_ModuleInstanceContext *Cxt, const char *const *Args, const uint32_t ArgLen, const char *const *Envs, const uint32_t EnvLen, const char *const *Preopens, const uint32_t PreopenLen);
WASMEDGE_CAPI_EXPORT void WasmEdge_ModuleInstanceInitWASIWithFds(WasmEdge_ModuleInstanceContext *Cxt, const char *const *Args, const uint32_t ArgLen, const char *const *Envs, const uint32_t EnvLen, const char *const *Preopens, const uint32_t PreopenLen, const int32_t StdInFd, const int32_t StdOutFd, const int32_t StdErrFd);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceWASIGetExitCode(const WasmEdge_ModuleInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceWASIGetNativeHandler(const WasmEdge_ModuleInstanceContext *Cxt, int32_t Fd, uint64_t *NativeHandler);
WASMEDGE_CAPI_EXPORT void WasmEdge_ModuleInstanceInitWasmEdgeProcess(const char *const *AllowedCmds, const uint32_t CmdsLen, const bool AllowAll);
WASMEDGE_CAPI_EXPORT WasmEdge_TableInstanceContext *WasmEdge_ModuleInstanceFindTable(const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name);
WASMEDGE_CAPI_EXPORT WasmEdge_MemoryInstanceContext *WasmEdge_ModuleInstanceFindMemory(const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name);
WASMEDGE_CAPI_EXPORT WasmEdge_TagInstanceContext *WasmEdge_ModuleInstanceFindTag(const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name);
WASMEDGE_CAPI_EXPORT WasmEdge_GlobalInstanceContext *WasmEdge_ModuleInstanceFindGlobal(const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceListTableLength(const WasmEdge_ModuleInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceListTable(const WasmEdge_ModuleInstanceContext *Cxt, WasmEdge_String *Names, const uint32_t Len);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceListMemoryLength(const WasmEdge_ModuleInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceListMemory(const WasmEdge_ModuleInstanceContext *Cxt, WasmEdge_String *Names, const uint32_t Len);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceListTagLength(const WasmEdge_ModuleInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceListTag(const WasmEdge_ModuleInstanceContext *Cxt, WasmEdge_String *Names, const uint32_t Len);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceListGlobalLength(const WasmEdge_ModuleInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_ModuleInstanceListGlobal(const WasmEdge_ModuleInstanceContext *Cxt, WasmEdge_String *Names, const uint32_t Len);
WASMEDGE_CAPI_EXPORT void WasmEdge_ModuleInstanceAddTable(WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name, WasmEdge_TableInstanceContext *TableCxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ModuleInstanceAddMemory(WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name, WasmEdge_MemoryInstanceContext *MemoryCxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_ModuleInstanceAddGlobal(WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name, WasmEdge_GlobalInstanceContext *GlobalCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_FunctionInstanceContext *WasmEdge_FunctionInstanceCreateBinding(const WasmEdge_FunctionTypeContext *Type, WasmEdge_WrapFunc_t WrapFunc, void *Binding, void *Data, const uint64_t Cost);
WASMEDGE_CAPI_EXPORT WasmEdge_TableInstanceContext *WasmEdge_TableInstanceCreate(const WasmEdge_TableTypeContext *TabType);
WASMEDGE_CAPI_EXPORT WasmEdge_TableInstanceContext *WasmEdge_TableInstanceCreateWithInit(const WasmEdge_TableTypeContext *TabType, const WasmEdge_Value Value);
WASMEDGE_CAPI_EXPORT const WasmEdge_TableTypeContext *WasmEdge_TableInstanceGetTableType(const WasmEdge_TableInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_TableInstanceGetData(const WasmEdge_TableInstanceContext *Cxt, WasmEdge_Value *Data, const uint64_t Offset);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_TableInstanceSetData(WasmEdge_TableInstanceContext *Cxt, WasmEdge_Value Data, const uint64_t Offset);
WASMEDGE_CAPI_EXPORT uint64_t WasmEdge_TableInstanceGetSize(const WasmEdge_TableInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_TableInstanceGrow(WasmEdge_TableInstanceContext *Cxt, const uint64_t Size);
WASMEDGE_CAPI_EXPORT void WasmEdge_TableInstanceDelete(WasmEdge_TableInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_MemoryInstanceContext *WasmEdge_MemoryInstanceCreate(const WasmEdge_MemoryTypeContext *MemType);
WASMEDGE_CAPI_EXPORT const WasmEdge_MemoryTypeContext *WasmEdge_MemoryInstanceGetMemoryType(const WasmEdge_MemoryInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_MemoryInstanceDelete(WasmEdge_MemoryInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_TagTypeContext *WasmEdge_TagInstanceGetTagType(const WasmEdge_TagInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_GlobalInstanceContext *WasmEdge_GlobalInstanceCreate(const WasmEdge_GlobalTypeContext *GlobType, const WasmEdge_Value Value);
WASMEDGE_CAPI_EXPORT const WasmEdge_GlobalTypeContext *WasmEdge_GlobalInstanceGetGlobalType(const WasmEdge_GlobalInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Value WasmEdge_GlobalInstanceGetValue(const WasmEdge_GlobalInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_GlobalInstanceSetValue(WasmEdge_GlobalInstanceContext *Cxt, const WasmEdge_Value Value);
WASMEDGE_CAPI_EXPORT void WasmEdge_GlobalInstanceDelete(WasmEdge_GlobalInstanceContext *Cxt);

/* ---- Asynchronous results ---- */

WASMEDGE_CAPI_EXPORT void WasmEdge_AsyncWait(const WasmEdge_Async *Cxt);
WASMEDGE_CAPI_EXPORT bool WasmEdge_AsyncWaitFor(const WasmEdge_Async *Cxt, uint64_t Milliseconds);
WASMEDGE_CAPI_EXPORT void WasmEdge_AsyncCancel(WasmEdge_Async *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_AsyncGetReturnsLength(const WasmEdge_Async *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_AsyncGet(const WasmEdge_Async *Cxt, WasmEdge_Value *Returns, const uint32_t ReturnLen);
WASMEDGE_CAPI_EXPORT void WasmEdge_AsyncDelete(WasmEdge_Async *Cxt);

/* ---- VM ---- */

WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMRegisterModuleFromBuffer(WasmEdge_VMContext *Cxt, const WasmEdge_String ModuleName, const uint8_t *Buf, const uint32_t BufLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMRunWasmFromBuffer(WasmEdge_VMContext *Cxt, const uint8_t *Buf, const uint32_t BufLen, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen, WasmEdge_Value *Returns, const uint32_t ReturnLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Async *WasmEdge_VMAsyncRunWasmFromBuffer(WasmEdge_VMContext *Cxt, const uint8_t *Buf, const uint32_t BufLen, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMLoadWasmFromBuffer(WasmEdge_VMContext *Cxt, const uint8_t *Buf, const uint32_t BufLen);
WASMEDGE_CAPI_EXPORT WasmEdge_VMContext *WasmEdge_VMCreate(const WasmEdge_ConfigureContext *ConfCxt, WasmEdge_StoreContext *StoreCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMRegisterModuleFromFile(WasmEdge_VMContext *Cxt, const WasmEdge_String ModuleName, const char *Path);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMRegisterModuleFromBytes(WasmEdge_VMContext *Cxt, const WasmEdge_String ModuleName, const WasmEdge_Bytes Bytes);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMRegisterModuleFromASTModule(WasmEdge_VMContext *Cxt, const WasmEdge_String ModuleName, const WasmEdge_ASTModuleContext *ASTCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMRegisterModuleFromImport(WasmEdge_VMContext *Cxt, const WasmEdge_ModuleInstanceContext *ImportCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMRegisterModuleFromImportWithAlias(WasmEdge_VMContext *Cxt, const WasmEdge_String ModuleName, const WasmEdge_ModuleInstanceContext *ImportCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMRunWasmFromFile(WasmEdge_VMContext *Cxt, const char *Path, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen, WasmEdge_Value *Returns, const uint32_t ReturnLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMRunWasmFromBytes(WasmEdge_VMContext *Cxt, const WasmEdge_Bytes Bytes, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen, WasmEdge_Value *Returns, const uint32_t ReturnLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMRunWasmFromASTModule(WasmEdge_VMContext *Cxt, const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen, WasmEdge_Value *Returns, const uint32_t ReturnLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Async *WasmEdge_VMAsyncRunWasmFromFile(WasmEdge_VMContext *Cxt, const char *Path, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Async *WasmEdge_VMAsyncRunWasmFromBytes(WasmEdge_VMContext *Cxt, const WasmEdge_Bytes Bytes, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Async *WasmEdge_VMAsyncRunWasmFromASTModule(WasmEdge_VMContext *Cxt, const WasmEdge_ASTModuleContext *ASTCxt, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMLoadWasmFromFile(WasmEdge_VMContext *Cxt, const char *Path);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMLoadWasmFromBytes(WasmEdge_VMContext *Cxt, const WasmEdge_Bytes Bytes);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMLoadWasmFromASTModule(WasmEdge_VMContext *Cxt, const WasmEdge_ASTModuleContext *ASTCxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMValidate(WasmEdge_VMContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMInstantiate(WasmEdge_VMContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMExecute(WasmEdge_VMContext *Cxt, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen, WasmEdge_Value *Returns, const uint32_t ReturnLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Result WasmEdge_VMExecuteRegistered(WasmEdge_VMContext *Cxt, const WasmEdge_String ModuleName, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen, WasmEdge_Value *Returns, const uint32_t ReturnLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Async *WasmEdge_VMAsyncExecute(WasmEdge_VMContext *Cxt, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen);
WASMEDGE_CAPI_EXPORT WasmEdge_Async *WasmEdge_VMAsyncExecuteRegistered(WasmEdge_VMContext *Cxt, const WasmEdge_String ModuleName, const WasmEdge_String FuncName, const WasmEdge_Value *Params, const uint32_t ParamLen);
WASMEDGE_CAPI_EXPORT const WasmEdge_FunctionTypeContext *WasmEdge_VMGetFunctionType(const WasmEdge_VMContext *Cxt, const WasmEdge_String FuncName);
WASMEDGE_CAPI_EXPORT const WasmEdge_FunctionTypeContext *WasmEdge_VMGetFunctionTypeRegistered(const WasmEdge_VMContext *Cxt, const WasmEdge_String ModuleName, const WasmEdge_String FuncName);
WASMEDGE_CAPI_EXPORT void WasmEdge_VMCleanup(WasmEdge_VMContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_VMGetFunctionListLength(const WasmEdge_VMContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_VMGetFunctionList(const WasmEdge_VMContext *Cxt, WasmEdge_String *Names, const WasmEdge_FunctionTypeContext **FuncTypes, const uint32_t Len);
WASMEDGE_CAPI_EXPORT void WasmEdge_VMForceDeleteRegisteredModule(const WasmEdge_VMContext *Cxt, const WasmEdge_String ModuleName);
WASMEDGE_CAPI_EXPORT WasmEdge_ModuleInstanceContext *WasmEdge_VMGetImportModuleContext(const WasmEdge_VMContext *Cxt, const enum WasmEdge_HostRegistration Reg);
WASMEDGE_CAPI_EXPORT const WasmEdge_ModuleInstanceContext *WasmEdge_VMGetActiveModule(const WasmEdge_VMContext *Cxt);
WASMEDGE_CAPI_EXPORT const WasmEdge_ModuleInstanceContext *WasmEdge_VMGetRegisteredModule(const WasmEdge_VMContext *Cxt, const WasmEdge_String ModuleName);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_VMListRegisteredModuleLength(const WasmEdge_VMContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_VMListRegisteredModule(const WasmEdge_VMContext *Cxt, WasmEdge_String *Names, const uint32_t Len);
WASMEDGE_CAPI_EXPORT WasmEdge_StoreContext *WasmEdge_VMGetStoreContext(WasmEdge_VMContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_LoaderContext *WasmEdge_VMGetLoaderContext(WasmEdge_VMContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_ValidatorContext *WasmEdge_VMGetValidatorContext(WasmEdge_VMContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_ExecutorContext *WasmEdge_VMGetExecutorContext(WasmEdge_VMContext *Cxt);
WASMEDGE_CAPI_EXPORT WasmEdge_StatisticsContext *WasmEdge_VMGetStatisticsContext(WasmEdge_VMContext *Cxt);
WASMEDGE_CAPI_EXPORT void WasmEdge_VMDelete(WasmEdge_VMContext *Cxt);

/* ---- Plug-ins ---- */

WASMEDGE_CAPI_EXPORT void WasmEdge_PluginLoadWithDefaultPaths(void);
WASMEDGE_CAPI_EXPORT void WasmEdge_PluginLoadFromPath(const char *Path);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_PluginListPluginsLength(void);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_PluginListPlugins(WasmEdge_String *Names, const uint32_t Len);
WASMEDGE_CAPI_EXPORT const WasmEdge_PluginContext *WasmEdge_PluginFind(const WasmEdge_String Name);
WASMEDGE_CAPI_EXPORT WasmEdge_String WasmEdge_PluginGetPluginName(const WasmEdge_PluginContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_PluginListModuleLength(const WasmEdge_PluginContext *Cxt);
WASMEDGE_CAPI_EXPORT uint32_t WasmEdge_PluginListModule(const WasmEdge_PluginContext *Cxt, WasmEdge_String *Names, const uint32_t Len);
WASMEDGE_CAPI_EXPORT WasmEdge_ModuleInstanceContext *WasmEdge_PluginCreateModule(const WasmEdge_PluginContext *Cxt, const WasmEdge_String ModuleName);
WASMEDGE_CAPI_EXPORT void WasmEdge_PluginInitWASINN(const char *const *NNPreloads, const uint32_t PreloadsLen);

/* ---- Other ---- */

WASMEDGE_CAPI_EXPORT int WasmEdge_Driver_Compiler(int Argc, const char *Argv[]);
WASMEDGE_CAPI_EXPORT int WasmEdge_Driver_Tool(int Argc, const char *Argv[]);
WASMEDGE_CAPI_EXPORT int WasmEdge_Driver_UniTool(int Argc, const char *Argv[]);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASMEDGE_C_API_EMBEDDER_H */
