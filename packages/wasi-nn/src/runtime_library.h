// A backend's inference runtime, opened with dlopen on first use.
//
// Backends whose runtime ships as a prebuilt library (OpenVINO's C API,
// LiteRT) never link it: the plug-in has no DT_NEEDED entry for it, so the
// plug-in always loads, and a missing runtime is reported when a guest first
// loads a model, by `load`, instead of the plug-in silently disappearing.
//
// The library is searched for, in this order:
//   1. the backend's variable (e.g. WASI_NN_LITERT_LIBRARY_PATH): a directory
//      holding the library, or the library file itself;
//   2. the directory this plug-in was loaded from (dladdr);
//   3. the system's search path (plain dlopen of the library name).
// Every symbol the backend declares (its symbols .def file) is resolved into
// a table at once, so a library of the wrong version is refused as a whole.
// A success is kept for the process; a failure is tried again on the next
// load (the user may have installed the runtime meanwhile).
#ifndef WASI_NN_RUNTIME_LIBRARY_H
#define WASI_NN_RUNTIME_LIBRARY_H

#include <cstddef>
#include <cstring>
#include <mutex>

namespace wasi_nn {

struct RuntimeSpec {
  const char *backend;       // for messages: "tensorflowlite"
  const char *library;       // file name: "libLiteRt.so"
  const char *path_variable; // "WASI_NN_LITERT_LIBRARY_PATH"
  const char *install;       // "pip install ai-edge-litert==2.3.0"
  const char *const *symbols;
  size_t symbol_count;
};

class RuntimeLibrary {
public:
  // `table` has spec.symbol_count entries, filled in symbols' order.
  RuntimeLibrary(const RuntimeSpec &spec, void **table);

  // True once the library is open and every symbol resolved. Otherwise
  // writes one line to stderr (what is missing, where it was searched, how
  // to get it) and returns false.
  bool ensure_loaded();

private:
  bool try_open(const char *path, char *why, size_t why_size);

  const RuntimeSpec &spec_;
  void **table_;
  std::mutex mutex_;
  bool loaded_ = false;
};

// A resolved symbol as the function type its declaration gives it
// (memcpy: a data pointer cast to a function pointer is not portable C++).
template <class Function> Function symbol_as(void *symbol) {
  static_assert(sizeof(Function) == sizeof(void *), "function pointers are data-pointer sized on ELF platforms");
  Function function;
  std::memcpy(&function, &symbol, sizeof function);
  return function;
}

} // namespace wasi_nn

#endif // WASI_NN_RUNTIME_LIBRARY_H
