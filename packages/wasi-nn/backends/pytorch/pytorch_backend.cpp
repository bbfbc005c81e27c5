// The PyTorch backend (encoding 3): TorchScript models through libtorch's
// C++ API, on the CPU.
//
// Model: exactly one builder, a TorchScript archive as written by
// torch.jit.save (guest bytes, or the file of an nn-preload entry).
// AOTInductor libraries (upstream's `pytorchaoti`, or bytes starting with
// the ELF magic) need libtorch 2.x and are refused with InvalidArgument.
// Targets: CPU, and AUTO from a preload (= CPU); GPU and TPU are refused.
//
// Inputs are forward()'s parameters in order; each set_input copies the
// guest data into a new tensor of the guest's type and shape. compute runs
// forward() on the inputs set so far (all of them, except trailing ones
// that have a default value) and keeps its result: one tensor, or a tuple
// or list of tensors. Outputs keep their dtype when the interface has it
// (F16, F32, U8, I32, I64); any other dtype (F64, bool, ...) is converted
// to F32, as upstream converts every output.
//
// Errors: see kStepFailures below for what a libtorch exception becomes;
// the checks that need no libtorch call return InvalidArgument.
#include "backend.h"
#include "torch_tensors.h"

#include <torch/script.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using wasi_nn_pytorch::BytesReader;

struct TorchGraph {
  torch::jit::Module module;
  size_t input_count = 0;    // forward's parameters, without self
  size_t required_inputs = 0; // those without a default value
};

struct TorchContext {
  const TorchGraph *graph;
  std::vector<at::Tensor> inputs; // undefined until set
  std::vector<at::Tensor> outputs;
};

enum class Step { Load, InitContext, SetInput, Compute, GetOutput };

// What an exception thrown by libtorch (or an allocation) becomes, per step.
struct StepFailure {
  Step step;
  const char *name;
  wasi_nn_errno result;
};

constexpr StepFailure kStepFailures[] = {
    {Step::Load, "load", WASI_NN_INVALID_ARGUMENT}, // not a model libtorch reads
    {Step::InitContext, "init_execution_context", WASI_NN_RUNTIME_ERROR},
    {Step::SetInput, "set_input", WASI_NN_RUNTIME_ERROR},
    {Step::Compute, "compute", WASI_NN_RUNTIME_ERROR}, // forward() failed
    {Step::GetOutput, "get_output", WASI_NN_RUNTIME_ERROR},
};

const StepFailure &failure_of(Step step) {
  for (const StepFailure &row : kStepFailures) {
    if (row.step == step) {
      return row;
    }
  }
  return kStepFailures[0]; // unreachable: every step has a row
}

// One line per failure: for TorchScript errors (a traceback, then the
// error) that is the last line, the one that says what went wrong.
void report(Step step, const char *message) {
  std::string_view text(message);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  const size_t cut = text.rfind('\n');
  if (cut != std::string_view::npos) {
    text.remove_prefix(cut + 1);
  }
  std::fprintf(stderr, "wasi_nn pytorch: %s: %.*s\n", failure_of(step).name,
               static_cast<int>(text.size()), text.data());
}

// Runs `body`, turning any exception into the step's error number.
template <class Body> wasi_nn_errno guarded(Step step, Body &&body) noexcept {
  try {
    return body();
  } catch (const c10::Error &e) {
    report(step, e.what_without_backtrace());
  } catch (const std::exception &e) {
    report(step, e.what());
  } catch (...) {
    report(step, "unknown exception");
  }
  return failure_of(step).result;
}

bool ends_with(const std::string &text, const char *suffix) {
  const size_t n = std::strlen(suffix);
  return text.size() >= n && text.compare(text.size() - n, n, suffix) == 0;
}

torch::jit::Module read_module(const wasi_nn_builder &builder) {
  if (builder.path != nullptr) {
    return torch::jit::load(std::string(builder.path), torch::kCPU);
  }
  auto reader = std::make_shared<BytesReader>(builder.data, builder.size);
  torch::jit::Module module = torch::jit::load(reader, torch::kCPU);
  reader->close(); // guest bytes are valid only during this call
  return module;
}

wasi_nn_errno torch_load(const wasi_nn_builder *builders, uint32_t count,
                         wasi_nn_target target, void **graph) {
  return guarded(Step::Load, [&]() -> wasi_nn_errno {
    if (count != 1) {
      report(Step::Load, "expected exactly one builder (a TorchScript file)");
      return WASI_NN_INVALID_ARGUMENT;
    }
    if (target != WASI_NN_TARGET_CPU && target != WASI_NN_TARGET_AUTO) {
      report(Step::Load, "this backend runs models on the CPU only");
      return WASI_NN_INVALID_ARGUMENT;
    }
    const wasi_nn_builder &b = builders[0];
    const bool elf = b.data != nullptr && b.size >= 4 &&
                     std::memcmp(b.data, "\x7f" "ELF", 4) == 0;
    if (elf || (b.path != nullptr && ends_with(b.path, ".so"))) {
      report(Step::Load, "AOTInductor models are not supported by this "
                         "build (libtorch 1.13); use a TorchScript file");
      return WASI_NN_INVALID_ARGUMENT;
    }
    auto loaded = std::make_unique<TorchGraph>();
    loaded->module = read_module(b);
    loaded->module.eval();
    c10::optional<torch::jit::Method> forward =
        loaded->module.find_method("forward");
    if (!forward) {
      report(Step::Load, "the model has no forward method");
      return WASI_NN_INVALID_ARGUMENT;
    }
    const auto &arguments = forward->function().getSchema().arguments();
    for (size_t i = 1; i < arguments.size(); ++i) { // 0 is self
      loaded->input_count++;
      if (!arguments[i].default_value()) {
        loaded->required_inputs = loaded->input_count;
      }
    }
    *graph = loaded.release();
    return WASI_NN_SUCCESS;
  });
}

void torch_drop_graph(void *graph) { delete static_cast<TorchGraph *>(graph); }

wasi_nn_errno torch_init_execution_context(void *graph, void **context) {
  return guarded(Step::InitContext, [&]() -> wasi_nn_errno {
    const auto *g = static_cast<const TorchGraph *>(graph);
    auto created = std::make_unique<TorchContext>();
    created->graph = g;
    created->inputs.resize(g->input_count);
    *context = created.release();
    return WASI_NN_SUCCESS;
  });
}

void torch_drop_context(void *context) {
  delete static_cast<TorchContext *>(context);
}

wasi_nn_errno torch_set_input(void *context, uint32_t index,
                              const wasi_nn_tensor *tensor) {
  return guarded(Step::SetInput, [&]() -> wasi_nn_errno {
    auto *c = static_cast<TorchContext *>(context);
    if (index >= c->inputs.size()) {
      return WASI_NN_INVALID_ARGUMENT;
    }
    at::Tensor input;
    if (!wasi_nn_pytorch::copy_to_tensor(*tensor, &input)) {
      return WASI_NN_INVALID_ARGUMENT;
    }
    c->inputs[index] = std::move(input);
    return WASI_NN_SUCCESS;
  });
}

wasi_nn_errno torch_compute(void *context) {
  return guarded(Step::Compute, [&]() -> wasi_nn_errno {
    auto *c = static_cast<TorchContext *>(context);
    c->outputs.clear(); // a failed compute leaves no stale outputs
    size_t given = 0;
    while (given < c->inputs.size() && c->inputs[given].defined()) {
      ++given;
    }
    for (size_t i = given; i < c->inputs.size(); ++i) {
      if (c->inputs[i].defined()) {
        return WASI_NN_INVALID_ARGUMENT; // a gap before input i
      }
    }
    if (given < c->graph->required_inputs) {
      return WASI_NN_INVALID_ARGUMENT;
    }
    std::vector<c10::IValue> arguments(c->inputs.begin(),
                                       c->inputs.begin() + given);
    c10::InferenceMode inference;
    // forward() is const in effect; Module's API is not const-qualified.
    auto &module = const_cast<torch::jit::Module &>(c->graph->module);
    c10::IValue result = module.forward(std::move(arguments));
    std::vector<at::Tensor> outputs;
    if (!wasi_nn_pytorch::collect_outputs(result, &outputs)) {
      report(Step::Compute, "forward returned something other than a "
                            "tensor, or a tuple or list of tensors");
      return WASI_NN_INVALID_ARGUMENT;
    }
    c->outputs = std::move(outputs);
    return WASI_NN_SUCCESS;
  });
}

wasi_nn_errno torch_get_output(void *context, uint32_t index, uint8_t *out,
                               uint32_t out_max, uint32_t *written) {
  return guarded(Step::GetOutput, [&]() -> wasi_nn_errno {
    auto *c = static_cast<TorchContext *>(context);
    if (index >= c->outputs.size()) {
      return WASI_NN_INVALID_ARGUMENT;
    }
    const at::Tensor &output = c->outputs[index];
    const size_t bytes = output.nbytes();
    if (bytes > out_max) {
      return WASI_NN_INVALID_ARGUMENT; // nothing written
    }
    if (bytes > 0) {
      std::memcpy(out, output.data_ptr(), bytes);
    }
    *written = static_cast<uint32_t>(bytes);
    return WASI_NN_SUCCESS;
  });
}

} // namespace

extern "C" const wasi_nn_backend wasi_nn_backend_pytorch = {
    "pytorch",
    WASI_NN_ENCODING_PYTORCH,
    torch_load,
    torch_drop_graph,
    torch_init_execution_context,
    torch_drop_context,
    torch_set_input,
    torch_compute,
    torch_get_output,
};
