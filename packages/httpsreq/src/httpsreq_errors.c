/* Failure kinds and their codes: see httpsreq_errors.h. */
#include "httpsreq_errors.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* One row per code; README.md "Error codes" says the same for users. */
static const struct {
  httpsreq_error code;
  const char *name;
} error_table[] = {
    {HTTPSREQ_ERR_BAD_RANGE, "bad-range"},
    {HTTPSREQ_ERR_BAD_ARGUMENT, "bad-argument"},
    {HTTPSREQ_ERR_RESOLVE, "resolve-failed"},
    {HTTPSREQ_ERR_CONNECT, "connect-failed"},
    {HTTPSREQ_ERR_CONNECT_TIMEOUT, "connect-timeout"},
    {HTTPSREQ_ERR_TLS_HANDSHAKE, "tls-handshake-failed"},
    {HTTPSREQ_ERR_CERTIFICATE, "certificate-rejected"},
    {HTTPSREQ_ERR_WRITE, "write-failed"},
    {HTTPSREQ_ERR_READ, "read-failed"},
    {HTTPSREQ_ERR_READ_TIMEOUT, "read-timeout"},
    {HTTPSREQ_ERR_TOO_LARGE, "response-too-large"},
    {HTTPSREQ_ERR_NO_RESOURCES, "out-of-resources"},
    {HTTPSREQ_ERR_CA_FILE, "ca-file-unusable"},
    {HTTPSREQ_ERR_REQUEST_TIMEOUT, "request-timeout"},
};

/* Host errnos that mean the host, not the peer, ran out of something. */
static const int resource_errnos[] = {EMFILE, ENFILE, ENOBUFS, ENOMEM};

const char *httpsreq_error_name(httpsreq_error code) {
  for (size_t i = 0; i < sizeof(error_table) / sizeof(error_table[0]); ++i) {
    if (error_table[i].code == code) {
      return error_table[i].name;
    }
  }
  return "unknown";
}

WasmEdge_Result httpsreq_error_result(httpsreq_error code) {
  return WasmEdge_ResultGen(WasmEdge_ErrCategory_UserLevelError,
                            (uint32_t)code);
}

httpsreq_error httpsreq_error_from_errno(int err, httpsreq_error fallback,
                                         httpsreq_error timeout_code) {
  for (size_t i = 0; i < sizeof(resource_errnos) / sizeof(resource_errnos[0]);
       ++i) {
    if (resource_errnos[i] == err) {
      return HTTPSREQ_ERR_NO_RESOURCES;
    }
  }
  return err == ETIMEDOUT ? timeout_code : fallback;
}

httpsreq_error httpsreq_fail(httpsreq_failure *failure, httpsreq_error code,
                             const char *format, ...) {
  failure->code = code;
  va_list args;
  va_start(args, format);
  vsnprintf(failure->detail, sizeof(failure->detail), format, args);
  va_end(args);
  return code;
}

const char *httpsreq_errno_text(int err, char *buffer, size_t size) {
  /* GNU strerror_r (we build with _GNU_SOURCE) may return a static text
   * instead of filling the buffer. */
  return strerror_r(err, buffer, size);
}
