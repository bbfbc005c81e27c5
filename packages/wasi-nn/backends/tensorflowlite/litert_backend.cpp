// The TensorFlow Lite backend (encoding 4): .tflite models through the
// LiteRT C API (libLiteRt.so from the ai-edge-litert wheel), on the CPU.
//
// Runtime: opened on the first load (src/runtime_library.h). Missing or of
// another version: load returns InvalidArgument and says, on one line,
// what to install and which variable to set. One LiteRT environment serves
// the process; each graph is a LiteRT model made in it.
// Model: exactly one builder, a .tflite flatbuffer (guest bytes, or the file
// of an nn-preload entry); it is copied and kept for the graph's life.
// Targets: CPU, and AUTO from a preload (= CPU); GPU and TPU are refused
// (upstream: anything but CPU is refused).
// Tensors: the main subgraph's inputs and outputs, which must have static
// shapes. set_input copies the guest data; it needs the model's exact
// shape and an element type that maps (F32, F16, U8, I32, I64). Each
// context has its own compiled model and host buffers.
// Errors: bad builder count, target, model bytes, index, shape or type: 1;
// LiteRT failing to compile the model for a context or to run it: 4 (Busy,
// as upstream's TFLite backend); compute before every input is set, or
// get_output before a compute or into a buffer too small (nothing written): 1.
#include "backend.h"
#include "litert_c_api.h"
#include "model_checks.h"
#include "runtime_library.h"
#include "tensorflowlite_runtime.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

namespace {

enum Symbol : size_t {
#define WASI_NN_RUNTIME_SYMBOL(name) k_##name,
#include "litert_symbols.def"
#undef WASI_NN_RUNTIME_SYMBOL
  kSymbolCount
};

const char *const kSymbolNames[] = {
#define WASI_NN_RUNTIME_SYMBOL(name) #name,
#include "litert_symbols.def"
#undef WASI_NN_RUNTIME_SYMBOL
};

void *g_symbols[kSymbolCount];

const wasi_nn::RuntimeSpec kRuntime = {
    WASI_NN_RUNTIME_BACKEND, WASI_NN_RUNTIME_LIBRARY, WASI_NN_RUNTIME_VARIABLE,
    WASI_NN_RUNTIME_INSTALL, kSymbolNames, kSymbolCount};

// LITERT(LiteRtRunCompiledModel)(...) calls through the resolved table.
#define LITERT(name) wasi_nn::symbol_as<decltype(&::name)>(g_symbols[k_##name])

void report(const char *step, const char *message) {
  std::fprintf(stderr, "wasi_nn tensorflowlite: %s: %s\n", step, message);
}

// The runtime and the process's LiteRT environment, or nullptr (reported).
// One environment serves every graph: creating one probes accelerators
// (and logs about each missing one), which is too costly per model.
LiteRtEnvironment environment() {
  static wasi_nn::RuntimeLibrary library(kRuntime, g_symbols);
  static std::mutex mutex;
  static LiteRtEnvironment shared = nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  if (shared == nullptr && library.ensure_loaded() &&
      LITERT(LiteRtCreateEnvironment)(0, nullptr, &shared) != kLiteRtStatusOk) {
    report("load", "LiteRtCreateEnvironment failed");
    shared = nullptr;
  }
  return shared; // never destroyed: plug-ins stay loaded for the process
}

// The guest's tensor type for a LiteRT element type, or -1.
struct TypeRow {
  int litert;
  wasi_nn_tensor_type guest;
};
constexpr TypeRow kTypes[] = {
    {kLiteRtElementTypeFloat32, WASI_NN_TYPE_F32}, {kLiteRtElementTypeFloat16, WASI_NN_TYPE_F16},
    {kLiteRtElementTypeUInt8, WASI_NN_TYPE_U8},    {kLiteRtElementTypeInt32, WASI_NN_TYPE_I32},
    {kLiteRtElementTypeInt64, WASI_NN_TYPE_I64},
};
constexpr size_t kElementSize[] = {/*F16*/ 2, /*F32*/ 4, /*F64*/ 8, /*U8*/ 1, /*I32*/ 4, /*I64*/ 8};

struct TensorInfo {
  LiteRtRankedTensorType type;
  wasi_nn_tensor_type guest;
  size_t bytes;
};

// 64-byte aligned host memory, as LiteRT requires for host tensor buffers.
struct AlignedFree {
  void operator()(uint8_t *p) const { std::free(p); }
};
using AlignedBytes = std::unique_ptr<uint8_t, AlignedFree>;

AlignedBytes aligned_bytes(size_t size) {
  const size_t rounded = (size + WASI_NN_LITERT_HOST_ALIGNMENT - 1) / WASI_NN_LITERT_HOST_ALIGNMENT *
                         WASI_NN_LITERT_HOST_ALIGNMENT;
  void *p = std::aligned_alloc(WASI_NN_LITERT_HOST_ALIGNMENT,
                               rounded == 0 ? WASI_NN_LITERT_HOST_ALIGNMENT : rounded);
  if (p == nullptr) {
    throw std::bad_alloc();
  }
  std::memset(p, 0, rounded == 0 ? WASI_NN_LITERT_HOST_ALIGNMENT : rounded);
  return AlignedBytes(static_cast<uint8_t *>(p));
}

struct LiteGraph {
  AlignedBytes model_bytes; // must outlive `model`
  LiteRtEnvironment environment = nullptr; // the process's
  LiteRtModel model = nullptr;
  std::vector<TensorInfo> inputs;
  std::vector<TensorInfo> outputs;
  ~LiteGraph() {
    if (model != nullptr) LITERT(LiteRtDestroyModel)(model);
  }
};

struct LiteContext {
  const LiteGraph *graph = nullptr;
  LiteRtCompiledModel compiled = nullptr;
  std::vector<AlignedBytes> memory; // inputs, then outputs
  std::vector<LiteRtTensorBuffer> buffers;
  std::vector<bool> input_set;
  bool computed = false;
  ~LiteContext() {
    for (LiteRtTensorBuffer b : buffers) LITERT(LiteRtDestroyTensorBuffer)(b);
    if (compiled != nullptr) LITERT(LiteRtDestroyCompiledModel)(compiled);
  }
};

// Reads one input or output of the main subgraph; false with a message when
// it is not a ranked, static-shape tensor of a type the interface has.
bool describe_tensor(LiteRtTensor tensor, const char *kind, size_t index, TensorInfo *info) {
  LiteRtTensorTypeId id;
  char message[160];
  if (LITERT(LiteRtGetTensorTypeId)(tensor, &id) != kLiteRtStatusOk || id != kLiteRtRankedTensorType ||
      LITERT(LiteRtGetRankedTensorType)(tensor, &info->type) != kLiteRtStatusOk) {
    std::snprintf(message, sizeof message, "%s %zu has no static rank", kind, index);
    report("load", message);
    return false;
  }
  const TypeRow *row = nullptr;
  for (const TypeRow &r : kTypes) {
    if (r.litert == info->type.element_type) row = &r;
  }
  if (row == nullptr) {
    std::snprintf(message, sizeof message, "%s %zu has element type %d, which wasi_nn has no tensor type for",
                  kind, index, info->type.element_type);
    report("load", message);
    return false;
  }
  info->guest = row->guest;
  info->bytes = kElementSize[row->guest];
  for (unsigned d = 0; d < info->type.layout.rank; ++d) {
    if (info->type.layout.dimensions[d] < 0) {
      std::snprintf(message, sizeof message, "%s %zu has a dynamic dimension", kind, index);
      report("load", message);
      return false;
    }
    info->bytes *= static_cast<size_t>(info->type.layout.dimensions[d]);
  }
  return true;
}

wasi_nn_errno lite_load(const wasi_nn_builder *builders, uint32_t count, wasi_nn_target target,
                        void **graph) noexcept try {
  if (count != 1) {
    report("load", "expected exactly one builder (a .tflite file)");
    return WASI_NN_INVALID_ARGUMENT;
  }
  if (target != WASI_NN_TARGET_CPU && target != WASI_NN_TARGET_AUTO) {
    report("load", "this backend runs models on the CPU only");
    return WASI_NN_INVALID_ARGUMENT;
  }
  LiteRtEnvironment shared = environment();
  if (shared == nullptr) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  std::vector<uint8_t> file;
  const uint8_t *data = builders[0].data;
  size_t size = builders[0].size;
  if (data == nullptr) {
    if (!wasi_nn::read_model_file(builders[0].path, file, "load")) {
      return WASI_NN_INVALID_ARGUMENT;
    }
    data = file.data();
    size = file.size();
  }
  auto loaded = std::make_unique<LiteGraph>();
  loaded->model_bytes = aligned_bytes(size);
  if (size > 0) std::memcpy(loaded->model_bytes.get(), data, size);
  loaded->environment = shared;
  LiteRtSubgraph subgraph;
  LiteRtParamIndex main = 0, inputs = 0, outputs = 0;
  if (LITERT(LiteRtCreateModelFromBuffer)(loaded->environment, loaded->model_bytes.get(), size,
                                          &loaded->model) != kLiteRtStatusOk ||
      LITERT(LiteRtGetMainModelSubgraphIndex)(loaded->model, &main) != kLiteRtStatusOk ||
      LITERT(LiteRtGetModelSubgraph)(loaded->model, main, &subgraph) != kLiteRtStatusOk ||
      LITERT(LiteRtGetNumSubgraphInputs)(subgraph, &inputs) != kLiteRtStatusOk ||
      LITERT(LiteRtGetNumSubgraphOutputs)(subgraph, &outputs) != kLiteRtStatusOk) {
    report("load", "LiteRT cannot read the model (not a .tflite flatbuffer?)");
    return WASI_NN_INVALID_ARGUMENT;
  }
  loaded->inputs.resize(inputs);
  loaded->outputs.resize(outputs);
  for (LiteRtParamIndex i = 0; i < inputs; ++i) {
    LiteRtTensor tensor;
    if (LITERT(LiteRtGetSubgraphInput)(subgraph, i, &tensor) != kLiteRtStatusOk ||
        !describe_tensor(tensor, "input", i, &loaded->inputs[i])) {
      return WASI_NN_INVALID_ARGUMENT;
    }
  }
  for (LiteRtParamIndex i = 0; i < outputs; ++i) {
    LiteRtTensor tensor;
    if (LITERT(LiteRtGetSubgraphOutput)(subgraph, i, &tensor) != kLiteRtStatusOk ||
        !describe_tensor(tensor, "output", i, &loaded->outputs[i])) {
      return WASI_NN_INVALID_ARGUMENT;
    }
  }
  *graph = loaded.release();
  return WASI_NN_SUCCESS;
} catch (...) {
  report("load", "out of memory");
  return WASI_NN_RUNTIME_ERROR;
}

void lite_drop_graph(void *graph) { delete static_cast<LiteGraph *>(graph); }

wasi_nn_errno lite_init_execution_context(void *graph, void **context) noexcept try {
  const auto *g = static_cast<const LiteGraph *>(graph);
  auto created = std::make_unique<LiteContext>();
  created->graph = g;
  LiteRtOptions options = nullptr;
  LiteRtStatus status = LITERT(LiteRtCreateOptions)(&options);
  if (status == kLiteRtStatusOk) {
    status = LITERT(LiteRtSetOptionsHardwareAccelerators)(options, kLiteRtHwAcceleratorCpu);
  }
  if (status == kLiteRtStatusOk) {
    status = LITERT(LiteRtCreateCompiledModel)(g->environment, g->model, options, &created->compiled);
  } else if (options != nullptr) {
    LITERT(LiteRtDestroyOptions)(options);
  }
  // LiteRtCreateCompiledModel takes the options over, whatever its result.
  if (status != kLiteRtStatusOk) {
    report("init_execution_context", "LiteRT could not compile the model for the CPU");
    return WASI_NN_BUSY;
  }
  for (const std::vector<TensorInfo> *list : {&g->inputs, &g->outputs}) {
    for (const TensorInfo &info : *list) {
      created->memory.push_back(aligned_bytes(info.bytes));
      LiteRtTensorBuffer buffer;
      const size_t room = (info.bytes + WASI_NN_LITERT_HOST_ALIGNMENT - 1) /
                          WASI_NN_LITERT_HOST_ALIGNMENT * WASI_NN_LITERT_HOST_ALIGNMENT;
      if (LITERT(LiteRtCreateTensorBufferFromHostMemory)(&info.type, created->memory.back().get(),
                                                         room, nullptr, &buffer) != kLiteRtStatusOk) {
        report("init_execution_context", "LiteRT refused a host tensor buffer");
        return WASI_NN_BUSY;
      }
      created->buffers.push_back(buffer);
    }
  }
  created->input_set.assign(g->inputs.size(), false);
  *context = created.release();
  return WASI_NN_SUCCESS;
} catch (...) {
  report("init_execution_context", "out of memory");
  return WASI_NN_RUNTIME_ERROR;
}

void lite_drop_context(void *context) { delete static_cast<LiteContext *>(context); }

wasi_nn_errno lite_set_input(void *context, uint32_t index, const wasi_nn_tensor *tensor) noexcept {
  auto *c = static_cast<LiteContext *>(context);
  if (index >= c->graph->inputs.size()) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  const TensorInfo &info = c->graph->inputs[index];
  if (tensor->type != info.guest) {
    report("set_input", "the tensor type differs from the model's input type");
    return WASI_NN_INVALID_ARGUMENT;
  }
  bool same_shape = tensor->rank == info.type.layout.rank;
  for (uint32_t d = 0; same_shape && d < tensor->rank; ++d) {
    same_shape = tensor->dims[d] == static_cast<uint32_t>(info.type.layout.dimensions[d]);
  }
  if (!same_shape || tensor->size != info.bytes) {
    report("set_input", "the dimensions differ from the model's input shape");
    return WASI_NN_INVALID_ARGUMENT;
  }
  if (info.bytes > 0) std::memcpy(c->memory[index].get(), tensor->data, info.bytes);
  c->input_set[index] = true;
  return WASI_NN_SUCCESS;
}

wasi_nn_errno lite_compute(void *context) noexcept {
  auto *c = static_cast<LiteContext *>(context);
  c->computed = false;
  for (bool set : c->input_set) {
    if (!set) {
      report("compute", "every input must be set first");
      return WASI_NN_INVALID_ARGUMENT;
    }
  }
  const size_t inputs = c->graph->inputs.size();
  if (LITERT(LiteRtRunCompiledModel)(c->compiled, 0, inputs, c->buffers.data(), c->graph->outputs.size(),
                                     c->buffers.data() + inputs) != kLiteRtStatusOk) {
    report("compute", "LiteRtRunCompiledModel failed");
    return WASI_NN_BUSY;
  }
  c->computed = true;
  return WASI_NN_SUCCESS;
}

wasi_nn_errno lite_get_output(void *context, uint32_t index, uint8_t *out, uint32_t out_max,
                              uint32_t *written) noexcept {
  auto *c = static_cast<LiteContext *>(context);
  if (!c->computed || index >= c->graph->outputs.size()) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  const size_t bytes = c->graph->outputs[index].bytes;
  if (bytes > out_max) {
    return WASI_NN_INVALID_ARGUMENT; // nothing written
  }
  if (bytes > 0) std::memcpy(out, c->memory[c->graph->inputs.size() + index].get(), bytes);
  *written = static_cast<uint32_t>(bytes);
  return WASI_NN_SUCCESS;
}

} // namespace

extern "C" const wasi_nn_backend wasi_nn_backend_tensorflowlite = {
    "tensorflowlite",     WASI_NN_ENCODING_TENSORFLOWLITE, lite_load,     lite_drop_graph,
    lite_init_execution_context, lite_drop_context,         lite_set_input, lite_compute,
    lite_get_output,
};
