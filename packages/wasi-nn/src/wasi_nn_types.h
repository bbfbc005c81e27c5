/*
 * The numbers of the wasi_ephemeral_nn interface as WasmEdge 0.17.1 uses
 * them (shared/spec/wasi-nn.md §3), shared by the core and the backends.
 */
#ifndef WASI_NN_TYPES_H
#define WASI_NN_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Function results (§3.4). */
typedef enum wasi_nn_errno {
  WASI_NN_SUCCESS = 0,
  WASI_NN_INVALID_ARGUMENT = 1,
  WASI_NN_INVALID_ENCODING = 2,
  WASI_NN_MISSING_MEMORY = 3,
  WASI_NN_BUSY = 4,
  WASI_NN_RUNTIME_ERROR = 5,
  WASI_NN_UNSUPPORTED_OPERATION = 6,
  WASI_NN_TOO_LARGE = 7,
  WASI_NN_NOT_FOUND = 8
} wasi_nn_errno;

/* Graph encodings (§3.1); `load` uses only the low 8 bits of its
 * argument. 5 (autodetect), 8 and everything from 15 up are not encodings
 * a graph can have: InvalidEncoding. */
typedef enum wasi_nn_encoding {
  WASI_NN_ENCODING_OPENVINO = 0,
  WASI_NN_ENCODING_ONNX = 1,
  WASI_NN_ENCODING_TENSORFLOW = 2,
  WASI_NN_ENCODING_PYTORCH = 3,
  WASI_NN_ENCODING_TENSORFLOWLITE = 4,
  WASI_NN_ENCODING_AUTODETECT = 5,
  WASI_NN_ENCODING_GGML = 6,
  WASI_NN_ENCODING_NEURALSPEED = 7,
  WASI_NN_ENCODING_WHISPER = 9,
  WASI_NN_ENCODING_MLX = 10,
  WASI_NN_ENCODING_PIPER = 11,
  WASI_NN_ENCODING_CHATTTS = 12,
  WASI_NN_ENCODING_OPENVINOGENAI = 13,
  WASI_NN_ENCODING_BITNET = 14
} wasi_nn_encoding;

/* Execution targets (§3.2). `load` accepts CPU, GPU and TPU; AUTO only
 * comes from an nn-preload entry. */
typedef enum wasi_nn_target {
  WASI_NN_TARGET_CPU = 0,
  WASI_NN_TARGET_GPU = 1,
  WASI_NN_TARGET_TPU = 2,
  WASI_NN_TARGET_AUTO = 3
} wasi_nn_target;

/* Tensor types (§3.3, 0.15.0 numbering). */
typedef enum wasi_nn_tensor_type {
  WASI_NN_TYPE_F16 = 0,
  WASI_NN_TYPE_F32 = 1,
  WASI_NN_TYPE_F64 = 2,
  WASI_NN_TYPE_U8 = 3,
  WASI_NN_TYPE_I32 = 4,
  WASI_NN_TYPE_I64 = 5
} wasi_nn_tensor_type;

/* Most dimensions a tensor may have (a core limit, more → InvalidArgument). */
#define WASI_NN_MAX_RANK 32u

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASI_NN_TYPES_H */
