// The backends compiled into this library. CMake writes one line
// WASI_NN_BACKEND(<name>) per selected backend into wasi_nn_backends.inc
// (in the build directory); nothing here names a particular backend.
#include "backend.h"

#define WASI_NN_BACKEND(name) extern "C" const wasi_nn_backend wasi_nn_backend_##name;
#include "wasi_nn_backends.inc"
#undef WASI_NN_BACKEND

namespace {

const wasi_nn_backend *const kCompiledBackends[] = {
#define WASI_NN_BACKEND(name) &wasi_nn_backend_##name,
#include "wasi_nn_backends.inc"
#undef WASI_NN_BACKEND
    nullptr, // keeps the array non-empty when no backend is selected
};

} // namespace

extern "C" const wasi_nn_backend *wasi_nn_find_backend(wasi_nn_encoding encoding) {
  for (const wasi_nn_backend *backend : kCompiledBackends) {
    if (backend != nullptr && backend->encoding == encoding) {
      return backend;
    }
  }
  return nullptr;
}
