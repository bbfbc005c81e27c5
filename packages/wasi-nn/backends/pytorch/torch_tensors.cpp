// Tensor conversions of the PyTorch backend (see torch_tensors.h).
#include "torch_tensors.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace wasi_nn_pytorch {

namespace {

// Interface tensor types and the libtorch dtypes they are, both ways.
struct TypeRow {
  wasi_nn_tensor_type type;
  at::ScalarType dtype;
};

constexpr TypeRow kTypes[] = {
    {WASI_NN_TYPE_F16, at::kHalf}, {WASI_NN_TYPE_F32, at::kFloat},
    {WASI_NN_TYPE_U8, at::kByte},  {WASI_NN_TYPE_I32, at::kInt},
    {WASI_NN_TYPE_I64, at::kLong},
};

std::optional<at::ScalarType> dtype_of(wasi_nn_tensor_type type) {
  for (const TypeRow &row : kTypes) {
    if (row.type == type) {
      return row.dtype;
    }
  }
  return std::nullopt;
}

bool interface_has(at::ScalarType dtype) {
  return std::any_of(std::begin(kTypes), std::end(kTypes),
                     [dtype](const TypeRow &row) { return row.dtype == dtype; });
}

// A CPU, contiguous tensor in an interface dtype (others become float32).
at::Tensor as_output(const at::Tensor &t) {
  at::Tensor cpu = t.to(at::kCPU);
  if (!interface_has(cpu.scalar_type())) {
    cpu = cpu.to(at::kFloat);
  }
  // No copy when already contiguous: outputs are only read, and the next
  // compute replaces them.
  return cpu.contiguous();
}

bool add_tensors(const c10::ArrayRef<c10::IValue> &items,
                 std::vector<at::Tensor> *out) {
  for (const c10::IValue &item : items) {
    if (!item.isTensor()) {
      return false;
    }
    out->push_back(as_output(item.toTensor()));
  }
  return true;
}

} // namespace

size_t BytesReader::read(uint64_t pos, void *buf, size_t n, const char *) const {
  if (data_ == nullptr || pos >= size_) {
    return 0;
  }
  const size_t count = std::min<uint64_t>(n, size_ - pos);
  std::memcpy(buf, data_ + pos, count);
  return count;
}

bool copy_to_tensor(const wasi_nn_tensor &tensor, at::Tensor *out) {
  std::optional<at::ScalarType> dtype = dtype_of(tensor.type);
  if (!dtype) {
    return false;
  }
  std::vector<int64_t> sizes(tensor.dims, tensor.dims + tensor.rank);
  at::Tensor t = at::empty(sizes, at::TensorOptions().dtype(*dtype));
  if (t.nbytes() != tensor.size) {
    return false; // the core checked this; stay safe if that ever changes
  }
  if (tensor.size > 0) {
    std::memcpy(t.data_ptr(), tensor.data, tensor.size);
  }
  *out = std::move(t);
  return true;
}

bool collect_outputs(const c10::IValue &result, std::vector<at::Tensor> *out) {
  if (result.isTensor()) {
    out->push_back(as_output(result.toTensor()));
    return true;
  }
  if (result.isTuple()) {
    return add_tensors(result.toTupleRef().elements(), out);
  }
  if (result.isList()) {
    c10::List<c10::IValue> list = result.toList();
    std::vector<c10::IValue> items(list.begin(), list.end());
    return add_tensors(items, out);
  }
  return false;
}

} // namespace wasi_nn_pytorch
