// Opening a backend's runtime library on first use (see runtime_library.h).
#include "runtime_library.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace wasi_nn {

namespace {

// The directory holding this plug-in, with a trailing '/', or "".
std::string plugin_directory() {
  Dl_info info{};
  static const int anchor = 0; // any object of this library will do
  if (dladdr(&anchor, &info) == 0 || info.dli_fname == nullptr) {
    return "";
  }
  const std::string file(info.dli_fname);
  const size_t slash = file.rfind('/');
  return slash == std::string::npos ? "" : file.substr(0, slash + 1);
}

bool is_directory(const char *path) {
  struct stat st {};
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

} // namespace

RuntimeLibrary::RuntimeLibrary(const RuntimeSpec &spec, void **table)
    : spec_(spec), table_(table) {}

bool RuntimeLibrary::try_open(const char *path, char *why, size_t why_size) {
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char *error = dlerror();
    std::snprintf(why, why_size, "%s", error != nullptr ? error : path);
    return false;
  }
  for (size_t i = 0; i < spec_.symbol_count; ++i) {
    void *symbol = dlsym(handle, spec_.symbols[i]);
    if (symbol == nullptr) {
      // Another version of the runtime: refuse it whole, never half-bound.
      std::snprintf(why, why_size, "%s does not export %s (another version?)",
                    path, spec_.symbols[i]);
      dlclose(handle);
      return false;
    }
    table_[i] = symbol;
  }
  return true; // kept open for the life of the process
}

bool RuntimeLibrary::ensure_loaded() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (loaded_) {
    return true;
  }
  char why[512] = "";
  const char *variable = std::getenv(spec_.path_variable);
  if (variable != nullptr && variable[0] != '\0') {
    // Only the variable's place is tried when it is set: a user who names a
    // directory must not silently get another copy of the runtime.
    const std::string path = is_directory(variable)
                                 ? std::string(variable) + "/" + spec_.library
                                 : std::string(variable);
    loaded_ = try_open(path.c_str(), why, sizeof why);
    if (!loaded_) {
      std::fprintf(stderr,
                   "wasi_nn %s: cannot load the runtime library %s from "
                   "%s=%s (%s): install it with `%s` and set %s to the "
                   "directory holding %s\n",
                   spec_.backend, spec_.library, spec_.path_variable, variable,
                   why, spec_.install, spec_.path_variable, spec_.library);
    }
    return loaded_;
  }
  const std::string beside = plugin_directory() + spec_.library;
  if (!plugin_directory().empty() && access(beside.c_str(), F_OK) == 0) {
    loaded_ = try_open(beside.c_str(), why, sizeof why);
  } else {
    loaded_ = try_open(spec_.library, why, sizeof why);
  }
  if (!loaded_) {
    std::fprintf(stderr,
                 "wasi_nn %s: cannot load the runtime library %s (searched "
                 "$%s, the plug-in's directory and the system's library "
                 "path: %s): install it with `%s` and set %s to the "
                 "directory holding %s\n",
                 spec_.backend, spec_.library, spec_.path_variable, why,
                 spec_.install, spec_.path_variable, spec_.library);
  }
  return loaded_;
}

} // namespace wasi_nn
