// The OpenVINO backend (encoding 0): IR models through OpenVINO's C API
// (libopenvino_c from the openvino wheel).
//
// Runtime: opened on the first load (src/runtime_library.h). Missing or of
// another version: load returns InvalidArgument and says, on one line,
// what to install and which variable to set. One ov_core serves the
// process (it is thread-safe); it is created with the first graph.
// Model: exactly two builders, the IR's .xml text, then its weights (.bin),
// as upstream; both are copied and kept for the graph's life (OpenVINO may
// share the weights instead of copying them). The model is compiled at
// load: CPU (and AUTO from a preload) on "CPU", GPU on "GPU"; TPU is refused.
// Tensors: set_input copies the guest data into a tensor of the guest's
// shape; the guest's type must be the model input's (F32, F16, U8, I32,
// I64). Each context has its own infer request.
// Errors: builder count, target, index, type: 1; OpenVINO refusing the
// model or the device at load: 1; OpenVINO failing in set_input, compute or
// get_output (a shape the model cannot take): 5, as upstream; compute
// before every input is set, or get_output before a compute or into a
// buffer too small (nothing written): 1.
#include "backend.h"
#include "model_checks.h"
#include "openvino_runtime.h"
#include "runtime_library.h"

#include <openvino/c/openvino.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace {

enum Symbol : size_t {
#define WASI_NN_RUNTIME_SYMBOL(name) k_##name,
#include "openvino_symbols.def"
#undef WASI_NN_RUNTIME_SYMBOL
  kSymbolCount
};

const char *const kSymbolNames[] = {
#define WASI_NN_RUNTIME_SYMBOL(name) #name,
#include "openvino_symbols.def"
#undef WASI_NN_RUNTIME_SYMBOL
};

void *g_symbols[kSymbolCount];

const wasi_nn::RuntimeSpec kRuntime = {
    WASI_NN_RUNTIME_BACKEND, WASI_NN_RUNTIME_LIBRARY, WASI_NN_RUNTIME_VARIABLE,
    WASI_NN_RUNTIME_INSTALL, kSymbolNames, kSymbolCount};

// OV(ov_infer_request_infer)(...) calls through the resolved table.
#define OV(name) wasi_nn::symbol_as<decltype(&::name)>(g_symbols[k_##name])

// One line per failure: OpenVINO's message is "Exception from <file>:<line>:"
// followed by lines of detail; its last line says what went wrong.
void report(const char *step, const char *what) {
  const char *message = OV(ov_get_last_err_msg)();
  std::string_view detail(message != nullptr ? message : "");
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.remove_suffix(1);
  const size_t cut = detail.rfind('\n');
  if (cut != std::string_view::npos) detail.remove_prefix(cut + 1);
  std::fprintf(stderr, "wasi_nn openvino: %s: %s%s%.*s\n", step, what, detail.empty() ? "" : ": ",
               static_cast<int>(detail.size()), detail.data());
}

// The runtime and the process's ov_core, or nullptr (reported).
ov_core_t *core() {
  static wasi_nn::RuntimeLibrary library(kRuntime, g_symbols);
  static std::mutex mutex;
  static ov_core_t *shared = nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  if (shared == nullptr && library.ensure_loaded() && OV(ov_core_create)(&shared) != OK) {
    report("load", "ov_core_create failed");
    shared = nullptr;
  }
  return shared; // never freed: plug-ins stay loaded for the process
}

struct TypeRow {
  ov_element_type_e openvino;
  wasi_nn_tensor_type guest;
};
constexpr TypeRow kTypes[] = {
    {F32, WASI_NN_TYPE_F32}, {F16, WASI_NN_TYPE_F16}, {U8, WASI_NN_TYPE_U8},
    {I32, WASI_NN_TYPE_I32}, {I64, WASI_NN_TYPE_I64},
};

struct OvGraph {
  std::vector<uint8_t> weights; // shared by the model's constants
  ov_tensor_t *weights_tensor = nullptr;
  ov_model_t *model = nullptr;
  ov_compiled_model_t *compiled = nullptr;
  std::vector<ov_element_type_e> input_types;
  size_t output_count = 0;
  ~OvGraph() {
    if (compiled != nullptr) OV(ov_compiled_model_free)(compiled);
    if (model != nullptr) OV(ov_model_free)(model);
    if (weights_tensor != nullptr) OV(ov_tensor_free)(weights_tensor);
  }
};

struct OvContext {
  const OvGraph *graph = nullptr;
  ov_infer_request_t *request = nullptr;
  std::vector<bool> input_set;
  bool computed = false;
  ~OvContext() {
    if (request != nullptr) OV(ov_infer_request_free)(request);
  }
};

// A builder's bytes: guest memory, or a preloaded file read into `file`.
bool builder_bytes(const wasi_nn_builder &b, std::vector<uint8_t> &file, const uint8_t **data,
                   size_t *size) {
  if (b.data != nullptr || b.path == nullptr) {
    *data = b.data;
    *size = b.size;
    return true;
  }
  if (!wasi_nn::read_model_file(b.path, file, "load")) return false;
  *data = file.data();
  *size = file.size();
  return true;
}

const char *device_for(wasi_nn_target target) {
  switch (target) {
  case WASI_NN_TARGET_CPU:
  case WASI_NN_TARGET_AUTO: return "CPU";
  case WASI_NN_TARGET_GPU: return "GPU";
  default: return nullptr;
  }
}

wasi_nn_errno ov_load(const wasi_nn_builder *builders, uint32_t count, wasi_nn_target target,
                      void **graph) noexcept try {
  if (count != 2) {
    std::fprintf(stderr, "wasi_nn openvino: load: expected two builders (the IR's xml, then its weights)\n");
    return WASI_NN_INVALID_ARGUMENT;
  }
  const char *device = device_for(target);
  if (device == nullptr) {
    std::fprintf(stderr, "wasi_nn openvino: load: TPU is not an OpenVINO device\n");
    return WASI_NN_INVALID_ARGUMENT;
  }
  ov_core_t *shared = core();
  if (shared == nullptr) return WASI_NN_INVALID_ARGUMENT;
  std::vector<uint8_t> xml_file;
  const uint8_t *xml = nullptr, *weights = nullptr;
  size_t xml_size = 0, weights_size = 0;
  auto loaded = std::make_unique<OvGraph>();
  if (!builder_bytes(builders[0], xml_file, &xml, &xml_size) ||
      !builder_bytes(builders[1], loaded->weights, &weights, &weights_size)) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  if (builders[1].data != nullptr) loaded->weights.assign(weights, weights + weights_size);
  // An IR without constants has an empty weights file: then no tensor at all.
  if (!loaded->weights.empty()) {
    ov_shape_t shape;
    const int64_t length = static_cast<int64_t>(loaded->weights.size());
    if (OV(ov_shape_create)(1, &length, &shape) != OK) {
      report("load", "ov_shape_create failed");
      return WASI_NN_RUNTIME_ERROR;
    }
    const ov_status_e made = OV(ov_tensor_create_from_host_ptr)(U8, shape, loaded->weights.data(),
                                                                &loaded->weights_tensor);
    OV(ov_shape_free)(&shape);
    if (made != OK) {
      report("load", "cannot wrap the weights in a tensor");
      return WASI_NN_RUNTIME_ERROR;
    }
  }
  if (OV(ov_core_read_model_from_memory_buffer)(shared, reinterpret_cast<const char *>(xml), xml_size,
                                                 loaded->weights_tensor, &loaded->model) != OK) {
    report("load", "OpenVINO cannot read the IR");
    return WASI_NN_INVALID_ARGUMENT;
  }
  size_t inputs = 0;
  if (OV(ov_model_inputs_size)(loaded->model, &inputs) != OK ||
      OV(ov_model_outputs_size)(loaded->model, &loaded->output_count) != OK) {
    report("load", "cannot count the model's inputs and outputs");
    return WASI_NN_INVALID_ARGUMENT;
  }
  for (size_t i = 0; i < inputs; ++i) {
    ov_output_const_port_t *port = nullptr;
    ov_element_type_e type = DYNAMIC;
    const bool ok = OV(ov_model_const_input_by_index)(loaded->model, i, &port) == OK &&
                    OV(ov_port_get_element_type)(port, &type) == OK;
    if (port != nullptr) OV(ov_output_const_port_free)(port);
    if (!ok) {
      report("load", "cannot read an input's element type");
      return WASI_NN_INVALID_ARGUMENT;
    }
    loaded->input_types.push_back(type);
  }
  if (OV(ov_core_compile_model)(shared, loaded->model, device, 0, &loaded->compiled) != OK) {
    report("load", "OpenVINO cannot compile the model for the device");
    return WASI_NN_INVALID_ARGUMENT;
  }
  *graph = loaded.release();
  return WASI_NN_SUCCESS;
} catch (...) {
  std::fprintf(stderr, "wasi_nn openvino: load: out of memory\n");
  return WASI_NN_RUNTIME_ERROR;
}

void ov_drop_graph(void *graph) { delete static_cast<OvGraph *>(graph); }

wasi_nn_errno ov_init_execution_context(void *graph, void **context) noexcept try {
  const auto *g = static_cast<const OvGraph *>(graph);
  auto created = std::make_unique<OvContext>();
  created->graph = g;
  if (OV(ov_compiled_model_create_infer_request)(g->compiled, &created->request) != OK) {
    report("init_execution_context", "cannot create an infer request");
    return WASI_NN_RUNTIME_ERROR;
  }
  created->input_set.assign(g->input_types.size(), false);
  *context = created.release();
  return WASI_NN_SUCCESS;
} catch (...) {
  std::fprintf(stderr, "wasi_nn openvino: init_execution_context: out of memory\n");
  return WASI_NN_RUNTIME_ERROR;
}

void ov_drop_context(void *context) { delete static_cast<OvContext *>(context); }

wasi_nn_errno ov_set_input(void *context, uint32_t index, const wasi_nn_tensor *tensor) noexcept {
  auto *c = static_cast<OvContext *>(context);
  if (index >= c->graph->input_types.size()) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  bool matches = false;
  for (const TypeRow &row : kTypes) {
    matches = matches || (row.guest == tensor->type && row.openvino == c->graph->input_types[index]);
  }
  if (!matches) {
    std::fprintf(stderr, "wasi_nn openvino: set_input: the tensor type differs from the model's input type\n");
    return WASI_NN_INVALID_ARGUMENT;
  }
  int64_t dims[WASI_NN_MAX_RANK];
  for (uint32_t d = 0; d < tensor->rank; ++d) dims[d] = tensor->dims[d];
  ov_shape_t shape;
  if (OV(ov_shape_create)(tensor->rank, dims, &shape) != OK) {
    report("set_input", "ov_shape_create failed");
    return WASI_NN_RUNTIME_ERROR;
  }
  ov_tensor_t *input = nullptr;
  void *data = nullptr;
  size_t size = 0;
  ov_status_e status = OV(ov_tensor_create)(c->graph->input_types[index], shape, &input);
  OV(ov_shape_free)(&shape);
  if (status == OK) status = OV(ov_tensor_data)(input, &data);
  if (status == OK) status = OV(ov_tensor_get_byte_size)(input, &size);
  if (status == OK && size == tensor->size) {
    if (size > 0) std::memcpy(data, tensor->data, size); // copied: guest memory may change
    status = OV(ov_infer_request_set_input_tensor_by_index)(c->request, index, input);
  }
  if (input != nullptr) OV(ov_tensor_free)(input); // the request keeps its own reference
  if (status != OK || size != tensor->size) {
    report("set_input", "OpenVINO refused the tensor");
    return WASI_NN_RUNTIME_ERROR;
  }
  c->input_set[index] = true;
  c->computed = false;
  return WASI_NN_SUCCESS;
}

wasi_nn_errno ov_compute(void *context) noexcept {
  auto *c = static_cast<OvContext *>(context);
  c->computed = false;
  for (bool set : c->input_set) {
    if (!set) {
      std::fprintf(stderr, "wasi_nn openvino: compute: every input must be set first\n");
      return WASI_NN_INVALID_ARGUMENT;
    }
  }
  if (OV(ov_infer_request_infer)(c->request) != OK) {
    report("compute", "inference failed");
    return WASI_NN_RUNTIME_ERROR;
  }
  c->computed = true;
  return WASI_NN_SUCCESS;
}

wasi_nn_errno ov_get_output(void *context, uint32_t index, uint8_t *out, uint32_t out_max,
                            uint32_t *written) noexcept {
  auto *c = static_cast<OvContext *>(context);
  if (!c->computed || index >= c->graph->output_count) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  ov_tensor_t *output = nullptr;
  void *data = nullptr;
  size_t size = 0;
  ov_status_e status = OV(ov_infer_request_get_output_tensor_by_index)(c->request, index, &output);
  if (status == OK) status = OV(ov_tensor_get_byte_size)(output, &size);
  if (status == OK) status = OV(ov_tensor_data)(output, &data);
  wasi_nn_errno result = WASI_NN_SUCCESS;
  if (status != OK) {
    report("get_output", "cannot read the output tensor");
    result = WASI_NN_RUNTIME_ERROR;
  } else if (size > out_max) {
    result = WASI_NN_INVALID_ARGUMENT; // nothing written
  } else {
    if (size > 0) std::memcpy(out, data, size);
    *written = static_cast<uint32_t>(size);
  }
  if (output != nullptr) OV(ov_tensor_free)(output);
  return result;
}

} // namespace

extern "C" const wasi_nn_backend wasi_nn_backend_openvino = {
    "openvino",       WASI_NN_ENCODING_OPENVINO, ov_load,     ov_drop_graph,
    ov_init_execution_context, ov_drop_context,  ov_set_input, ov_compute,
    ov_get_output,
};
