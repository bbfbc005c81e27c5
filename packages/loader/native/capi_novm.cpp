// The loader, validator, AOT compiler and VM of the C API. Node compiles and
// runs the wasm, so this host has none of them: their Create functions log
// why and return NULL (as the runtime does when it cannot create one), and
// every other call then gets the runtime's answer for a NULL context:
// WrongVMWorkflow, NULL, 0 or false.
#include "capi_log.h"
#include "host_contexts.h"

#define HOST_API extern "C" WASMEDGE_CAPI_EXPORT

struct WasmEdge_LoaderContext {};
struct WasmEdge_ValidatorContext {};
struct WasmEdge_CompilerContext {};
struct WasmEdge_VMContext {};

namespace {

const WasmEdge_Result kNoVm{WasmEdge_ErrCode_WrongVMWorkflow};

void noVm(const char *Function) {
  host::logMessage(WasmEdge_LogLevel_Error, std::string(Function) +
                                                ": the Node host runs wasm in Node's engine and has no WasmEdge "
                                                "loader, validator, compiler or VM");
}

} // namespace

HOST_API WasmEdge_CompilerContext * WasmEdge_CompilerCreate(const WasmEdge_ConfigureContext *) {
  noVm("WasmEdge_CompilerCreate");
  return nullptr;
}
HOST_API WasmEdge_Result WasmEdge_CompilerCompile(WasmEdge_CompilerContext *, const char *, const char *) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_CompilerCompileFromBytes(WasmEdge_CompilerContext *, const WasmEdge_Bytes, const char *) { return kNoVm; }
HOST_API void WasmEdge_CompilerDelete(WasmEdge_CompilerContext  *Cxt) { delete Cxt; }
HOST_API WasmEdge_Result WasmEdge_LoaderParseFromBuffer(WasmEdge_LoaderContext *, WasmEdge_ASTModuleContext **, const uint8_t *, const uint32_t) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_CompilerCompileFromBuffer(WasmEdge_CompilerContext *, const uint8_t *, const uint64_t, const char *) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMRegisterModuleFromBuffer(WasmEdge_VMContext *, const WasmEdge_String, const uint8_t *, const uint32_t) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMRunWasmFromBuffer(WasmEdge_VMContext *, const uint8_t *, const uint32_t, const WasmEdge_String, const WasmEdge_Value *, const uint32_t, WasmEdge_Value *, const uint32_t) { return kNoVm; }
HOST_API WasmEdge_Async * WasmEdge_VMAsyncRunWasmFromBuffer(WasmEdge_VMContext *, const uint8_t *, const uint32_t, const WasmEdge_String, const WasmEdge_Value *, const uint32_t) { return nullptr; }
HOST_API WasmEdge_Result WasmEdge_VMLoadWasmFromBuffer(WasmEdge_VMContext *, const uint8_t *, const uint32_t) { return kNoVm; }
HOST_API WasmEdge_LoaderContext * WasmEdge_LoaderCreate(const WasmEdge_ConfigureContext *) {
  noVm("WasmEdge_LoaderCreate");
  return nullptr;
}
HOST_API WasmEdge_Result WasmEdge_LoaderParseFromFile(WasmEdge_LoaderContext *, WasmEdge_ASTModuleContext **, const char *) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_LoaderParseFromBytes(WasmEdge_LoaderContext *, WasmEdge_ASTModuleContext **, const WasmEdge_Bytes) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_LoaderSerializeASTModule(WasmEdge_LoaderContext *, const WasmEdge_ASTModuleContext *, WasmEdge_Bytes *) { return kNoVm; }
HOST_API void WasmEdge_LoaderDelete(WasmEdge_LoaderContext  *Cxt) { delete Cxt; }
HOST_API WasmEdge_ValidatorContext * WasmEdge_ValidatorCreate(const WasmEdge_ConfigureContext *) {
  noVm("WasmEdge_ValidatorCreate");
  return nullptr;
}
HOST_API WasmEdge_Result WasmEdge_ValidatorValidate(WasmEdge_ValidatorContext *, const WasmEdge_ASTModuleContext *) { return kNoVm; }
HOST_API void WasmEdge_ValidatorDelete(WasmEdge_ValidatorContext  *Cxt) { delete Cxt; }
HOST_API WasmEdge_VMContext * WasmEdge_VMCreate(const WasmEdge_ConfigureContext *, WasmEdge_StoreContext *) {
  noVm("WasmEdge_VMCreate");
  return nullptr;
}
HOST_API WasmEdge_Result WasmEdge_VMRegisterModuleFromFile(WasmEdge_VMContext *, const WasmEdge_String, const char *) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMRegisterModuleFromBytes(WasmEdge_VMContext *, const WasmEdge_String, const WasmEdge_Bytes) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMRegisterModuleFromASTModule(WasmEdge_VMContext *, const WasmEdge_String, const WasmEdge_ASTModuleContext *) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMRegisterModuleFromImport(WasmEdge_VMContext *, const WasmEdge_ModuleInstanceContext *) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMRegisterModuleFromImportWithAlias(WasmEdge_VMContext *, const WasmEdge_String, const WasmEdge_ModuleInstanceContext *) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMRunWasmFromFile(WasmEdge_VMContext *, const char *, const WasmEdge_String, const WasmEdge_Value *, const uint32_t, WasmEdge_Value *, const uint32_t) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMRunWasmFromBytes(WasmEdge_VMContext *, const WasmEdge_Bytes, const WasmEdge_String, const WasmEdge_Value *, const uint32_t, WasmEdge_Value *, const uint32_t) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMRunWasmFromASTModule(WasmEdge_VMContext *, const WasmEdge_ASTModuleContext *, const WasmEdge_String, const WasmEdge_Value *, const uint32_t, WasmEdge_Value *, const uint32_t) { return kNoVm; }
HOST_API WasmEdge_Async * WasmEdge_VMAsyncRunWasmFromFile(WasmEdge_VMContext *, const char *, const WasmEdge_String, const WasmEdge_Value *, const uint32_t) { return nullptr; }
HOST_API WasmEdge_Async * WasmEdge_VMAsyncRunWasmFromBytes(WasmEdge_VMContext *, const WasmEdge_Bytes, const WasmEdge_String, const WasmEdge_Value *, const uint32_t) { return nullptr; }
HOST_API WasmEdge_Async * WasmEdge_VMAsyncRunWasmFromASTModule(WasmEdge_VMContext *, const WasmEdge_ASTModuleContext *, const WasmEdge_String, const WasmEdge_Value *, const uint32_t) { return nullptr; }
HOST_API WasmEdge_Result WasmEdge_VMLoadWasmFromFile(WasmEdge_VMContext *, const char *) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMLoadWasmFromBytes(WasmEdge_VMContext *, const WasmEdge_Bytes) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMLoadWasmFromASTModule(WasmEdge_VMContext *, const WasmEdge_ASTModuleContext *) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMValidate(WasmEdge_VMContext *) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMInstantiate(WasmEdge_VMContext *) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMExecute(WasmEdge_VMContext *, const WasmEdge_String, const WasmEdge_Value *, const uint32_t, WasmEdge_Value *, const uint32_t) { return kNoVm; }
HOST_API WasmEdge_Result WasmEdge_VMExecuteRegistered(WasmEdge_VMContext *, const WasmEdge_String, const WasmEdge_String, const WasmEdge_Value *, const uint32_t, WasmEdge_Value *, const uint32_t) { return kNoVm; }
HOST_API WasmEdge_Async * WasmEdge_VMAsyncExecute(WasmEdge_VMContext *, const WasmEdge_String, const WasmEdge_Value *, const uint32_t) { return nullptr; }
HOST_API WasmEdge_Async * WasmEdge_VMAsyncExecuteRegistered(WasmEdge_VMContext *, const WasmEdge_String, const WasmEdge_String, const WasmEdge_Value *, const uint32_t) { return nullptr; }
HOST_API const WasmEdge_FunctionTypeContext * WasmEdge_VMGetFunctionType(const WasmEdge_VMContext *, const WasmEdge_String) { return nullptr; }
HOST_API const WasmEdge_FunctionTypeContext * WasmEdge_VMGetFunctionTypeRegistered(const WasmEdge_VMContext *, const WasmEdge_String, const WasmEdge_String) { return nullptr; }
HOST_API void WasmEdge_VMCleanup(WasmEdge_VMContext *) {}
HOST_API uint32_t WasmEdge_VMGetFunctionListLength(const WasmEdge_VMContext *) { return 0; }
HOST_API uint32_t WasmEdge_VMGetFunctionList(const WasmEdge_VMContext *, WasmEdge_String *, const WasmEdge_FunctionTypeContext **, const uint32_t) { return 0; }
HOST_API void WasmEdge_VMForceDeleteRegisteredModule(const WasmEdge_VMContext *, const WasmEdge_String) {}
HOST_API WasmEdge_ModuleInstanceContext * WasmEdge_VMGetImportModuleContext(const WasmEdge_VMContext *, const enum WasmEdge_HostRegistration) { return nullptr; }
HOST_API const WasmEdge_ModuleInstanceContext * WasmEdge_VMGetActiveModule(const WasmEdge_VMContext *) { return nullptr; }
HOST_API const WasmEdge_ModuleInstanceContext * WasmEdge_VMGetRegisteredModule(const WasmEdge_VMContext *, const WasmEdge_String) { return nullptr; }
HOST_API uint32_t WasmEdge_VMListRegisteredModuleLength(const WasmEdge_VMContext *) { return 0; }
HOST_API uint32_t WasmEdge_VMListRegisteredModule(const WasmEdge_VMContext *, WasmEdge_String *, const uint32_t) { return 0; }
HOST_API WasmEdge_StoreContext * WasmEdge_VMGetStoreContext(WasmEdge_VMContext *) { return nullptr; }
HOST_API WasmEdge_LoaderContext * WasmEdge_VMGetLoaderContext(WasmEdge_VMContext *) { return nullptr; }
HOST_API WasmEdge_ValidatorContext * WasmEdge_VMGetValidatorContext(WasmEdge_VMContext *) { return nullptr; }
HOST_API WasmEdge_ExecutorContext * WasmEdge_VMGetExecutorContext(WasmEdge_VMContext *) { return nullptr; }
HOST_API WasmEdge_StatisticsContext * WasmEdge_VMGetStatisticsContext(WasmEdge_VMContext *) { return nullptr; }
HOST_API void WasmEdge_VMDelete(WasmEdge_VMContext  *Cxt) { delete Cxt; }

// ---- The wasmedge command-line tools, which this host does not contain ----

HOST_API int WasmEdge_Driver_Compiler(int, const char *[]) {
  noVm("WasmEdge_Driver_Compiler");
  return 1;
}
HOST_API int WasmEdge_Driver_Tool(int, const char *[]) {
  noVm("WasmEdge_Driver_Tool");
  return 1;
}
HOST_API int WasmEdge_Driver_UniTool(int, const char *[]) {
  noVm("WasmEdge_Driver_UniTool");
  return 1;
}
