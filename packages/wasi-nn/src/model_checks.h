// What the core checks in model bytes before a backend parses them: one row
// per encoding whose container format is known (today the TorchScript zip).
// A backend's native parser (libtorch's loader) is not written for hostile
// input; a damaged or truncated file must be refused here, with a reason,
// instead of reaching it. Preloaded files are read by the core and checked
// the same way, so every model byte a backend sees has passed.
//
// What still reaches the backend: the contents of a well-formed archive
// (pickled data, TorchScript code, tensor data) are parsed by libtorch.
// A host that must not hand guest bytes to it sets --nn-preload-only.
#ifndef WASI_NN_MODEL_CHECKS_H
#define WASI_NN_MODEL_CHECKS_H

#include "backend.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wasi_nn {

struct ModelFormat {
  wasi_nn_encoding encoding;
  const char *name; // for messages
  bool (*check)(const uint8_t *data, size_t size, std::string &why);
};

// The format the core knows for `encoding`, or nullptr (bytes go to the
// backend unchecked; no such backend is built today).
const ModelFormat *find_model_format(wasi_nn_encoding encoding);

// Checks the bytes of every builder that has them. On failure prints
// "wasi_nn: <call>: the model is not a well-formed <format>: <why>" on
// stderr and returns InvalidArgument.
wasi_nn_errno check_model_builders(const ModelFormat &format,
                                   const std::vector<wasi_nn_builder> &builders,
                                   const char *call);

// Reads a preloaded model file whole; false with a reason on stderr.
bool read_model_file(const std::string &path, std::vector<uint8_t> &bytes,
                     const char *call);

} // namespace wasi_nn

#endif // WASI_NN_MODEL_CHECKS_H
