/*
 * An OpenSSL BIO over a non-blocking socket that never raises SIGPIPE.
 *
 * OpenSSL's own socket BIO writes with write(2): a server that has closed
 * its end makes the next write raise SIGPIPE, whose default action kills
 * the host (the wasmedge CLI does not ignore it). This BIO sends with
 * MSG_NOSIGNAL instead, so the write fails with EPIPE and becomes an error
 * code, without touching the process's signal state.
 *
 * The socket is not closed by the BIO; the caller owns it.
 */
#ifndef HTTPSREQ_SOCKET_BIO_H
#define HTTPSREQ_SOCKET_BIO_H

#include <openssl/bio.h>

/* The method table; one per module instance (freed with BIO_meth_free). */
BIO_METHOD *socket_bio_method_create(void);

/* A new BIO reading and writing `fd`, or NULL when out of memory. */
BIO *socket_bio_new(const BIO_METHOD *method, int fd);

#endif /* HTTPSREQ_SOCKET_BIO_H */
