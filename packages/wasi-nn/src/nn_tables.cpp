// The interface's tables (shared/spec/wasi-nn.md §2, §3). Adding an
// encoding, a target name or a tensor type is a row here.
#include "nn_tables.h"

#include <cctype>

namespace wasi_nn {
namespace {

struct EncodingRow {
  uint8_t number;
  const char *preload_name;
  bool is_graph_encoding; // false: autodetect, never implemented upstream
  bool joins_paths;
};

constexpr EncodingRow kEncodings[] = {
    {WASI_NN_ENCODING_OPENVINO, "openvino", true, false},
    {WASI_NN_ENCODING_ONNX, "onnx", true, false},
    {WASI_NN_ENCODING_TENSORFLOW, "tensorflow", true, false},
    {WASI_NN_ENCODING_PYTORCH, "pytorch", true, false},
    {WASI_NN_ENCODING_PYTORCH, "pytorchaoti", true, true},
    {WASI_NN_ENCODING_TENSORFLOWLITE, "tensorflowlite", true, false},
    {WASI_NN_ENCODING_AUTODETECT, "autodetect", false, false},
    {WASI_NN_ENCODING_GGML, "ggml", true, true},
    {WASI_NN_ENCODING_NEURALSPEED, "neuralspeed", true, false},
    {WASI_NN_ENCODING_WHISPER, "whisper", true, false},
    {WASI_NN_ENCODING_MLX, "mlx", true, false},
    {WASI_NN_ENCODING_PIPER, "piper", true, false},
    {WASI_NN_ENCODING_CHATTTS, "chattts", true, false},
    {WASI_NN_ENCODING_OPENVINOGENAI, "openvinogenai", true, false},
    {WASI_NN_ENCODING_BITNET, "bitnet", true, true},
};

struct TargetRow {
  const char *name;
  wasi_nn_target target;
};

constexpr TargetRow kTargets[] = {
    {"cpu", WASI_NN_TARGET_CPU},
    {"gpu", WASI_NN_TARGET_GPU},
    {"tpu", WASI_NN_TARGET_TPU},
    {"auto", WASI_NN_TARGET_AUTO},
};

struct InputTypeRow {
  wasi_nn_tensor_type type;
  size_t element_size;
};

// F64 is absent on purpose: upstream's set_input refuses it. I64 is an
// extension over upstream 0.17.1 (which refuses it too), for models that
// take integer ids; README.md says so.
constexpr InputTypeRow kInputTypes[] = {
    {WASI_NN_TYPE_F16, 2}, {WASI_NN_TYPE_F32, 4}, {WASI_NN_TYPE_U8, 1},
    {WASI_NN_TYPE_I32, 4}, {WASI_NN_TYPE_I64, 8},
};

bool equals_ignoring_case(std::string_view text, const char *lower) {
  std::string_view want(lower);
  if (text.size() != want.size()) {
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != want[i]) {
      return false;
    }
  }
  return true;
}

} // namespace

wasi_nn_errno resolve_backend(uint8_t encoding, const wasi_nn_backend **out) {
  for (const EncodingRow &row : kEncodings) {
    if (row.number != encoding) {
      continue;
    }
    if (!row.is_graph_encoding) {
      return WASI_NN_INVALID_ENCODING;
    }
    const wasi_nn_backend *backend =
        wasi_nn_find_backend(static_cast<wasi_nn_encoding>(encoding));
    if (backend == nullptr) {
      return WASI_NN_INVALID_ARGUMENT; // known, but not in this artifact
    }
    *out = backend;
    return WASI_NN_SUCCESS;
  }
  return WASI_NN_INVALID_ENCODING;
}

std::optional<PreloadEncoding> preload_encoding(std::string_view name) {
  for (const EncodingRow &row : kEncodings) {
    if (equals_ignoring_case(name, row.preload_name)) {
      return PreloadEncoding{static_cast<wasi_nn_encoding>(row.number),
                             row.joins_paths};
    }
  }
  return std::nullopt;
}

std::optional<wasi_nn_target> preload_target(std::string_view name) {
  for (const TargetRow &row : kTargets) {
    if (equals_ignoring_case(name, row.name)) {
      return row.target;
    }
  }
  return std::nullopt;
}

std::optional<size_t> input_element_size(uint32_t type) {
  for (const InputTypeRow &row : kInputTypes) {
    if (static_cast<uint32_t>(row.type) == type) {
      return row.element_size;
    }
  }
  return std::nullopt;
}

} // namespace wasi_nn
