// Between the interface's tensors and libtorch's: model bytes as a libtorch
// reader, guest tensors into at::Tensor, forward()'s result into outputs.
#ifndef WASI_NN_PYTORCH_TENSORS_H
#define WASI_NN_PYTORCH_TENSORS_H

#include "backend.h"

#include <caffe2/serialize/read_adapter_interface.h>
#include <torch/script.h>

#include <vector>

namespace wasi_nn_pytorch {

// Lets torch::jit::load read a model straight from guest bytes, without a
// copy. close() detaches it: should libtorch ever read after the load call
// returned, it gets no bytes instead of stale guest memory.
class BytesReader final : public caffe2::serialize::ReadAdapterInterface {
public:
  BytesReader(const uint8_t *data, size_t size) : data_(data), size_(size) {}
  size_t size() const override { return size_; }
  size_t read(uint64_t pos, void *buf, size_t n, const char *what) const override;
  void close() {
    data_ = nullptr;
    size_ = 0;
  }

private:
  const uint8_t *data_;
  size_t size_;
};

// A new tensor with the guest's type, shape and a copy of its data; false
// when the type has no libtorch dtype here or the sizes disagree.
bool copy_to_tensor(const wasi_nn_tensor &tensor, at::Tensor *out);

// Flattens forward()'s result (a tensor, or a tuple or list of tensors)
// into contiguous CPU tensors of a type the interface has (see
// pytorch_backend.cpp); false for any other result.
bool collect_outputs(const c10::IValue &result, std::vector<at::Tensor> *out);

} // namespace wasi_nn_pytorch

#endif // WASI_NN_PYTORCH_TENSORS_H
