/*
 * The OpenSSL objects of one module instance, built at its first request
 * (Create stays cheap: it runs for every VM even when the guest never
 * imports this module) and reused by every later request.
 */
#ifndef HTTPSREQ_TLS_CONTEXT_H
#define HTTPSREQ_TLS_CONTEXT_H

#include "httpsreq_config.h"
#include "httpsreq_errors.h"

#include <openssl/ssl.h>

typedef struct tls_context {
  SSL_CTX *ctx;           /* NULL until the first request */
  BIO_METHOD *bio_method; /* socket_bio.h */
} tls_context;

/*
 * Builds the context on first use: TLS 1.2 or newer; unless
 * `config->insecure`, peer verification against the system trust store
 * plus the configured CA files. A failure is not remembered, so the next
 * request tries again. Returns HTTPSREQ_OK, HTTPSREQ_ERR_CA_FILE (a CA file
 * is unreadable, not PEM certificates, or its name has a NUL byte) or
 * HTTPSREQ_ERR_NO_RESOURCES.
 */
httpsreq_error tls_context_prepare(tls_context *tls,
                                   const httpsreq_config *config,
                                   httpsreq_failure *failure);

void tls_context_release(tls_context *tls);

/* Appends OpenSSL's queued error texts (or "no details") to `out`, and
 * empties the queue. */
void tls_describe_errors(char *out, size_t size);

#endif /* HTTPSREQ_TLS_CONTEXT_H */
