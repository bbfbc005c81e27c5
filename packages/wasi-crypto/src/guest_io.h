/*
 * One host call as the implementation functions see it, and the only way
 * they touch guest memory.
 *
 * Every (pointer, length) from wasm goes through guest_input/guest_output,
 * which use the shared plugin_support bounds check: a range outside the
 * caller's memory 0, or a caller without memory, is 12 ALGORITHM_FAILURE
 * (spec §2), never a trap. Out parameters are checked before the work is
 * done and written only once it succeeded.
 */
#ifndef WASI_CRYPTO_GUEST_IO_H
#define WASI_CRYPTO_GUEST_IO_H

#include "crypto_context.h"
#include "crypto_errno.h"

#include <wasmedge/plugin_support.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct crypto_call {
  crypto_context *context;
  WasmEdge_MemoryInstanceContext *memory; /* NULL when the caller has none */
  const WasmEdge_Value *params;
} crypto_call;

/* The implementation of one host function: returns the guest's errno. */
typedef crypto_errno (*crypto_impl)(const crypto_call *call);

/*
 * The WasmEdge callback body shared by every host function: builds the
 * call, runs `impl`, returns its errno as the i32 result. An instance
 * without a context (Create ran out of memory) answers 17.
 */
WasmEdge_Result crypto_dispatch(void *data,
                                const WasmEdge_CallingFrameContext *frame,
                                const WasmEdge_Value *params,
                                WasmEdge_Value *returns, crypto_impl impl);

/*
 * Defines the host callback `name` (registered with WPL_FUNCTION under the
 * same name); the block that follows is its body, a function of
 * `const crypto_call *call` returning the errno:
 *
 *   CRYPTO_FUNCTION(keypair_close) {
 *     WPL_ARGS(call->params);
 *     WPL_ARG_U32(kp);
 *     ...
 *   }
 */
#define CRYPTO_FUNCTION(name)                                                  \
  static crypto_errno name##_body(const crypto_call *call);                    \
  WPL_HOST_FUNCTION(name) {                                                    \
    return crypto_dispatch(data, frame, params, returns, name##_body);         \
  }                                                                            \
  static crypto_errno name##_body(const crypto_call *call)

/* Returns the errno of `expr` from the enclosing function unless it is 0. */
#define RETURN_IF_FAILED(expr)                                                 \
  do {                                                                         \
    crypto_errno rc_ = (expr);                                                 \
    if (rc_ != CRYPTO_ERRNO_SUCCESS) {                                         \
      return rc_;                                                              \
    }                                                                          \
  } while (0)

/* Guest bytes [ptr, ptr + len) to read. */
crypto_errno guest_input(const crypto_call *call, uint32_t ptr, uint32_t len,
                         const uint8_t **bytes);

/* Guest bytes [ptr, ptr + len) to write. */
crypto_errno guest_output(const crypto_call *call, uint32_t ptr, uint32_t len,
                          uint8_t **bytes);

/* A 4-byte slot (handle, size) and an 8-byte slot (version, u64). */
crypto_errno guest_u32_slot(const crypto_call *call, uint32_t ptr,
                            uint8_t **slot);
crypto_errno guest_u64_slot(const crypto_call *call, uint32_t ptr,
                            uint8_t **slot);

/* Little-endian stores into checked slots (which may be unaligned). */
void store_u32(uint8_t *slot, uint32_t value);
void store_u64(uint8_t *slot, uint64_t value);

/*
 * Reads an optional handle passed by pointer: 8 bytes, byte 0 the tag
 * (1 = none; any other value = some, as upstream), bytes 4..7 the handle.
 * The pointer must be valid even for "none".
 */
crypto_errno guest_optional_handle(const crypto_call *call, uint32_t ptr,
                                   bool *present, uint32_t *handle);

/* Whether `len` bytes at `bytes` equal `name` ignoring ASCII case. */
bool bytes_equal_ignoring_case(const uint8_t *bytes, uint32_t len,
                               const char *name);

/* Whether `len` bytes at `bytes` equal `name` exactly. */
bool bytes_equal(const uint8_t *bytes, uint32_t len, const char *name);

#endif /* WASI_CRYPTO_GUEST_IO_H */
