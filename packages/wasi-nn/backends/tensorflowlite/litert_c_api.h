// Declarations of the part of the LiteRT C API this backend uses, written
// for the pinned runtime: the ai-edge-litert 2.3.0 wheel, whose libLiteRt.so
// ships without headers. The functions are never linked: they are only
// given types here (decltype) and resolved with dlsym
// (src/runtime_library.h). Signatures change between LiteRT releases, so a
// new pin means re-reading the C API of that version; cmake checks that each
// name in litert_symbols.def is exported, the tests that the calls work.
#ifndef WASI_NN_LITERT_C_API_H
#define WASI_NN_LITERT_C_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int LiteRtStatus; // an enum in LiteRT; 0 is success
enum { kLiteRtStatusOk = 0 };

typedef struct LiteRtEnvironmentT *LiteRtEnvironment;
typedef struct LiteRtModelT *LiteRtModel;
typedef struct LiteRtSubgraphT *LiteRtSubgraph;
typedef struct LiteRtTensorT *LiteRtTensor;
typedef struct LiteRtOptionsT *LiteRtOptions;
typedef struct LiteRtCompiledModelT *LiteRtCompiledModel;
typedef struct LiteRtTensorBufferT *LiteRtTensorBuffer;
struct LiteRtEnvOption; // environment options; this backend passes none

typedef size_t LiteRtParamIndex;
typedef int LiteRtHwAcceleratorSet; // bit set
enum { kLiteRtHwAcceleratorCpu = 1 };

typedef enum { kLiteRtRankedTensorType = 0, kLiteRtUnrankedTensorType = 1 } LiteRtTensorTypeId;

// The element types this backend maps to wasi_nn tensor types (TfLiteType
// numbering).
enum {
  kLiteRtElementTypeFloat32 = 1,
  kLiteRtElementTypeInt32 = 2,
  kLiteRtElementTypeUInt8 = 3,
  kLiteRtElementTypeInt64 = 4,
  kLiteRtElementTypeFloat16 = 10,
};

#define WASI_NN_LITERT_MAX_RANK 8
typedef struct {
  unsigned int rank : 7;
  unsigned int has_strides : 1;
  int32_t dimensions[WASI_NN_LITERT_MAX_RANK]; // < 0: dynamic
  uint32_t strides[WASI_NN_LITERT_MAX_RANK];
} LiteRtLayout;

typedef struct {
  int element_type;
  LiteRtLayout layout;
} LiteRtRankedTensorType;

// Host buffers handed to LiteRtCreateTensorBufferFromHostMemory must be
// aligned to this many bytes.
#define WASI_NN_LITERT_HOST_ALIGNMENT 64
typedef void (*LiteRtHostMemoryDeallocator)(void *addr);

LiteRtStatus LiteRtCreateEnvironment(int num_options, const struct LiteRtEnvOption *options,
                                     LiteRtEnvironment *environment);

// The buffer must outlive the model.
LiteRtStatus LiteRtCreateModelFromBuffer(LiteRtEnvironment environment, const void *buffer,
                                         size_t size, LiteRtModel *model);
void LiteRtDestroyModel(LiteRtModel model);
LiteRtStatus LiteRtGetMainModelSubgraphIndex(LiteRtModel model, LiteRtParamIndex *index);
LiteRtStatus LiteRtGetModelSubgraph(LiteRtModel model, LiteRtParamIndex index,
                                    LiteRtSubgraph *subgraph);
LiteRtStatus LiteRtGetNumSubgraphInputs(LiteRtSubgraph subgraph, LiteRtParamIndex *count);
LiteRtStatus LiteRtGetSubgraphInput(LiteRtSubgraph subgraph, LiteRtParamIndex index,
                                    LiteRtTensor *tensor);
LiteRtStatus LiteRtGetNumSubgraphOutputs(LiteRtSubgraph subgraph, LiteRtParamIndex *count);
LiteRtStatus LiteRtGetSubgraphOutput(LiteRtSubgraph subgraph, LiteRtParamIndex index,
                                     LiteRtTensor *tensor);
LiteRtStatus LiteRtGetTensorTypeId(LiteRtTensor tensor, LiteRtTensorTypeId *type_id);
LiteRtStatus LiteRtGetRankedTensorType(LiteRtTensor tensor, LiteRtRankedTensorType *type);

LiteRtStatus LiteRtCreateOptions(LiteRtOptions *options);
void LiteRtDestroyOptions(LiteRtOptions options);
LiteRtStatus LiteRtSetOptionsHardwareAccelerators(LiteRtOptions options,
                                                  LiteRtHwAcceleratorSet accelerators);

LiteRtStatus LiteRtCreateCompiledModel(LiteRtEnvironment environment, LiteRtModel model,
                                       LiteRtOptions options, LiteRtCompiledModel *compiled);
void LiteRtDestroyCompiledModel(LiteRtCompiledModel compiled);
LiteRtStatus LiteRtRunCompiledModel(LiteRtCompiledModel compiled, LiteRtParamIndex signature,
                                    size_t input_count, LiteRtTensorBuffer *inputs,
                                    size_t output_count, LiteRtTensorBuffer *outputs);

// A NULL deallocator leaves the host memory to the caller.
LiteRtStatus LiteRtCreateTensorBufferFromHostMemory(const LiteRtRankedTensorType *type,
                                                    void *host, size_t size,
                                                    LiteRtHostMemoryDeallocator deallocator,
                                                    LiteRtTensorBuffer *buffer);
void LiteRtDestroyTensorBuffer(LiteRtTensorBuffer buffer);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // WASI_NN_LITERT_C_API_H
