// Lookup tables of the interface: encodings (by number and by nn-preload
// name), targets, tensor element sizes. Each is one table in nn_tables.cpp.
#ifndef WASI_NN_TABLES_H
#define WASI_NN_TABLES_H

#include "backend.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace wasi_nn {

// The backend for encoding byte `encoding`: an unknown number, or one that
// is no graph encoding (autodetect), gives InvalidEncoding; a known one
// whose backend is not compiled into this library gives InvalidArgument.
wasi_nn_errno resolve_backend(uint8_t encoding, const wasi_nn_backend **out);

struct PreloadEncoding {
  wasi_nn_encoding encoding;
  // Upstream keeps the rest of the entry as one path, re-joined with ':'
  // (ggml, bitnet, pytorchaoti), instead of one path per field.
  bool joins_paths;
};

// nn-preload ENCODING field, case-insensitive ("pytorch", "PyTorch", ...).
std::optional<PreloadEncoding> preload_encoding(std::string_view name);

// nn-preload TARGET field, case-insensitive: cpu, gpu, tpu, auto.
std::optional<wasi_nn_target> preload_target(std::string_view name);

// Bytes per element of a tensor type set_input accepts (F16, F32, U8, I32,
// I64); nullopt for F64 and unknown numbers.
std::optional<size_t> input_element_size(uint32_t type);

} // namespace wasi_nn

#endif // WASI_NN_TABLES_H
