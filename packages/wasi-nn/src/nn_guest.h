// Guest memory access and the boundary every host function goes through.
//
// Guest: every (pointer, length) from wasm, and every pointer read out of a
// guest struct, is checked through the shared wpl_guest_span() helper
// before it is touched; lengths are computed in 64 bits, so n * 8 or
// n * 4 cannot wrap.
//
// host_function<Body>: the callback registered with WasmEdge. It traps
// (HostFuncError) when the caller has no memory 0 or the instance has no
// state, as upstream; otherwise it locks the instance, runs Body, and
// returns Body's wasi-nn error number as the i32 result. No exception
// leaves it: anything Body throws becomes RuntimeError (5).
#ifndef WASI_NN_GUEST_H
#define WASI_NN_GUEST_H

#include "nn_state.h"

#include <wasmedge/plugin_support.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>

namespace wasi_nn {

class Guest {
public:
  explicit Guest(WasmEdge_MemoryInstanceContext *memory) : memory_(memory) {}

  // Bytes [ptr, ptr + len) of guest memory, or nullptr when any of them is
  // outside it. An in-bounds zero-length range is non-null.
  uint8_t *span(uint32_t ptr, uint64_t len) const {
    if (len > UINT32_MAX) {
      return nullptr;
    }
    return wpl_guest_span(memory_, ptr, static_cast<uint32_t>(len));
  }

  // A little-endian u32 at `at` (a checked span), e.g. a struct field.
  static uint32_t load_u32(const uint8_t *at) {
    uint32_t value;
    std::memcpy(&value, at, sizeof(value));
    return value;
  }

  static void store_u32(uint8_t *at, uint32_t value) {
    std::memcpy(at, &value, sizeof(value));
  }

private:
  WasmEdge_MemoryInstanceContext *memory_;
};

using HostBody = wasi_nn_errno (*)(Instance &instance, const Guest &guest,
                                   const WasmEdge_Value *params);

template <HostBody Body>
WasmEdge_Result host_function(void *data,
                              const WasmEdge_CallingFrameContext *frame,
                              const WasmEdge_Value *params,
                              WasmEdge_Value *returns) noexcept {
  WasmEdge_MemoryInstanceContext *memory = wpl_caller_memory(frame);
  auto *instance = static_cast<Instance *>(data);
  if (memory == nullptr || instance == nullptr) {
    return WPL_RESULT_NO_MEMORY;
  }
  wasi_nn_errno result;
  try {
    std::lock_guard<std::mutex> lock(instance->mutex);
    result = Body(*instance, Guest(memory), params);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "wasi_nn: unexpected failure: %s\n", e.what());
    result = WASI_NN_RUNTIME_ERROR;
  } catch (...) {
    std::fprintf(stderr, "wasi_nn: unexpected failure\n");
    result = WASI_NN_RUNTIME_ERROR;
  }
  wpl_return_i32(returns, 0, static_cast<int32_t>(result));
  return WasmEdge_Result_Success;
}

} // namespace wasi_nn

#endif // WASI_NN_GUEST_H
