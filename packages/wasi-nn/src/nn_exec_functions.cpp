// init_execution_context, set_input, compute, get_output, the *_single
// functions and finalize_execution_context.
#include "nn_functions.h"

#include "nn_tables.h"

#include <vector>

namespace wasi_nn {

namespace {

// The tensor struct set_input reads (spec §4.2), 20 bytes.
constexpr uint32_t kTensorBytes = 20;
constexpr size_t kDimsPtr = 0, kRank = 4, kType = 8, kDataPtr = 12, kDataLen = 16;

// True when product(dims) * element_size == size, without overflow.
bool size_matches(const std::vector<uint32_t> &dims, size_t element_size,
                  uint64_t size) {
  uint64_t bytes = element_size;
  for (uint32_t dim : dims) {
    if (__builtin_mul_overflow(bytes, uint64_t{dim}, &bytes)) {
      return false;
    }
  }
  return bytes == size;
}

// compute_single, get_output_single and fini_single stream tokens; only
// upstream's GGML and BitNet backends implement them. For every backend of
// this plug-in a call answers InvalidArgument, valid context or not (an
// unknown context is InvalidArgument too, as upstream).
constexpr wasi_nn_errno kSingleNotSupported = WASI_NN_INVALID_ARGUMENT;

} // namespace

// init_execution_context(graph_id, context_id_ptr) -> errno
wasi_nn_errno nn_init_execution_context(Instance &instance, const Guest &guest,
                                        const WasmEdge_Value *params) {
  uint8_t *id_out = guest.span(wpl_param_u32(params, 1), 4);
  if (id_out == nullptr) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  std::shared_ptr<Graph> graph = instance.find_graph(wpl_param_u32(params, 0));
  if (graph == nullptr) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  void *handle = nullptr;
  wasi_nn_errno err =
      graph->backend()->init_execution_context(graph->handle(), &handle);
  if (err != WASI_NN_SUCCESS) {
    return err;
  }
  uint32_t id = 0;
  err = instance.add_context(std::move(graph), handle, &id);
  if (err == WASI_NN_SUCCESS) {
    Guest::store_u32(id_out, id);
  }
  return err;
}

// set_input(context_id, index, tensor_ptr) -> errno
wasi_nn_errno nn_set_input(Instance &instance, const Guest &guest,
                           const WasmEdge_Value *params) {
  const uint8_t *tensor = guest.span(wpl_param_u32(params, 2), kTensorBytes);
  if (tensor == nullptr) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  const uint32_t rank = Guest::load_u32(tensor + kRank);
  const uint8_t *dims_bytes = guest.span(Guest::load_u32(tensor + kDimsPtr),
                                         uint64_t{rank} * sizeof(uint32_t));
  const uint32_t data_len = Guest::load_u32(tensor + kDataLen);
  const uint8_t *data = guest.span(Guest::load_u32(tensor + kDataPtr), data_len);
  if (dims_bytes == nullptr || data == nullptr) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  // Upstream reads a u32 at offset 8 and keeps its low byte (§4.2).
  const uint32_t type = tensor[kType];
  std::optional<size_t> element_size = input_element_size(type);
  Context *context = instance.find_context(wpl_param_u32(params, 0));
  if (!element_size || context == nullptr || rank > WASI_NN_MAX_RANK) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  std::vector<uint32_t> dims(rank);
  for (uint32_t i = 0; i < rank; ++i) {
    dims[i] = Guest::load_u32(dims_bytes + i * sizeof(uint32_t));
  }
  if (!size_matches(dims, *element_size, data_len)) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  const wasi_nn_tensor view{dims.data(), rank,
                            static_cast<wasi_nn_tensor_type>(type), data,
                            data_len};
  return context->backend()->set_input(context->handle(),
                                       wpl_param_u32(params, 1), &view);
}

// compute(context_id) -> errno
wasi_nn_errno nn_compute(Instance &instance, const Guest &,
                         const WasmEdge_Value *params) {
  Context *context = instance.find_context(wpl_param_u32(params, 0));
  if (context == nullptr) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  return context->backend()->compute(context->handle());
}

// get_output(context_id, index, out_ptr, out_max, bytes_written_ptr) -> errno
wasi_nn_errno nn_get_output(Instance &instance, const Guest &guest,
                            const WasmEdge_Value *params) {
  const uint32_t out_max = wpl_param_u32(params, 3);
  uint8_t *out = guest.span(wpl_param_u32(params, 2), out_max);
  uint8_t *written_out = guest.span(wpl_param_u32(params, 4), 4);
  if (out == nullptr || written_out == nullptr) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  Context *context = instance.find_context(wpl_param_u32(params, 0));
  if (context == nullptr) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  uint32_t written = 0;
  wasi_nn_errno err = context->backend()->get_output(
      context->handle(), wpl_param_u32(params, 1), out, out_max, &written);
  if (err == WASI_NN_SUCCESS) {
    Guest::store_u32(written_out, written);
  }
  return err;
}

// get_output_single(context_id, index, out_ptr, out_max, bytes_written_ptr)
wasi_nn_errno nn_get_output_single(Instance &, const Guest &,
                                   const WasmEdge_Value *) {
  return kSingleNotSupported;
}

// compute_single(context_id) -> errno
wasi_nn_errno nn_compute_single(Instance &, const Guest &,
                                const WasmEdge_Value *) {
  return kSingleNotSupported;
}

// fini_single(context_id) -> errno
wasi_nn_errno nn_fini_single(Instance &, const Guest &,
                             const WasmEdge_Value *) {
  return kSingleNotSupported;
}

// finalize_execution_context(context_id) -> errno. Frees the context and
// retires its id.
wasi_nn_errno nn_finalize_execution_context(Instance &instance, const Guest &,
                                            const WasmEdge_Value *params) {
  const uint32_t id = wpl_param_u32(params, 0);
  return instance.contexts.erase(id) == 1 ? WASI_NN_SUCCESS
                                          : WASI_NN_INVALID_ARGUMENT;
}

} // namespace wasi_nn
