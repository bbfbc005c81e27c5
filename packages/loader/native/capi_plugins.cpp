// Plug-in loading and lookup: the registry behind openPlugin and the C API's
// WasmEdge_Plugin* functions. Search rules are the runtime's (plugin ABI
// §1.1/§1.2): WASMEDGE_PLUGIN_PATH entries, then a directory next to this
// library; directories walked recursively; only "*.so" files tried; the
// first plug-in with a name wins; libraries stay loaded.
#include "capi_plugins.h"
#include "capi_log.h"
#include "host_contexts.h"

#include <dirent.h>
#include <dlfcn.h>
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <vector>

#define HOST_API extern "C" WASMEDGE_CAPI_EXPORT

namespace {

std::mutex RegistryLock;
// A deque keeps addresses stable: contexts are handed out as pointers.
std::deque<WasmEdge_PluginContext> &registry() {
  static std::deque<WasmEdge_PluginContext> Plugins;
  return Plugins;
}

const WasmEdge_PluginContext *findByName(const std::string &Name) {
  for (const auto &P : registry()) {
    if (Name == P.Desc->Name) return &P;
  }
  return nullptr;
}

bool hasSoExtension(const std::string &Path) {
  const auto Slash = Path.find_last_of('/');
  const auto Dot = Path.find_last_of('.');
  return Dot != std::string::npos && (Slash == std::string::npos || Dot > Slash) && Path.substr(Dot) == ".so";
}

void loadFile(const std::string &Path) {
  std::string Kind, Error;
  if (host::openPlugin(Path, Kind, Error) == nullptr) {
    host::logMessage(WasmEdge_LogLevel_Error, Error);
  }
}

void loadPath(const std::string &Path) {
  struct stat St;
  if (stat(Path.c_str(), &St) != 0) return;
  if (S_ISREG(St.st_mode)) {
    if (hasSoExtension(Path)) loadFile(Path);
    return;
  }
  if (!S_ISDIR(St.st_mode)) return;
  DIR *D = opendir(Path.c_str());
  if (D == nullptr) return; // unreadable directories are skipped
  std::vector<std::string> Entries;
  while (dirent *E = readdir(D)) {
    if (std::strcmp(E->d_name, ".") != 0 && std::strcmp(E->d_name, "..") != 0) Entries.emplace_back(E->d_name);
  }
  closedir(D);
  for (const auto &Name : Entries) loadPath(Path + "/" + Name);
}

// <dir of this library>/wasmedge under /usr or /lib, else <dir>/../plugin.
std::string defaultPluginDir() {
  Dl_info Info{};
  if (dladdr(reinterpret_cast<void *>(&defaultPluginDir), &Info) == 0 || Info.dli_fname == nullptr) return "";
  std::string Dir(Info.dli_fname);
  Dir = Dir.substr(0, Dir.find_last_of('/'));
  if (Dir.rfind("/usr", 0) == 0 || Dir.rfind("/lib", 0) == 0) return Dir + "/wasmedge";
  return Dir + "/../plugin";
}

const WasmEdge_ModuleDescriptor *findModule(const WasmEdge_PluginContext *P, const std::string &Name) {
  const WasmEdge_PluginDescriptor *D = P->Desc;
  for (uint32_t I = 0; D->ModuleDescriptions != nullptr && I < D->ModuleCount; ++I) {
    if (D->ModuleDescriptions[I].Name != nullptr && Name == D->ModuleDescriptions[I].Name) return &D->ModuleDescriptions[I];
  }
  return nullptr;
}

// True when an AddressSanitizer runtime is in the process (Node started with
// it in LD_PRELOAD, to run sanitized plug-in builds).
bool sanitizerRuntimeLoaded() { return dlsym(RTLD_DEFAULT, "__asan_init") != nullptr; }

// ASan refuses RTLD_DEEPBIND and aborts the process: a deep-bound library
// would call libc's malloc and free instead of the sanitizer's
// interceptors. So the sanitized host opens plug-ins without it; a plug-in
// linked against the system's OpenSSL then binds to the copy the node
// executable exports (Node's is of the same 3.0 series), which only
// sanitized test runs accept.
int pluginOpenFlags() {
  static const int Flags = RTLD_NOW | RTLD_LOCAL | (sanitizerRuntimeLoaded() ? 0 : RTLD_DEEPBIND);
  return Flags;
}

} // namespace

namespace host {

const WasmEdge_PluginContext *openPlugin(const std::string &Path, std::string &Kind, std::string &Error) {
  dlerror();
  // RTLD_NOW: an unresolved symbol becomes an error here, not a crash at the
  // first call. RTLD_LOCAL: as the runtime, plug-ins never see each other.
  // RTLD_DEEPBIND: the node executable exports its bundled OpenSSL (and
  // more); without it a plug-in linked against the system's libssl would
  // bind to Node's copy, which the real runtime never offers. A plug-in
  // linked with -lwasmedge finds this library already loaded under the
  // SONAME libwasmedge.so.0, so its WasmEdge_* resolve here, never to a
  // libwasmedge on the library path. (Not under ASan: pluginOpenFlags.)
  void *Lib = dlopen(Path.c_str(), pluginOpenFlags());
  if (Lib == nullptr) {
    const char *Why = dlerror();
    Kind = "open";
    Error = "cannot open plug-in " + Path + ": " + (Why ? Why : "unknown error");
    return nullptr;
  }
  if (dlsym(Lib, "GetDescriptor") != nullptr) {
    Kind = "not-c-plugin";
    Error = Path + " exports GetDescriptor, the C++ plug-in interface; this host loads C API plug-ins only";
    return nullptr;
  }
  using GetDescriptorFn = const WasmEdge_PluginDescriptor *(*)();
  auto Get = reinterpret_cast<GetDescriptorFn>(dlsym(Lib, "WasmEdge_Plugin_GetDescriptor"));
  if (Get == nullptr) {
    Kind = "not-plugin";
    Error = Path + " does not export WasmEdge_Plugin_GetDescriptor; it is not a WasmEdge plug-in";
    return nullptr;
  }
  const WasmEdge_PluginDescriptor *Desc = Get();
  if (Desc == nullptr || Desc->Name == nullptr) {
    Kind = "not-plugin";
    Error = Path + ": WasmEdge_Plugin_GetDescriptor returned no descriptor";
    return nullptr;
  }
  std::lock_guard<std::mutex> G(RegistryLock);
  if (const WasmEdge_PluginContext *Known = findByName(Desc->Name)) {
    if (Known->Desc == Desc) return Known; // the same library opened again
    // A second plug-in with a registered name: the first stays (runtime rule),
    // but the caller asked for this file, so it gets its own context.
  }
  registry().push_back(WasmEdge_PluginContext{Path, Desc});
  return &registry().back();
}

} // namespace host

HOST_API void WasmEdge_PluginLoadFromPath(const char *Path) {
  if (Path != nullptr) loadPath(Path);
}

HOST_API void WasmEdge_PluginLoadWithDefaultPaths(void) {
  if (const char *Env = std::getenv("WASMEDGE_PLUGIN_PATH")) {
    std::string All(Env);
    size_t Start = 0;
    while (Start <= All.size()) {
      size_t End = All.find(':', Start);
      if (End == std::string::npos) End = All.size();
      if (End > Start) loadPath(All.substr(Start, End - Start)); // runs of ':' are one separator
      Start = End + 1;
    }
  }
  const std::string Dir = defaultPluginDir();
  if (!Dir.empty()) loadPath(Dir);
}

// Listing and lookup see one plug-in per name: the first registered.
HOST_API uint32_t WasmEdge_PluginListPluginsLength(void) {
  std::lock_guard<std::mutex> G(RegistryLock);
  uint32_t N = 0;
  for (const auto &P : registry()) N += findByName(P.Desc->Name) == &P;
  return N;
}

HOST_API uint32_t WasmEdge_PluginListPlugins(WasmEdge_String *Names, const uint32_t Len) {
  std::lock_guard<std::mutex> G(RegistryLock);
  uint32_t N = 0;
  for (const auto &P : registry()) {
    if (findByName(P.Desc->Name) != &P) continue;
    if (Names != nullptr && N < Len) Names[N] = WasmEdge_String{static_cast<uint32_t>(std::strlen(P.Desc->Name)), P.Desc->Name};
    ++N;
  }
  return N;
}

HOST_API const WasmEdge_PluginContext *WasmEdge_PluginFind(const WasmEdge_String Name) {
  std::lock_guard<std::mutex> G(RegistryLock);
  return findByName(host::toName(Name));
}

HOST_API WasmEdge_String WasmEdge_PluginGetPluginName(const WasmEdge_PluginContext *Cxt) {
  if (Cxt == nullptr) return WasmEdge_String{0, nullptr};
  return WasmEdge_String{static_cast<uint32_t>(std::strlen(Cxt->Desc->Name)), Cxt->Desc->Name};
}

HOST_API uint32_t WasmEdge_PluginListModuleLength(const WasmEdge_PluginContext *Cxt) {
  return Cxt && Cxt->Desc->ModuleDescriptions ? Cxt->Desc->ModuleCount : 0;
}

HOST_API uint32_t WasmEdge_PluginListModule(const WasmEdge_PluginContext *Cxt, WasmEdge_String *Names, const uint32_t Len) {
  const uint32_t N = WasmEdge_PluginListModuleLength(Cxt);
  for (uint32_t I = 0; Names != nullptr && I < N && I < Len; ++I) {
    const char *Name = Cxt->Desc->ModuleDescriptions[I].Name;
    Names[I] = WasmEdge_String{static_cast<uint32_t>(Name ? std::strlen(Name) : 0), Name};
  }
  return N;
}

HOST_API WasmEdge_ModuleInstanceContext *WasmEdge_PluginCreateModule(const WasmEdge_PluginContext *Cxt,
                                                                    const WasmEdge_String ModuleName) {
  if (Cxt == nullptr) return nullptr;
  const WasmEdge_ModuleDescriptor *MD = findModule(Cxt, host::toName(ModuleName));
  return MD != nullptr && MD->Create != nullptr ? MD->Create(MD) : nullptr;
}
