/*
 * The 11 host functions of wasmedge_process and their registration table.
 * Behaviour, results and errors of each are listed in process_plugin.c.
 *
 * Common rules:
 *  - state NULL (Create ran out of memory) -> trap (HostFuncError);
 *  - functions that touch guest memory trap when the caller has no
 *    memory 0, as upstream;
 *  - every guest (ptr, len) goes through the plugin_support bounds checks;
 *    a bad input range is recorded in the state and reported by the next
 *    run, because these imports return nothing;
 *  - each call holds the instance lock (guest threads may share it).
 */
#include "process_functions.h"

#include "process_run.h"
#include "process_state.h"

#include <stdlib.h>
#include <string.h>

/* Returned when the instance has no state (Create ran out of memory). */
#define PROCESS_RESULT_NO_STATE                                                \
  WasmEdge_ResultGen(WasmEdge_ErrCategory_WASM, WasmEdge_ErrCode_HostFuncError)

static const char OUTSIDE_MEMORY[] = "is outside guest memory";
static const char HAS_NUL[] = "contains a NUL byte";
static const char NO_HOST_MEMORY[] = "could not be stored (out of memory)";

static const char *problem_of(wpl_string_status status) {
  switch (status) {
  case WPL_STRING_OUT_OF_BOUNDS: return OUTSIDE_MEMORY;
  case WPL_STRING_EMBEDDED_NUL: return HAS_NUL;
  default: return NO_HOST_MEMORY;
  }
}

/* set_prog_name(name_ptr, name_len): appends to the program name. */
static void set_prog_name(process_state *st,
                          const WasmEdge_MemoryInstanceContext *mem,
                          uint32_t ptr, uint32_t len) {
  const uint8_t *bytes = wpl_guest_span_const(mem, ptr, len);
  const char *problem = NULL;
  char limit[160];
  if (bytes == NULL) {
    problem = OUTSIDE_MEMORY;
  } else if (!process_state_admit_input(st, len)) {
    problem = process_state_input_limit_problem(st, limit, sizeof(limit));
  } else if (len > 0 && memchr(bytes, '\0', len) != NULL) {
    problem = HAS_NUL;
  } else if (!process_state_append_name(st, bytes, len)) {
    problem = NO_HOST_MEMORY;
  }
  if (problem != NULL) {
    process_state_record_input_error(st, "set_prog_name", "program name", ptr,
                                     len, problem);
  }
}

/* add_arg(arg_ptr, arg_len): appends one argument. */
static void add_arg(process_state *st,
                    const WasmEdge_MemoryInstanceContext *mem, uint32_t ptr,
                    uint32_t len) {
  if (!process_state_admit_input(st, len)) {
    char limit[160];
    process_state_record_input_error(
        st, "add_arg", "argument", ptr, len,
        process_state_input_limit_problem(st, limit, sizeof(limit)));
    return;
  }
  wpl_string_status status;
  char *arg = wpl_guest_strdup(mem, ptr, len, &status);
  if (arg != NULL && !process_state_add_arg(st, arg)) {
    free(arg);
    arg = NULL;
    status = WPL_STRING_NO_MEMORY;
  }
  if (arg == NULL) {
    process_state_record_input_error(st, "add_arg", "argument", ptr, len,
                                     problem_of(status));
  }
}

/* add_env(name_ptr, name_len, val_ptr, val_len): NAME=VALUE, first wins. */
static void add_env(process_state *st,
                    const WasmEdge_MemoryInstanceContext *mem,
                    const WasmEdge_Value *params) {
  WPL_ARGS(params);
  WPL_ARG_U32(name_ptr);
  WPL_ARG_U32(name_len);
  WPL_ARG_U32(val_ptr);
  WPL_ARG_U32(val_len);
  if (!process_state_admit_input(st, name_len) ||
      !process_state_admit_input(st, val_len)) {
    char limit[160];
    process_state_record_input_error(
        st, "add_env", "variable", name_ptr, name_len,
        process_state_input_limit_problem(st, limit, sizeof(limit)));
    return;
  }
  wpl_string_status status;
  char *name = wpl_guest_strdup(mem, name_ptr, name_len, &status);
  if (name == NULL) {
    process_state_record_input_error(st, "add_env", "variable name", name_ptr,
                                     name_len, problem_of(status));
    return;
  }
  char *value = wpl_guest_strdup(mem, val_ptr, val_len, &status);
  if (value == NULL) {
    process_state_record_input_error(st, "add_env", "variable value", val_ptr,
                                     val_len, problem_of(status));
  } else if (!process_state_add_env(st, name, value)) {
    process_state_record_input_error(st, "add_env", "variable", name_ptr,
                                     name_len, NO_HOST_MEMORY);
  }
  free(name);
  free(value);
}

/* add_stdin(buf_ptr, buf_len): appends bytes for the child's stdin. */
static void add_stdin(process_state *st,
                      const WasmEdge_MemoryInstanceContext *mem, uint32_t ptr,
                      uint32_t len) {
  const uint8_t *bytes = wpl_guest_span_const(mem, ptr, len);
  const char *problem = NULL;
  char limit[160];
  if (bytes == NULL) {
    problem = OUTSIDE_MEMORY;
  } else if (!process_state_admit_input(st, len)) {
    problem = process_state_input_limit_problem(st, limit, sizeof(limit));
  } else if (!wpl_buffer_append(&st->stdin_bytes, bytes, len)) {
    problem = NO_HOST_MEMORY;
  }
  if (problem != NULL) {
    process_state_record_input_error(st, "add_stdin", "input", ptr, len,
                                     problem);
  }
}

/* Shared shape of the four input functions: (state, memory, params). */
typedef enum input_kind { PROG_NAME, ARG, ENV, STDIN } input_kind;

static WasmEdge_Result take_input(void *data,
                                  const WasmEdge_CallingFrameContext *frame,
                                  const WasmEdge_Value *params,
                                  input_kind kind) {
  process_state *st = data;
  if (st == NULL) {
    return PROCESS_RESULT_NO_STATE;
  }
  const WasmEdge_MemoryInstanceContext *mem = wpl_caller_memory(frame);
  if (mem == NULL) {
    return WPL_RESULT_NO_MEMORY;
  }
  WPL_ARGS(params);
  WPL_ARG_U32(ptr); /* add_env reads its four arguments itself */
  WPL_ARG_U32(len);
  pthread_mutex_lock(&st->lock);
  if (!st->has_input_error) { /* the run is void already: store nothing */
    switch (kind) {
    case PROG_NAME: set_prog_name(st, mem, ptr, len); break;
    case ARG: add_arg(st, mem, ptr, len); break;
    case ENV: add_env(st, mem, params); break;
    case STDIN: add_stdin(st, mem, ptr, len); break;
    }
  }
  pthread_mutex_unlock(&st->lock);
  return WasmEdge_Result_Success;
}

static WasmEdge_Result wasmedge_process_set_prog_name(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)returns;
  return take_input(data, frame, params, PROG_NAME);
}

static WasmEdge_Result wasmedge_process_add_arg(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)returns;
  return take_input(data, frame, params, ARG);
}

static WasmEdge_Result wasmedge_process_add_env(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)returns;
  return take_input(data, frame, params, ENV);
}

static WasmEdge_Result wasmedge_process_add_stdin(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)returns;
  return take_input(data, frame, params, STDIN);
}

static WasmEdge_Result wasmedge_process_set_timeout(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)frame;
  (void)returns;
  WPL_ARGS(params);
  WPL_ARG_U32(timeout_ms);
  process_state *st = data;
  if (st == NULL) {
    return PROCESS_RESULT_NO_STATE;
  }
  pthread_mutex_lock(&st->lock);
  st->timeout_ms = timeout_ms;
  pthread_mutex_unlock(&st->lock);
  return WasmEdge_Result_Success;
}

static WasmEdge_Result wasmedge_process_run(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)frame;
  (void)params;
  process_state *st = data;
  if (st == NULL) {
    return PROCESS_RESULT_NO_STATE;
  }
  pthread_mutex_lock(&st->lock);
  int32_t code = process_run(st);
  pthread_mutex_unlock(&st->lock);
  wpl_return_i32(returns, 0, code);
  return WasmEdge_Result_Success;
}

/* Which stored result a query function reads. */
typedef enum result_field { EXIT_CODE, STDOUT_LEN, STDERR_LEN } result_field;

static WasmEdge_Result read_result(void *data, WasmEdge_Value *returns,
                                   result_field field) {
  process_state *st = data;
  if (st == NULL) {
    return PROCESS_RESULT_NO_STATE;
  }
  pthread_mutex_lock(&st->lock);
  int32_t value = field == EXIT_CODE    ? st->exit_code
                  : field == STDOUT_LEN ? (int32_t)(uint32_t)st->out.len
                                        : (int32_t)(uint32_t)st->err.len;
  pthread_mutex_unlock(&st->lock);
  wpl_return_i32(returns, 0, value);
  return WasmEdge_Result_Success;
}

static WasmEdge_Result wasmedge_process_get_exit_code(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)frame;
  (void)params;
  return read_result(data, returns, EXIT_CODE);
}

static WasmEdge_Result wasmedge_process_get_stdout_len(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)frame;
  (void)params;
  return read_result(data, returns, STDOUT_LEN);
}

static WasmEdge_Result wasmedge_process_get_stderr_len(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)frame;
  (void)params;
  return read_result(data, returns, STDERR_LEN);
}

/* Copies a whole capture to guest [buf_ptr, buf_ptr + len); an
 * out-of-bounds buffer gets nothing, silently, as upstream. */
static WasmEdge_Result copy_capture(void *data,
                                    const WasmEdge_CallingFrameContext *frame,
                                    const WasmEdge_Value *params,
                                    bool stdout_side) {
  WPL_ARGS(params);
  WPL_ARG_U32(buf_ptr);
  process_state *st = data;
  if (st == NULL) {
    return PROCESS_RESULT_NO_STATE;
  }
  WasmEdge_MemoryInstanceContext *mem = wpl_caller_memory(frame);
  if (mem == NULL) {
    return WPL_RESULT_NO_MEMORY;
  }
  pthread_mutex_lock(&st->lock);
  const wpl_buffer *capture = stdout_side ? &st->out : &st->err;
  (void)wpl_guest_write(mem, buf_ptr, (uint32_t)capture->len,
                        capture->data, capture->len);
  pthread_mutex_unlock(&st->lock);
  return WasmEdge_Result_Success;
}

static WasmEdge_Result wasmedge_process_get_stdout(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)returns;
  return copy_capture(data, frame, params, true);
}

static WasmEdge_Result wasmedge_process_get_stderr(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)returns;
  return copy_capture(data, frame, params, false);
}

/* One row per wasm import: name (= callback), params, results. */
const wpl_host_function process_host_functions[] = {
    WPL_FUNCTION(wasmedge_process_set_prog_name,  "ii",   ""),
    WPL_FUNCTION(wasmedge_process_add_arg,        "ii",   ""),
    WPL_FUNCTION(wasmedge_process_add_env,        "iiii", ""),
    WPL_FUNCTION(wasmedge_process_add_stdin,      "ii",   ""),
    WPL_FUNCTION(wasmedge_process_set_timeout,    "i",    ""),
    WPL_FUNCTION(wasmedge_process_run,            "",     "i"),
    WPL_FUNCTION(wasmedge_process_get_exit_code,  "",     "i"),
    WPL_FUNCTION(wasmedge_process_get_stdout_len, "",     "i"),
    WPL_FUNCTION(wasmedge_process_get_stdout,     "i",    ""),
    WPL_FUNCTION(wasmedge_process_get_stderr_len, "",     "i"),
    WPL_FUNCTION(wasmedge_process_get_stderr,     "i",    ""),
};
const size_t process_host_function_count =
    sizeof(process_host_functions) / sizeof(process_host_functions[0]);
