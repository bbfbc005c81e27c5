/* Guest memory access and the shared callback body (see guest_io.h). */
#include "guest_io.h"

#include "error_map.h"

#include <string.h>

WasmEdge_Result crypto_dispatch(void *data,
                                const WasmEdge_CallingFrameContext *frame,
                                const WasmEdge_Value *params,
                                WasmEdge_Value *returns, crypto_impl impl) {
  crypto_errno rc;
  if (data == NULL) {
    rc = crypto_failure_errno(CRYPTO_FAILURE_NO_CONTEXT);
  } else {
    const crypto_call call = {
        .context = data,
        .memory = wpl_caller_memory(frame),
        .params = params,
    };
    rc = impl(&call);
  }
  wpl_return_i32(returns, 0, (int32_t)rc);
  return WasmEdge_Result_Success;
}

crypto_errno guest_input(const crypto_call *call, uint32_t ptr, uint32_t len,
                         const uint8_t **bytes) {
  /* A NULL memory makes the span NULL as well. */
  *bytes = wpl_guest_span_const(call->memory, ptr, len);
  return *bytes == NULL ? CRYPTO_ERRNO_ALGORITHM_FAILURE
                        : CRYPTO_ERRNO_SUCCESS;
}

crypto_errno guest_output(const crypto_call *call, uint32_t ptr, uint32_t len,
                          uint8_t **bytes) {
  *bytes = wpl_guest_span(call->memory, ptr, len);
  return *bytes == NULL ? CRYPTO_ERRNO_ALGORITHM_FAILURE
                        : CRYPTO_ERRNO_SUCCESS;
}

crypto_errno guest_u32_slot(const crypto_call *call, uint32_t ptr,
                            uint8_t **slot) {
  return guest_output(call, ptr, 4, slot);
}

crypto_errno guest_u64_slot(const crypto_call *call, uint32_t ptr,
                            uint8_t **slot) {
  return guest_output(call, ptr, 8, slot);
}

void store_u32(uint8_t *slot, uint32_t value) {
  for (int i = 0; i < 4; ++i) {
    slot[i] = (uint8_t)(value >> (8 * i));
  }
}

void store_u64(uint8_t *slot, uint64_t value) {
  for (int i = 0; i < 8; ++i) {
    slot[i] = (uint8_t)(value >> (8 * i));
  }
}

enum { OPTIONAL_TAG_NONE = 1 };

crypto_errno guest_optional_handle(const crypto_call *call, uint32_t ptr,
                                   bool *present, uint32_t *handle) {
  const uint8_t *raw;
  crypto_errno rc = guest_input(call, ptr, 8, &raw);
  if (rc != CRYPTO_ERRNO_SUCCESS) {
    return rc;
  }
  *present = raw[0] != OPTIONAL_TAG_NONE;
  *handle = (uint32_t)raw[4] | (uint32_t)raw[5] << 8 |
            (uint32_t)raw[6] << 16 | (uint32_t)raw[7] << 24;
  return CRYPTO_ERRNO_SUCCESS;
}

static uint8_t ascii_upper(uint8_t c) {
  return c >= 'a' && c <= 'z' ? (uint8_t)(c - 'a' + 'A') : c;
}

bool bytes_equal_ignoring_case(const uint8_t *bytes, uint32_t len,
                               const char *name) {
  if (strlen(name) != len) {
    return false;
  }
  for (uint32_t i = 0; i < len; ++i) {
    if (ascii_upper(bytes[i]) != ascii_upper((uint8_t)name[i])) {
      return false;
    }
  }
  return true;
}

bool bytes_equal(const uint8_t *bytes, uint32_t len, const char *name) {
  return strlen(name) == len && (len == 0 || memcmp(bytes, name, len) == 0);
}
