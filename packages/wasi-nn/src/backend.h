/*
 * The seam between the wasi_nn core and one inference backend.
 *
 * The core (src/) owns everything the guest sees: ids, argument checking,
 * guest memory, preloads. A backend only turns model bytes into a graph,
 * a graph into execution contexts, and runs them. It never sees guest
 * pointers that were not checked, and the core never sees a backend's SDK
 * types: graphs and contexts are opaque `void *` here.
 *
 * Adding a backend: a directory backends/<name>/ with a backend.cmake that
 * adds its sources and libraries (see backends/pytorch/backend.cmake), and
 * one object `const wasi_nn_backend wasi_nn_backend_<name>` defined in it.
 * CMake lists the selected backends in the generated wasi_nn_backends.inc,
 * which backend_registry.cpp turns into the table the core searches.
 *
 * Contract for every function pointer below:
 *  - it returns a wasi_nn_errno and must never throw (written in C++, catch
 *    everything; the core also catches, but only as a last resort);
 *  - on failure it leaves its out-parameters untouched;
 *  - the core calls one instance's backend objects from one thread at a
 *    time (the module instance is locked), but different module instances
 *    may call the same backend concurrently on different graphs;
 *  - a context is always dropped before the graph it was created from;
 *  - pointers into guest memory (builder bytes, tensor data, the output
 *    buffer) are valid only during the call: copy what must be kept.
 */
#ifndef WASI_NN_BACKEND_H
#define WASI_NN_BACKEND_H

#include "wasi_nn_types.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One part of a model: guest bytes given to `load`, or the path of a file
 * named by an nn-preload entry (then `data` is NULL and the backend opens
 * the file itself, so a model is not read unless a guest asks for it). */
typedef struct wasi_nn_builder {
  const uint8_t *data;
  size_t size;
  const char *path; /* NUL-terminated host path, or NULL */
} wasi_nn_builder;

/* An input tensor, already checked by the core: `type` is F16, F32, U8, I32
 * or I64, `rank` <= WASI_NN_MAX_RANK, and `size` equals the product of the
 * dimensions times the element size. */
typedef struct wasi_nn_tensor {
  const uint32_t *dims; /* host copy, `rank` entries */
  uint32_t rank;
  wasi_nn_tensor_type type;
  const uint8_t *data; /* guest memory */
  size_t size;
} wasi_nn_tensor;

typedef struct wasi_nn_backend {
  /* As in artifact names: "pytorch", "openvino", "tensorflowlite". */
  const char *name;
  /* The graph encoding this backend answers (load's `encoding`). */
  wasi_nn_encoding encoding;

  /* Builds a graph from `count` builders for `target` (CPU, GPU, TPU, or
   * AUTO from a preload). Wrong builder count, unreadable model or an
   * unsupported target: InvalidArgument. */
  wasi_nn_errno (*load)(const wasi_nn_builder *builders, uint32_t count,
                        wasi_nn_target target, void **graph);
  void (*drop_graph)(void *graph);

  wasi_nn_errno (*init_execution_context)(void *graph, void **context);
  void (*drop_context)(void *context);

  /* Copies the tensor into input `index`. Index past the model's inputs or
   * a type the model cannot take: InvalidArgument. */
  wasi_nn_errno (*set_input)(void *context, uint32_t index,
                             const wasi_nn_tensor *tensor);

  /* Runs the model; replaces the outputs of the previous compute. */
  wasi_nn_errno (*compute)(void *context);

  /* Copies output `index` to `out` when it fits in `out_max` bytes and sets
   * *written. No such output, or it does not fit (nothing is written):
   * InvalidArgument. */
  wasi_nn_errno (*get_output)(void *context, uint32_t index, uint8_t *out,
                              uint32_t out_max, uint32_t *written);
} wasi_nn_backend;

/* The backend compiled into this library for `encoding`, or NULL. */
const wasi_nn_backend *wasi_nn_find_backend(wasi_nn_encoding encoding);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASI_NN_BACKEND_H */
