// The "directly through libtorch" side of the wasi_nn latency benchmark:
// the same TorchScript model and input as the plug-in run, without wasm,
// the Node host or the plug-in in between.
//
//   torch_direct <model.pt> [batch=512] [inferences_per_run=200] [runs=7]
//                [warmup_runs=2]
//
// One inference does what the plug-in does for set_input + compute +
// get_output: copy the input from a host buffer into a new tensor, run
// forward() in inference mode, copy output 0 into a host buffer. The input
// is a [batch, 64] float32 tensor (the shape of test/models/linear.pt),
// with the same values the plug-in benchmark should use:
// value[i] = ((i % 97) - 48) / 16.
//
// Prints one JSON line:
//   {"unit":"us/inference","batch":512,"inferences":200,"values":[...]}
// one value per run (mean microseconds per inference in that run), ready
// for bench/measure.ts compare().
#include <torch/script.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace {

long argument(int argc, char **argv, int index, long fallback) {
  if (argc <= index) {
    return fallback;
  }
  char *end = nullptr;
  const long value = std::strtol(argv[index], &end, 10);
  if (end == argv[index] || *end != '\0' || value <= 0) {
    std::fprintf(stderr, "torch_direct: argument %d (%s) is not a positive "
                         "integer\n", index, argv[index]);
    std::exit(2);
  }
  return value;
}

// One inference: input copy in, forward, output copy out; returns bytes out.
size_t infer_once(torch::jit::Module &module, const std::vector<float> &input,
                  int64_t batch, std::vector<unsigned char> &out) {
  at::Tensor tensor = at::empty({batch, 64}, at::kFloat);
  std::memcpy(tensor.data_ptr(), input.data(), input.size() * sizeof(float));
  c10::InferenceMode inference;
  at::Tensor result = module.forward({tensor}).toTensor().contiguous();
  const size_t bytes = result.nbytes();
  if (bytes > out.size()) {
    out.resize(bytes);
  }
  std::memcpy(out.data(), result.data_ptr(), bytes);
  return bytes;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: torch_direct <model.pt> [batch] "
                         "[inferences_per_run] [runs] [warmup_runs]\n");
    return 2;
  }
  const int64_t batch = argument(argc, argv, 2, 512);
  const long per_run = argument(argc, argv, 3, 200);
  const long runs = argument(argc, argv, 4, 7);
  const long warmup = argument(argc, argv, 5, 2);
  try {
    torch::jit::Module module = torch::jit::load(argv[1], torch::kCPU);
    module.eval();
    std::vector<float> input(static_cast<size_t>(batch) * 64);
    for (size_t i = 0; i < input.size(); ++i) {
      input[i] = static_cast<float>(static_cast<long>(i % 97) - 48) / 16.0f;
    }
    std::vector<unsigned char> out;
    std::vector<double> values;
    for (long run = 0; run < warmup + runs; ++run) {
      const auto start = std::chrono::steady_clock::now();
      for (long i = 0; i < per_run; ++i) {
        infer_once(module, input, batch, out);
      }
      const std::chrono::duration<double, std::micro> elapsed =
          std::chrono::steady_clock::now() - start;
      if (run >= warmup) {
        values.push_back(elapsed.count() / static_cast<double>(per_run));
      }
    }
    std::string list;
    for (double v : values) {
      list += (list.empty() ? "" : ",") + std::to_string(v);
    }
    std::printf("{\"unit\":\"us/inference\",\"batch\":%lld,\"inferences\":%ld,"
                "\"values\":[%s]}\n",
                static_cast<long long>(batch), per_run, list.c_str());
    return 0;
  } catch (const c10::Error &e) {
    std::fprintf(stderr, "torch_direct: %s\n", e.what_without_backtrace());
  } catch (const std::exception &e) {
    std::fprintf(stderr, "torch_direct: %s\n", e.what());
  }
  return 1;
}
