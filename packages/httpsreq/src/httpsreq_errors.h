/*
 * The failure kinds of wasmedge_httpsreq: the one table that gives each a
 * code, a short name and what it means. The interface has no error channel
 * (the three imports return nothing useful on failure), so a failure is a
 * trap with the user-level result WasmEdge_ResultGen(UserLevelError, code),
 * i.e. 0x01000000 + code as a 32-bit result code. README.md lists the same
 * table for users.
 */
#ifndef HTTPSREQ_ERRORS_H
#define HTTPSREQ_ERRORS_H

#include <wasmedge/wasmedge.h>

typedef enum httpsreq_error {
  HTTPSREQ_OK = 0,
  HTTPSREQ_ERR_BAD_RANGE = 1,
  HTTPSREQ_ERR_BAD_ARGUMENT = 2,
  HTTPSREQ_ERR_RESOLVE = 3,
  HTTPSREQ_ERR_CONNECT = 4,
  HTTPSREQ_ERR_CONNECT_TIMEOUT = 5,
  HTTPSREQ_ERR_TLS_HANDSHAKE = 6,
  HTTPSREQ_ERR_CERTIFICATE = 7,
  HTTPSREQ_ERR_WRITE = 8,
  HTTPSREQ_ERR_READ = 9,
  HTTPSREQ_ERR_READ_TIMEOUT = 10,
  HTTPSREQ_ERR_TOO_LARGE = 11,
  HTTPSREQ_ERR_NO_RESOURCES = 12,
  HTTPSREQ_ERR_CA_FILE = 13,
  HTTPSREQ_ERR_REQUEST_TIMEOUT = 14
} httpsreq_error;

/* What went wrong in one call: the code the guest sees, and a sentence for
 * the diagnostic line on stderr (what, where, and the underlying cause). */
typedef struct httpsreq_failure {
  httpsreq_error code;
  char detail[320];
} httpsreq_failure;

/* Short stable name of a code, e.g. "connect-timeout"; "unknown" otherwise. */
const char *httpsreq_error_name(httpsreq_error code);

/* The trap result for a code: WasmEdge_ResultGen(UserLevelError, code). */
WasmEdge_Result httpsreq_error_result(httpsreq_error code);

/* Maps a host errno seen while connecting, reading or writing to a code;
 * errnos that mean "the host ran out of something" give
 * HTTPSREQ_ERR_NO_RESOURCES, ETIMEDOUT gives `timeout_code`, and everything
 * else gives `fallback`. */
httpsreq_error httpsreq_error_from_errno(int err, httpsreq_error fallback,
                                         httpsreq_error timeout_code);

/* Fills `failure` (printf-style detail) and returns `code`. */
httpsreq_error httpsreq_fail(httpsreq_failure *failure, httpsreq_error code,
                             const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Text of an errno value, thread-safe. */
const char *httpsreq_errno_text(int err, char *buffer, size_t size);

#endif /* HTTPSREQ_ERRORS_H */
