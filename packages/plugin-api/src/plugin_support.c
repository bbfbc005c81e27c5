/* Shared plug-in helpers: see wasmedge/plugin_support.h for the contract. */
#include <wasmedge/plugin_support.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WPL_MAX_ARITY = 16 };

/* Fills `out` from a signature string; returns the count or -1 when a
 * letter is unknown or the signature is longer than WPL_MAX_ARITY. */
static int parse_signature(const char *sig, WasmEdge_ValType *out) {
  int n = 0;
  for (const char *c = sig; *c != '\0'; ++c, ++n) {
    if (n == WPL_MAX_ARITY) {
      return -1;
    }
    switch (*c) {
    case 'i': out[n] = WasmEdge_ValTypeGenI32(); break;
    case 'I': out[n] = WasmEdge_ValTypeGenI64(); break;
    case 'f': out[n] = WasmEdge_ValTypeGenF32(); break;
    case 'F': out[n] = WasmEdge_ValTypeGenF64(); break;
    default: return -1;
    }
  }
  return n;
}

/* Adds one row to `module`; returns 0 on success, -1 on failure. */
static int add_function(WasmEdge_ModuleInstanceContext *module,
                        const wpl_host_function *row, void *state) {
  WasmEdge_ValType params[WPL_MAX_ARITY];
  WasmEdge_ValType results[WPL_MAX_ARITY];
  int np = parse_signature(row->params, params);
  int nr = parse_signature(row->results, results);
  if (np < 0 || nr < 0 || row->callback == NULL) {
    return -1;
  }
  WasmEdge_FunctionTypeContext *type = WasmEdge_FunctionTypeCreate(
      params, (uint32_t)np, results, (uint32_t)nr);
  if (type == NULL) {
    return -1;
  }
  WasmEdge_FunctionInstanceContext *fn =
      WasmEdge_FunctionInstanceCreate(type, row->callback, state, 0);
  WasmEdge_FunctionTypeDelete(type);
  if (fn == NULL) {
    return -1;
  }
  WasmEdge_ModuleInstanceAddFunction(
      module, WasmEdge_StringWrap(row->name, (uint32_t)strlen(row->name)), fn);
  return 0;
}

WasmEdge_ModuleInstanceContext *
wpl_module_create(const char *instance_name, void *state,
                  void (*finalizer)(void *), const wpl_host_function *table,
                  size_t count) {
  WasmEdge_String name =
      WasmEdge_StringWrap(instance_name, (uint32_t)strlen(instance_name));
  WasmEdge_ModuleInstanceContext *module =
      WasmEdge_ModuleInstanceCreateWithData(name, state, finalizer);
  if (module == NULL) {
    if (finalizer != NULL) {
      finalizer(state);
    }
    return NULL;
  }
  for (size_t i = 0; i < count; ++i) {
    if (add_function(module, &table[i], state) != 0) {
      fprintf(stderr,
              "%s: could not create host function '%s' (%s -> %s); the "
              "module is left empty\n",
              instance_name, table[i].name, table[i].params,
              table[i].results);
      WasmEdge_ModuleInstanceDelete(module); /* runs finalizer(state) */
      return WasmEdge_ModuleInstanceCreate(name);
    }
  }
  return module;
}

WasmEdge_MemoryInstanceContext *
wpl_caller_memory(const WasmEdge_CallingFrameContext *frame) {
  return WasmEdge_CallingFrameGetMemoryInstance(frame, 0);
}

uint8_t *wpl_guest_span(WasmEdge_MemoryInstanceContext *memory, uint32_t ptr,
                        uint32_t len) {
  /* Both values are widened before adding, so ptr + len cannot wrap. */
  return WasmEdge_MemoryInstanceGetPointer(memory, (uint64_t)ptr,
                                           (uint64_t)len);
}

const uint8_t *wpl_guest_span_const(const WasmEdge_MemoryInstanceContext *memory,
                                    uint32_t ptr, uint32_t len) {
  return WasmEdge_MemoryInstanceGetPointerConst(memory, (uint64_t)ptr,
                                                (uint64_t)len);
}

char *wpl_guest_strdup(const WasmEdge_MemoryInstanceContext *memory,
                       uint32_t ptr, uint32_t len, wpl_string_status *status) {
  const uint8_t *src = wpl_guest_span_const(memory, ptr, len);
  if (src == NULL) {
    *status = WPL_STRING_OUT_OF_BOUNDS;
    return NULL;
  }
  if (len > 0 && memchr(src, '\0', len) != NULL) {
    *status = WPL_STRING_EMBEDDED_NUL;
    return NULL;
  }
  char *copy = malloc((size_t)len + 1);
  if (copy == NULL) {
    *status = WPL_STRING_NO_MEMORY;
    return NULL;
  }
  memcpy(copy, src, len);
  copy[len] = '\0';
  *status = WPL_STRING_OK;
  return copy;
}

int64_t wpl_guest_write(WasmEdge_MemoryInstanceContext *memory, uint32_t ptr,
                        uint32_t len, const void *src, size_t src_len) {
  uint8_t *dst = wpl_guest_span(memory, ptr, len);
  if (dst == NULL) {
    return -1;
  }
  size_t n = src_len < len ? src_len : len;
  if (n > 0) {
    memcpy(dst, src, n);
  }
  return (int64_t)n;
}

enum { WPL_BUFFER_MIN_CAPACITY = 64 };

bool wpl_buffer_reserve(wpl_buffer *buffer, size_t extra, size_t max_cap) {
  if (extra > max_cap || buffer->len > max_cap - extra) {
    return false;
  }
  size_t needed = buffer->len + extra;
  if (needed <= buffer->cap) {
    return true;
  }
  size_t cap = buffer->cap < WPL_BUFFER_MIN_CAPACITY ? WPL_BUFFER_MIN_CAPACITY
                                                     : buffer->cap;
  while (cap < needed) {
    cap = cap > max_cap / 2 ? max_cap : cap * 2;
  }
  if (cap > max_cap) {
    cap = max_cap;
  }
  uint8_t *grown = realloc(buffer->data, cap);
  if (grown == NULL) {
    return false;
  }
  buffer->data = grown;
  buffer->cap = cap;
  return true;
}

bool wpl_buffer_append(wpl_buffer *buffer, const void *src, size_t n) {
  if (n == 0) {
    return true;
  }
  if (!wpl_buffer_reserve(buffer, n, SIZE_MAX)) {
    return false;
  }
  memcpy(buffer->data + buffer->len, src, n);
  buffer->len += n;
  return true;
}

bool wpl_buffer_append_text(wpl_buffer *buffer, const char *text) {
  return wpl_buffer_append(buffer, text, strlen(text));
}

void wpl_buffer_release(wpl_buffer *buffer) {
  free(buffer->data);
  buffer->data = NULL;
  buffer->len = 0;
  buffer->cap = 0;
}
