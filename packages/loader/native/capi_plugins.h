// The plug-ins this process has opened: one registry shared by the Node
// binding (openPlugin from JS) and the C API's plug-in functions
// (WasmEdge_PluginLoadFromPath, PluginFind, PluginCreateModule, ...).
#pragma once

#include <wasmedge/wasmedge.h>

#include <string>

struct WasmEdge_PluginContext {
  std::string Path;
  const WasmEdge_PluginDescriptor *Desc = nullptr;
};

namespace host {

// Opens a library and reads its descriptor. On success returns the plug-in
// (the same one again if this name is already registered, as the registry
// keeps the first); on failure returns NULL and says why in Error, with
// Kind one of "open", "not-c-plugin", "not-plugin".
const WasmEdge_PluginContext *openPlugin(const std::string &Path, std::string &Kind, std::string &Error);

} // namespace host
