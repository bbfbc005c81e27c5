/*
 * Name resolution and a bounded TCP connect: the first step of a request.
 */
#ifndef HTTPSREQ_TCP_CONNECT_H
#define HTTPSREQ_TCP_CONNECT_H

#include "httpsreq_errors.h"
#include "socket_wait.h"

#include <stdint.h>

/*
 * Resolves `host` (IPv4 and IPv6, in the resolver's order) and connects to
 * the first address that accepts before `bound` expires. Returns a
 * connected, non-blocking, close-on-exec socket,
 * or -1 with `failure` set to one of:
 *   HTTPSREQ_ERR_RESOLVE          the name does not resolve
 *   HTTPSREQ_ERR_CONNECT          every address refused or was unreachable
 *   bound->code                   the bound expired while connecting
 *                                 (connect-timeout or request-timeout)
 *   HTTPSREQ_ERR_NO_RESOURCES     out of memory or file descriptors
 * Name resolution itself uses the system resolver and its own timeouts; a
 * bound that expired meanwhile is reported before any connect.
 */
int tcp_connect(const char *host, uint16_t port, const wait_bound *bound,
                httpsreq_failure *failure);

#endif /* HTTPSREQ_TCP_CONNECT_H */
