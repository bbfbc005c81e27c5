/*
 * The three host functions of wasmedge_httpsreq and their registration
 * table. Behaviour, results and error codes are listed in httpsreq_plugin.c.
 *
 * Common rules:
 *  - a caller without memory 0 gets HostFuncError (0x040E), as upstream
 *    (get_rcv_len needs no memory);
 *  - every guest (ptr, len) is checked whole with the plugin_support span
 *    helpers before it is read or written;
 *  - a failure traps with the user-level code of httpsreq_errors.h and,
 *    unless --https-quiet, prints one line on stderr saying why;
 *  - each call holds the instance lock (guest threads may share it).
 */
#include "httpsreq_functions.h"

#include "https_request.h"
#include "httpsreq_errors.h"
#include "httpsreq_state.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest DNS name (RFC 1035) and therefore longest SNI name we send. */
enum { HOST_NAME_MAX_BYTES = 253 };

static void report(const httpsreq_state *st, const char *call,
                   const httpsreq_failure *failure) {
  if (st != NULL && st->config.quiet) {
    return;
  }
  fprintf(stderr, "wasmedge_httpsreq: %s failed with error %d (%s): %s\n",
          call, (int)failure->code, httpsreq_error_name(failure->code),
          failure->detail);
}

/* The state is NULL only when Create ran out of memory. */
static WasmEdge_Result no_state(const char *call) {
  httpsreq_failure failure;
  httpsreq_fail(&failure, HTTPSREQ_ERR_NO_RESOURCES,
                "the module state could not be allocated when the module "
                "was created");
  report(NULL, call, &failure);
  return httpsreq_error_result(failure.code);
}

/* Copies the guest's host name as a C string. Accepted: 1 to 253 bytes
 * without NUL, optionally followed by one NUL (C guests passing sizeof) and
 * optionally in [brackets] (an IPv6 literal as written in URLs). */
static httpsreq_error copy_host(const uint8_t *bytes, uint32_t len,
                                char **out, httpsreq_failure *failure) {
  *out = NULL;
  if (len > 0 && bytes[len - 1] == '\0') {
    --len;
  }
  bool bracketed = len >= 2 && bytes[0] == '[' && bytes[len - 1] == ']';
  if (bracketed) {
    ++bytes;
    len -= 2;
  }
  if (len == 0 || len > HOST_NAME_MAX_BYTES) {
    return httpsreq_fail(failure, HTTPSREQ_ERR_BAD_ARGUMENT,
                         "the host name is %u bytes long (1 to %d allowed)",
                         (unsigned)len, HOST_NAME_MAX_BYTES);
  }
  const uint8_t *nul = memchr(bytes, '\0', len);
  if (nul != NULL) {
    return httpsreq_fail(failure, HTTPSREQ_ERR_BAD_ARGUMENT,
                         "the host name contains a NUL byte at offset %td",
                         nul - bytes);
  }
  char *host = malloc((size_t)len + 1);
  if (host == NULL) {
    return httpsreq_fail(failure, HTTPSREQ_ERR_NO_RESOURCES,
                         "out of memory copying the host name");
  }
  memcpy(host, bytes, len);
  host[len] = '\0';
  struct in6_addr address;
  if (bracketed && inet_pton(AF_INET6, host, &address) != 1) {
    httpsreq_fail(failure, HTTPSREQ_ERR_BAD_ARGUMENT,
                  "\"[%s]\" is not an IPv6 address in brackets", host);
    free(host);
    return failure->code;
  }
  *out = host;
  return HTTPSREQ_OK;
}

/* send_data's checks, then the request; fills st->received on success.
 * `call` becomes "send_data to HOST:PORT" once the host is known, for the
 * diagnostic line. */
static httpsreq_error send_request(httpsreq_state *st,
                                   const WasmEdge_MemoryInstanceContext *mem,
                                   const WasmEdge_Value *params,
                                   char *call, size_t call_size,
                                   httpsreq_failure *failure) {
  WPL_ARGS(params);
  WPL_ARG_U32(host_ptr);
  WPL_ARG_U32(host_len);
  WPL_ARG_U32(port);
  WPL_ARG_U32(body_ptr);
  WPL_ARG_U32(body_len);
  const uint8_t *host_bytes = wpl_guest_span_const(mem, host_ptr, host_len);
  if (host_bytes == NULL) {
    return httpsreq_fail(failure, HTTPSREQ_ERR_BAD_RANGE,
                         "host range [ptr=%u, len=%u] is outside guest "
                         "memory", (unsigned)host_ptr, (unsigned)host_len);
  }
  const uint8_t *body = wpl_guest_span_const(mem, body_ptr, body_len);
  if (body == NULL) {
    return httpsreq_fail(failure, HTTPSREQ_ERR_BAD_RANGE,
                         "body range [ptr=%u, len=%u] is outside guest "
                         "memory", (unsigned)body_ptr, (unsigned)body_len);
  }
  if (port == 0 || port > 65535) {
    return httpsreq_fail(failure, HTTPSREQ_ERR_BAD_ARGUMENT,
                         "port %u is not between 1 and 65535",
                         (unsigned)port);
  }
  char *host = NULL;
  httpsreq_error code = copy_host(host_bytes, host_len, &host, failure);
  if (code == HTTPSREQ_OK) {
    snprintf(call, call_size, "send_data to %s:%u", host, (unsigned)port);
    code = https_request(&st->tls, &st->config, host, (uint16_t)port, body,
                         body_len, &st->received, failure);
  }
  free(host);
  return code;
}

/* send_data(host_ptr, host_len, port, body_ptr, body_len) */
static WasmEdge_Result wasmedge_httpsreq_send_data(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)returns;
  httpsreq_state *st = data;
  if (st == NULL) {
    return no_state("send_data");
  }
  const WasmEdge_MemoryInstanceContext *mem = wpl_caller_memory(frame);
  if (mem == NULL) {
    return WPL_RESULT_NO_MEMORY;
  }
  httpsreq_failure failure = {HTTPSREQ_OK, ""};
  char call[300] = "send_data";
  pthread_mutex_lock(&st->lock);
  /* A failure leaves no data behind: stale bytes from an earlier request
   * must not pass for this one's reply. */
  wpl_buffer_release(&st->received);
  httpsreq_error code =
      send_request(st, mem, params, call, sizeof(call), &failure);
  if (code != HTTPSREQ_OK) {
    wpl_buffer_release(&st->received);
    report(st, call, &failure);
  }
  pthread_mutex_unlock(&st->lock);
  return code == HTTPSREQ_OK ? WasmEdge_Result_Success
                             : httpsreq_error_result(code);
}

/* get_rcv(buf_ptr): copies the whole received data to [buf_ptr, +len). */
static WasmEdge_Result wasmedge_httpsreq_get_rcv(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)returns;
  httpsreq_state *st = data;
  if (st == NULL) {
    return no_state("get_rcv");
  }
  WasmEdge_MemoryInstanceContext *mem = wpl_caller_memory(frame);
  if (mem == NULL) {
    return WPL_RESULT_NO_MEMORY;
  }
  WPL_ARGS(params);
  WPL_ARG_U32(buf_ptr);
  httpsreq_error code = HTTPSREQ_OK;
  pthread_mutex_lock(&st->lock);
  /* The limit keeps len within uint32_t (httpsreq_config.c). */
  uint32_t len = (uint32_t)st->received.len;
  if (wpl_guest_write(mem, buf_ptr, len, st->received.data, len) < 0) {
    httpsreq_failure failure;
    code = httpsreq_fail(&failure, HTTPSREQ_ERR_BAD_RANGE,
                         "buffer [ptr=%u, len=%u] is outside guest memory; "
                         "nothing was copied", (unsigned)buf_ptr,
                         (unsigned)len);
    report(st, "get_rcv", &failure);
  }
  pthread_mutex_unlock(&st->lock);
  return code == HTTPSREQ_OK ? WasmEdge_Result_Success
                             : httpsreq_error_result(code);
}

/* get_rcv_len() -> i32: bytes received by the last request. */
static WasmEdge_Result wasmedge_httpsreq_get_rcv_len(
    void *data, const WasmEdge_CallingFrameContext *frame,
    const WasmEdge_Value *params, WasmEdge_Value *returns) {
  (void)frame;
  (void)params;
  httpsreq_state *st = data;
  if (st == NULL) {
    return no_state("get_rcv_len");
  }
  pthread_mutex_lock(&st->lock);
  uint32_t len = (uint32_t)st->received.len;
  pthread_mutex_unlock(&st->lock);
  wpl_return_i32(returns, 0, (int32_t)len);
  return WasmEdge_Result_Success;
}

/* One row per wasm import: name (= callback), params, results. */
const wpl_host_function httpsreq_host_functions[] = {
    WPL_FUNCTION(wasmedge_httpsreq_send_data,   "iiiii", ""),
    WPL_FUNCTION(wasmedge_httpsreq_get_rcv,     "i",     ""),
    WPL_FUNCTION(wasmedge_httpsreq_get_rcv_len, "",      "i"),
};
const size_t httpsreq_host_function_count =
    sizeof(httpsreq_host_functions) / sizeof(httpsreq_host_functions[0]);
