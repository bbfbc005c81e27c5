// The "directly through the runtime's C API" side of the wasi_nn-runtimes
// latency benchmark: the same model and inputs as the plug-in run, without
// wasm, the Node host or the plug-in in between.
//
//   runtime_direct openvino <model.xml> <model.bin> [per_run] [runs] [warmup]
//   runtime_direct tensorflowlite <model.tflite>   [per_run] [runs] [warmup]
//
// Every input is set once; one inference then does what the plug-in does
// for set_input(0) + compute + get_output(0): copy input 0 in, run, copy
// output 0 out. Input values: element i is ((i % 97) - 48) / 16 for floats
// and (i % 97) - 48 for integers (the benchmark's plug-in side uses the same).
// Prints one JSON line: {"unit":"us/inference","values":[...]}, one mean
// per run.
#include "litert_c_api.h"

#include <openvino/c/openvino.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace {

[[noreturn]] void fail(const char *what) {
  std::fprintf(stderr, "runtime_direct: %s\n", what);
  std::exit(1);
}

void check(bool ok, const char *what) {
  if (!ok) fail(what);
}

long argument(int argc, char **argv, int index, long fallback) {
  if (argc <= index) return fallback;
  char *end = nullptr;
  const long value = std::strtol(argv[index], &end, 10);
  if (end == argv[index] || *end != '\0' || value <= 0) fail("counts must be positive integers");
  return value;
}

// Fills `bytes` with the benchmark's values for an element of `width` bytes.
void fill(void *bytes, size_t size, bool is_float, size_t width) {
  const size_t count = size / width;
  for (size_t i = 0; i < count; ++i) {
    const long v = static_cast<long>(i % 97) - 48;
    auto *p = static_cast<unsigned char *>(bytes) + i * width;
    if (is_float && width == 4) {
      const float f = static_cast<float>(v) / 16.0f;
      std::memcpy(p, &f, 4);
    } else if (width == 4) {
      const int32_t n = static_cast<int32_t>(v);
      std::memcpy(p, &n, 4);
    } else if (width == 8) {
      const int64_t n = v;
      std::memcpy(p, &n, 8);
    } else {
      std::memset(p, static_cast<int>(v & 0xff), width);
    }
  }
}

std::vector<unsigned char> read_file(const char *path) {
  std::FILE *f = std::fopen(path, "rb");
  check(f != nullptr, "cannot open the model");
  std::vector<unsigned char> bytes;
  unsigned char block[65536];
  size_t n;
  while ((n = std::fread(block, 1, sizeof block, f)) > 0) bytes.insert(bytes.end(), block, block + n);
  std::fclose(f);
  return bytes;
}

void *aligned(size_t size) {
  void *p = std::aligned_alloc(WASI_NN_LITERT_HOST_ALIGNMENT, (size + 63) / 64 * 64 + 64);
  check(p != nullptr, "out of memory");
  return p;
}

// LiteRT: compiled model on the CPU, host-memory tensor buffers.
std::function<void()> prepare_litert(const char *path) {
  static std::vector<unsigned char> model_bytes = read_file(path);
  LiteRtEnvironment env;
  LiteRtModel model;
  LiteRtSubgraph subgraph;
  LiteRtParamIndex main = 0, inputs = 0, outputs = 0;
  check(LiteRtCreateEnvironment(0, nullptr, &env) == kLiteRtStatusOk, "LiteRtCreateEnvironment");
  check(LiteRtCreateModelFromBuffer(env, model_bytes.data(), model_bytes.size(), &model) == kLiteRtStatusOk &&
            LiteRtGetMainModelSubgraphIndex(model, &main) == kLiteRtStatusOk &&
            LiteRtGetModelSubgraph(model, main, &subgraph) == kLiteRtStatusOk &&
            LiteRtGetNumSubgraphInputs(subgraph, &inputs) == kLiteRtStatusOk &&
            LiteRtGetNumSubgraphOutputs(subgraph, &outputs) == kLiteRtStatusOk,
        "LiteRT cannot read the model");
  LiteRtOptions options;
  LiteRtCompiledModel compiled;
  check(LiteRtCreateOptions(&options) == kLiteRtStatusOk &&
            LiteRtSetOptionsHardwareAccelerators(options, kLiteRtHwAcceleratorCpu) == kLiteRtStatusOk &&
            LiteRtCreateCompiledModel(env, model, options, &compiled) == kLiteRtStatusOk,
        "LiteRT cannot compile the model");
  static std::vector<LiteRtTensorBuffer> buffers;
  static std::vector<void *> memory;
  static std::vector<size_t> sizes;
  for (LiteRtParamIndex i = 0; i < inputs + outputs; ++i) {
    LiteRtTensor tensor;
    LiteRtRankedTensorType type;
    check((i < inputs ? LiteRtGetSubgraphInput(subgraph, i, &tensor) : LiteRtGetSubgraphOutput(subgraph, i - inputs, &tensor)) ==
                  kLiteRtStatusOk &&
              LiteRtGetRankedTensorType(tensor, &type) == kLiteRtStatusOk,
          "LiteRT cannot describe a tensor");
    const bool is_float = type.element_type == kLiteRtElementTypeFloat32;
    const size_t width = type.element_type == kLiteRtElementTypeInt64 ? 8 : type.element_type == kLiteRtElementTypeUInt8 ? 1 : 4;
    size_t size = width;
    for (unsigned d = 0; d < type.layout.rank; ++d) size *= static_cast<size_t>(type.layout.dimensions[d]);
    void *host = aligned(size);
    fill(host, size, is_float, width);
    LiteRtTensorBuffer buffer;
    check(LiteRtCreateTensorBufferFromHostMemory(&type, host, (size + 63) / 64 * 64, nullptr, &buffer) == kLiteRtStatusOk,
          "LiteRT refused a host buffer");
    buffers.push_back(buffer);
    memory.push_back(host);
    sizes.push_back(size);
  }
  static std::vector<unsigned char> input(sizes[0]), output(sizes[inputs]);
  fill(input.data(), input.size(), true, 4);
  return [compiled, inputs, outputs] {
    std::memcpy(memory[0], input.data(), input.size());
    check(LiteRtRunCompiledModel(compiled, 0, inputs, buffers.data(), outputs, buffers.data() + inputs) == kLiteRtStatusOk,
          "LiteRtRunCompiledModel");
    std::memcpy(output.data(), memory[inputs], output.size());
  };
}

// OpenVINO: compiled for CPU, one infer request; input 0 copied into a new
// tensor per inference, as the plug-in's set_input does.
std::function<void()> prepare_openvino(const char *xml, const char *bin) {
  ov_core_t *core;
  ov_model_t *model;
  ov_compiled_model_t *compiled;
  static ov_infer_request_t *request;
  check(ov_core_create(&core) == OK && ov_core_read_model(core, xml, bin, &model) == OK &&
            ov_core_compile_model(core, model, "CPU", 0, &compiled) == OK &&
            ov_compiled_model_create_infer_request(compiled, &request) == OK,
        "OpenVINO cannot read or compile the model");
  size_t inputs = 0;
  check(ov_model_inputs_size(model, &inputs) == OK, "ov_model_inputs_size");
  static std::vector<ov_element_type_e> types;
  static std::vector<ov_shape_t> shapes;
  for (size_t i = 0; i < inputs; ++i) {
    ov_output_const_port_t *port;
    ov_element_type_e type;
    ov_shape_t shape;
    ov_tensor_t *tensor;
    void *data;
    size_t size;
    check(ov_model_const_input_by_index(model, i, &port) == OK && ov_port_get_element_type(port, &type) == OK &&
              ov_const_port_get_shape(port, &shape) == OK && ov_tensor_create(type, shape, &tensor) == OK &&
              ov_tensor_data(tensor, &data) == OK && ov_tensor_get_byte_size(tensor, &size) == OK,
          "OpenVINO cannot make an input tensor");
    fill(data, size, type == F32, type == I64 ? 8 : type == U8 ? 1 : 4);
    check(ov_infer_request_set_input_tensor_by_index(request, i, tensor) == OK, "set input");
    ov_tensor_free(tensor);
    ov_output_const_port_free(port);
    types.push_back(type);
    shapes.push_back(shape);
  }
  static std::vector<unsigned char> output;
  static std::vector<unsigned char> input;
  {
    ov_tensor_t *probe;
    size_t size;
    check(ov_tensor_create(types[0], shapes[0], &probe) == OK && ov_tensor_get_byte_size(probe, &size) == OK, "probe");
    ov_tensor_free(probe);
    input.resize(size);
    fill(input.data(), size, types[0] == F32, types[0] == I64 ? 8 : types[0] == U8 ? 1 : 4);
  }
  return [] {
    ov_tensor_t *tensor;
    void *data;
    check(ov_tensor_create(types[0], shapes[0], &tensor) == OK && ov_tensor_data(tensor, &data) == OK, "input tensor");
    std::memcpy(data, input.data(), input.size());
    check(ov_infer_request_set_input_tensor_by_index(request, 0, tensor) == OK, "set input 0");
    ov_tensor_free(tensor);
    check(ov_infer_request_infer(request) == OK, "infer");
    ov_tensor_t *result;
    size_t size;
    check(ov_infer_request_get_output_tensor_by_index(request, 0, &result) == OK &&
              ov_tensor_get_byte_size(result, &size) == OK && ov_tensor_data(result, &data) == OK,
          "output 0");
    output.resize(size);
    std::memcpy(output.data(), data, size);
    ov_tensor_free(result);
  };
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3) fail("usage: runtime_direct openvino <xml> <bin> | tensorflowlite <tflite> [per_run] [runs] [warmup]");
  const std::string backend = argv[1];
  const int counts = backend == "openvino" ? 4 : 3;
  if (backend == "openvino" && argc < 4) fail("openvino needs the xml and the bin");
  const std::function<void()> infer =
      backend == "openvino" ? prepare_openvino(argv[2], argv[3])
      : backend == "tensorflowlite" ? prepare_litert(argv[2])
                                    : (fail("the backend is openvino or tensorflowlite"), std::function<void()>());
  const long per_run = argument(argc, argv, counts, 200);
  const long runs = argument(argc, argv, counts + 1, 7);
  const long warmup = argument(argc, argv, counts + 2, 2);
  std::string list;
  for (long run = 0; run < warmup + runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < per_run; ++i) infer();
    const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
    if (run >= warmup) list += (list.empty() ? "" : ",") + std::to_string(elapsed.count() / static_cast<double>(per_run));
  }
  std::printf("{\"unit\":\"us/inference\",\"values\":[%s]}\n", list.c_str());
  return 0;
}
