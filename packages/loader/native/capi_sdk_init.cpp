// WASI module instances and the two SDK initialisers of the C API.
//
// WASI in this host is Node's node:wasi, set up from JS; a WASI module
// instance cannot be made from C, so the Create functions log why and return
// NULL and the getters answer as the runtime does for a NULL context.
//
// InitWasmEdgeProcess / PluginInitWASINN do what the runtime does (plugin ABI
// §2.4): assign a libstdc++ std::vector<std::string> to the storage of the
// option `allow-command` / `nn-preload`, and set the toggle
// `allow-command-all`. That is only safe for a plug-in that sized its
// storage for it (this project's wasmedge_process does); it is done here
// because plug-ins written for the runtime expect exactly that.
#include "capi_log.h"
#include "capi_plugins.h"
#include "host_contexts.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#define HOST_API extern "C" WASMEDGE_CAPI_EXPORT

namespace {

const WasmEdge_ProgramOption *findOption(const char *Plugin, const char *Option) {
  const WasmEdge_PluginContext *P = WasmEdge_PluginFind(WasmEdge_StringWrap(Plugin, std::strlen(Plugin)));
  if (P == nullptr || P->Desc->ProgramOptions == nullptr) return nullptr;
  for (uint32_t I = 0; I < P->Desc->ProgramOptionCount; ++I) {
    const WasmEdge_ProgramOption &O = P->Desc->ProgramOptions[I];
    if (O.Name != nullptr && std::strcmp(O.Name, Option) == 0 && O.Storage != nullptr) return &O;
  }
  return nullptr;
}

void assignList(const char *Plugin, const char *Option, const char *const *Items, uint32_t Len) {
  const WasmEdge_ProgramOption *O = findOption(Plugin, Option);
  if (O == nullptr || O->Type != WasmEdge_ProgramOptionType_String) return;
  try {
    std::vector<std::string> List;
    for (uint32_t I = 0; Items != nullptr && I < Len; ++I) List.emplace_back(Items[I] ? Items[I] : "");
    *static_cast<std::vector<std::string> *>(O->Storage) = std::move(List);
  } catch (...) {
    host::logMessage(WasmEdge_LogLevel_Error, std::string("cannot set --") + Option + " of " + Plugin);
  }
}

void noWasi(const char *Function) {
  host::logMessage(WasmEdge_LogLevel_Error, std::string(Function) +
                                                ": WASI in the Node host is node:wasi, set up from JavaScript; "
                                                "it has no WASI module instance to give to C");
}

} // namespace

HOST_API void WasmEdge_ModuleInstanceInitWasmEdgeProcess(const char *const *AllowedCmds, const uint32_t CmdsLen,
                                                         const bool AllowAll) {
  assignList("wasmedge_process", "allow-command", AllowedCmds, CmdsLen);
  const WasmEdge_ProgramOption *All = findOption("wasmedge_process", "allow-command-all");
  if (AllowAll && All != nullptr && All->Type == WasmEdge_ProgramOptionType_Toggle) {
    *static_cast<bool *>(All->Storage) = true;
  }
}

HOST_API void WasmEdge_PluginInitWASINN(const char *const *NNPreloads, const uint32_t PreloadsLen) {
  assignList("wasi_nn", "nn-preload", NNPreloads, PreloadsLen);
}

HOST_API WasmEdge_ModuleInstanceContext *WasmEdge_ModuleInstanceCreateWASI(const char *const *, const uint32_t, const char *const *,
                                                                          const uint32_t, const char *const *, const uint32_t) {
  noWasi("WasmEdge_ModuleInstanceCreateWASI");
  return nullptr;
}

HOST_API WasmEdge_ModuleInstanceContext *WasmEdge_ModuleInstanceCreateWASIWithFds(
    const char *const *, const uint32_t, const char *const *, const uint32_t, const char *const *, const uint32_t,
    const int32_t, const int32_t, const int32_t) {
  noWasi("WasmEdge_ModuleInstanceCreateWASIWithFds");
  return nullptr;
}

HOST_API void WasmEdge_ModuleInstanceInitWASI(WasmEdge_ModuleInstanceContext *, const char *const *, const uint32_t,
                                              const char *const *, const uint32_t, const char *const *, const uint32_t) {}

HOST_API void WasmEdge_ModuleInstanceInitWASIWithFds(WasmEdge_ModuleInstanceContext *, const char *const *, const uint32_t,
                                                     const char *const *, const uint32_t, const char *const *,
                                                     const uint32_t, const int32_t, const int32_t, const int32_t) {}

// No module here is a WASI module: the runtime's answers for a non-WASI one.
HOST_API uint32_t WasmEdge_ModuleInstanceWASIGetExitCode(const WasmEdge_ModuleInstanceContext *) { return EXIT_FAILURE; }
HOST_API uint32_t WasmEdge_ModuleInstanceWASIGetNativeHandler(const WasmEdge_ModuleInstanceContext *Cxt, int32_t, uint64_t *) {
  return Cxt == nullptr ? 1 : 2;
}
