/*
 * Helpers every plug-in in this repository shares, so that guest-memory
 * access and module registration are written (and reviewed) once.
 *
 * Guest memory: host functions never trust a (pointer, length) from wasm.
 * Every access goes through wpl_guest_span*(), which zero-extends the i32
 * values, checks the whole range against the caller's memory 0 and returns
 * NULL when any byte is outside it.
 *
 * Registration: a plug-in describes its module as a table of
 * WPL_FUNCTION rows (import name, wasm signature) and calls
 * wpl_module_create() from its descriptor's Create. Each callback is
 * defined with WPL_HOST_FUNCTION under its import name and names its
 * arguments on its first lines with WPL_ARGS / WPL_ARG_*:
 *
 *   static WPL_HOST_FUNCTION(demo_write) {
 *     WPL_ARGS(params);
 *     WPL_ARG_U32(buf_ptr);
 *     WPL_ARG_U32(buf_len);
 *     ...
 *   }
 *   static const wpl_host_function table[] = {
 *       WPL_FUNCTION(demo_write, "ii", "i"),
 *   };
 */
#ifndef WASMEDGE_PLUGIN_SUPPORT_H
#define WASMEDGE_PLUGIN_SUPPORT_H

#include <wasmedge/wasmedge.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One host function of a module. Signatures are strings of wasm value-type
 * letters: 'i' i32, 'I' i64, 'f' f32, 'F' f64; "" for none. */
typedef struct wpl_host_function {
  const char *name;    /* import name, exactly as the guest imports it */
  const char *params;  /* e.g. "iii" */
  const char *results; /* e.g. "i" */
  WasmEdge_HostFunc_t callback;
} wpl_host_function;

/* A host callback named like its import: `static WPL_HOST_FUNCTION(x) {...}`
 * defines x(data, frame, params, returns). */
#define WPL_HOST_FUNCTION(name)                                                \
  WasmEdge_Result name(void *data, const WasmEdge_CallingFrameContext *frame, \
                       const WasmEdge_Value *params, WasmEdge_Value *returns)

/* One table row: the import `name` (also the callback's name) and its wasm
 * signature. The only way rows are written, so a row cannot name one import
 * and register another function. */
#define WPL_FUNCTION(name, param_types, result_types)                          \
  { #name, param_types, result_types, name }

/*
 * Named arguments, read once at the top of a host function in wasm order
 * (as the row's signature lists them): WPL_ARGS(params) starts at the
 * first, each WPL_ARG_* declares a const local from the next one. i32
 * pointers and lengths are read unsigned (zero-extended).
 */
#define WPL_ARGS(values) const WasmEdge_Value *wpl_next_arg_ = (values)
#define WPL_ARG_U32(name)                                                      \
  const uint32_t name = (uint32_t)WasmEdge_ValueGetI32(*wpl_next_arg_++)
#define WPL_ARG_I32(name)                                                      \
  const int32_t name = WasmEdge_ValueGetI32(*wpl_next_arg_++)
#define WPL_ARG_U64(name)                                                      \
  const uint64_t name = (uint64_t)WasmEdge_ValueGetI64(*wpl_next_arg_++)

/*
 * Builds module instance `instance_name` holding every function of `table`,
 * each called with `state` as its Data pointer; `finalizer(state)` runs once
 * when the host destroys the instance.
 *
 * Never returns NULL when memory is available (the runtime crashes on a NULL
 * from Create): if a function cannot be built, the partial module is deleted
 * (which finalizes `state`), the failure is reported on stderr, and an empty
 * module of the same name is returned, so the guest sees unresolved imports
 * rather than the host crashing.
 */
WasmEdge_ModuleInstanceContext *
wpl_module_create(const char *instance_name, void *state,
                  void (*finalizer)(void *), const wpl_host_function *table,
                  size_t count);

/* Memory 0 of the calling wasm instance, or NULL when the caller has none. */
WasmEdge_MemoryInstanceContext *
wpl_caller_memory(const WasmEdge_CallingFrameContext *frame);

/* Writable view of guest bytes [ptr, ptr + len), or NULL if out of bounds.
 * A zero length at an in-bounds offset gives a non-NULL pointer. */
uint8_t *wpl_guest_span(WasmEdge_MemoryInstanceContext *memory, uint32_t ptr,
                        uint32_t len);

/* Read-only variant of wpl_guest_span(). */
const uint8_t *wpl_guest_span_const(const WasmEdge_MemoryInstanceContext *memory,
                                    uint32_t ptr, uint32_t len);

/* Why a guest string could not be copied. */
typedef enum wpl_string_status {
  WPL_STRING_OK = 0,
  WPL_STRING_OUT_OF_BOUNDS = 1,
  WPL_STRING_EMBEDDED_NUL = 2,
  WPL_STRING_NO_MEMORY = 3
} wpl_string_status;

/* Copies guest bytes [ptr, ptr + len) into a new NUL-terminated heap string
 * (free with free()). Embedded NULs are refused, because the result is used
 * as a C string. On failure returns NULL and sets *status. */
char *wpl_guest_strdup(const WasmEdge_MemoryInstanceContext *memory,
                       uint32_t ptr, uint32_t len, wpl_string_status *status);

/* Copies at most `len` bytes of `src` to guest [ptr, ptr + len); returns the
 * number of bytes written, or -1 (and writes nothing) if the range is outside
 * guest memory. */
int64_t wpl_guest_write(WasmEdge_MemoryInstanceContext *memory, uint32_t ptr,
                        uint32_t len, const void *src, size_t src_len);

/* Parameter i as an unsigned 32-bit wasm value (pointers and lengths). */
static inline uint32_t wpl_param_u32(const WasmEdge_Value *params, size_t i) {
  return (uint32_t)WasmEdge_ValueGetI32(params[i]);
}

/* Parameter i as a 64-bit wasm value. */
static inline uint64_t wpl_param_u64(const WasmEdge_Value *params, size_t i) {
  return (uint64_t)WasmEdge_ValueGetI64(params[i]);
}

/* Stores an i32 result. */
static inline void wpl_return_i32(WasmEdge_Value *returns, size_t i,
                                  int32_t value) {
  returns[i] = WasmEdge_ValueGenI32(value);
}

/*
 * A growable byte buffer (captured process output, received responses,
 * error text). Start from WPL_BUFFER_INIT; wpl_buffer_release frees it.
 */
typedef struct wpl_buffer {
  uint8_t *data; /* NULL until something is stored */
  size_t len;
  size_t cap;
} wpl_buffer;

#define WPL_BUFFER_INIT {NULL, 0, 0}

/* Makes room for `extra` more bytes, doubling the capacity (appends stay
 * amortised O(1)) but never past `max_cap`. false when len + extra exceeds
 * max_cap or memory runs out; the buffer is then unchanged. */
bool wpl_buffer_reserve(wpl_buffer *buffer, size_t extra, size_t max_cap);

/* Appends n bytes (bounded by memory only); false leaves it unchanged. */
bool wpl_buffer_append(wpl_buffer *buffer, const void *src, size_t n);

/* Appends a NUL-terminated string without its NUL. */
bool wpl_buffer_append_text(wpl_buffer *buffer, const char *text);

/* Frees the bytes; the buffer is empty again and reusable. */
void wpl_buffer_release(wpl_buffer *buffer);

/* The descriptor's Version: MAJOR.MINOR.PATCH from the manifest version that
 * WasmEdgePlugin.cmake passes in, Build 0. Usable in C and C++ initialisers. */
#define WPL_PLUGIN_VERSION_DATA                                                \
  { WPL_PLUGIN_VERSION_MAJOR, WPL_PLUGIN_VERSION_MINOR,                        \
    WPL_PLUGIN_VERSION_PATCH, 0 }

/* The result official plug-ins give when the caller has no memory. */
#define WPL_RESULT_NO_MEMORY                                                   \
  WasmEdge_ResultGen(WasmEdge_ErrCategory_WASM, WasmEdge_ErrCode_HostFuncError)

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASMEDGE_PLUGIN_SUPPORT_H */
