/*
 * One request of wasmedge_httpsreq_send_data, from name resolution to the
 * last byte of the reply: connect (bounded by the connect timeout, which
 * also covers the TLS handshake), send the guest's bytes verbatim, read
 * until the server closes (each wait bounded by the read timeout, the total
 * by the size limit).
 */
#ifndef HTTPSREQ_HTTPS_REQUEST_H
#define HTTPSREQ_HTTPS_REQUEST_H

#include "httpsreq_config.h"
#include "httpsreq_errors.h"
#include <wasmedge/plugin_support.h>
#include "tls_context.h"

#include <stddef.h>
#include <stdint.h>

/* Appends the raw reply to `response` (which the caller empties first).
 * Returns HTTPSREQ_OK or the failure's code; every resource taken here is
 * released on every path, and OpenSSL's error queue is left empty. */
httpsreq_error https_request(tls_context *tls, const httpsreq_config *config,
                             const char *host, uint16_t port,
                             const uint8_t *body, size_t body_len,
                             wpl_buffer *response,
                             httpsreq_failure *failure);

#endif /* HTTPSREQ_HTTPS_REQUEST_H */
