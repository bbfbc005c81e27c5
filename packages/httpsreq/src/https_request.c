/* One whole request: see https_request.h. */
#include "https_request.h"

#include "socket_wait.h"
#include "tcp_connect.h"
#include "tls_session.h"

#include <openssl/err.h>
#include <stdio.h>
#include <unistd.h>

httpsreq_error https_request(tls_context *tls, const httpsreq_config *config,
                             const char *host, uint16_t port,
                             const uint8_t *body, size_t body_len,
                             wpl_buffer *response,
                             httpsreq_failure *failure) {
  httpsreq_error code = tls_context_prepare(tls, config, failure);
  if (code != HTTPSREQ_OK) {
    return code;
  }
  if (config->insecure) {
    /* Said at every request, so it cannot go unnoticed in a long log. */
    fprintf(stderr,
            "wasmedge_httpsreq: warning: --https-insecure is set: the "
            "certificate of %s:%u is not verified\n",
            host, (unsigned)port);
  }
  /* Every wait below is bounded by the whole request's deadline as well
   * as its step's own timeout: a server that trickles bytes, each within
   * the read timeout, still cannot hold the call past the deadline. */
  const wait_bound request = wait_bound_from_now(
      config->request_timeout_ms, HTTPSREQ_ERR_REQUEST_TIMEOUT);
  const wait_bound connecting = wait_bound_earlier(
      wait_bound_from_now(config->connect_timeout_ms,
                          HTTPSREQ_ERR_CONNECT_TIMEOUT),
      request);
  int fd = tcp_connect(host, port, &connecting, failure);
  if (fd < 0) {
    return failure->code;
  }
  SSL *ssl = NULL;
  code = tls_session_open(tls, config->insecure, fd, host, &connecting, &ssl,
                          failure);
  if (code == HTTPSREQ_OK) {
    code = tls_session_write(ssl, fd, body, body_len, config->read_timeout_ms,
                             &request, failure);
  }
  if (code == HTTPSREQ_OK) {
    code = tls_session_read_all(ssl, fd, config->read_timeout_ms, &request,
                                config->max_response_bytes, response,
                                failure);
  }
  SSL_free(ssl); /* frees the BIO too; the socket is ours to close */
  close(fd);
  /* The queue is per thread and, when the host itself uses OpenSSL, shared
   * with it: leave nothing behind. */
  ERR_clear_error();
  return code;
}
