/*
 * One TLS connection over a connected non-blocking socket, driven with
 * bounded waits: handshake, sending the request bytes, reading the reply.
 */
#ifndef HTTPSREQ_TLS_SESSION_H
#define HTTPSREQ_TLS_SESSION_H

#include "httpsreq_errors.h"
#include "socket_wait.h"
#include <wasmedge/plugin_support.h>
#include "tls_context.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Creates the SSL object for `fd` and completes the handshake before
 * `bound` expires. The server is authenticated as `host` unless the context
 * is insecure: a DNS name is checked against the certificate's DNS names
 * and sent as SNI; an IP literal is checked against its IP addresses (and
 * not sent as SNI, RFC 6066 §3). On success *ssl_out owns the SSL (free it
 * with SSL_free; the socket stays the caller's). Failures:
 * HTTPSREQ_ERR_CERTIFICATE, HTTPSREQ_ERR_TLS_HANDSHAKE,
 * bound->code, HTTPSREQ_ERR_NO_RESOURCES.
 */
httpsreq_error tls_session_open(const tls_context *tls, bool insecure, int fd,
                                const char *host, const wait_bound *bound,
                                SSL **ssl_out, httpsreq_failure *failure);

/* Sends all `len` bytes; each wait for the socket may last `timeout_ms`,
 * and none goes past the whole request's bound `request`.
 * Failures: HTTPSREQ_ERR_WRITE, HTTPSREQ_ERR_READ_TIMEOUT, request->code. */
httpsreq_error tls_session_write(SSL *ssl, int fd, const uint8_t *data,
                                 size_t len, uint32_t timeout_ms,
                                 const wait_bound *request,
                                 httpsreq_failure *failure);

/*
 * Appends everything the server sends to `out` until it closes the
 * connection (with or without close_notify). Each wait for data may last
 * `timeout_ms`, and none goes past `request`, so a server that sends one
 * byte at a time cannot hold the call longer than the whole request's
 * limit. Failures: HTTPSREQ_ERR_READ, HTTPSREQ_ERR_READ_TIMEOUT,
 * request->code, HTTPSREQ_ERR_TOO_LARGE (more than `limit` bytes),
 * HTTPSREQ_ERR_NO_RESOURCES.
 */
httpsreq_error tls_session_read_all(SSL *ssl, int fd, uint32_t timeout_ms,
                                    const wait_bound *request, uint64_t limit,
                                    wpl_buffer *out,
                                    httpsreq_failure *failure);

#endif /* HTTPSREQ_TLS_SESSION_H */
