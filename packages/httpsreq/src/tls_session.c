/* Handshake, write and read with bounded waits: see tls_session.h. */
#include "tls_session.h"

#include "socket_bio.h"
#include "socket_wait.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdio.h>

enum {
  READ_CHUNK = 16 * 1024, /* one TLS record at most */
  WRITE_CHUNK = 1 << 30   /* SSL_write takes an int length */
};

/* What a failed SSL call asks for next. */
typedef enum ssl_step {
  STEP_WAIT_READABLE,
  STEP_WAIT_WRITABLE,
  STEP_PEER_CLOSED, /* with or without close_notify */
  STEP_FAILED
} ssl_step;

/* `saved_errno` is errno right after the SSL call. */
static ssl_step classify(const SSL *ssl, int ret, int saved_errno) {
  switch (SSL_get_error(ssl, ret)) {
  case SSL_ERROR_WANT_READ: return STEP_WAIT_READABLE;
  case SSL_ERROR_WANT_WRITE: return STEP_WAIT_WRITABLE;
  case SSL_ERROR_ZERO_RETURN: return STEP_PEER_CLOSED;
  case SSL_ERROR_SYSCALL:
    /* OpenSSL 1.1 reports a TCP close without close_notify this way. */
    return ERR_peek_error() == 0 && (ret == 0 || saved_errno == 0)
               ? STEP_PEER_CLOSED
               : STEP_FAILED;
  default: return STEP_FAILED;
  }
}

/* The cause of a failed SSL call, for a diagnostic. */
static void describe_cause(int saved_errno, char *out, size_t size) {
  if (ERR_peek_error() == 0 && saved_errno != 0) {
    char text[128];
    snprintf(out, size, "%s",
             httpsreq_errno_text(saved_errno, text, sizeof(text)));
    return;
  }
  tls_describe_errors(out, size);
}

static bool is_ip_literal(const char *host) {
  unsigned char address[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, host, address) == 1 ||
         inet_pton(AF_INET6, host, address) == 1;
}

/* Who the server must prove to be, and the SNI name. */
static bool set_peer_name(SSL *ssl, const char *host, bool insecure) {
  if (is_ip_literal(host)) {
    return insecure ||
           X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1;
  }
  if (SSL_set_tlsext_host_name(ssl, host) != 1) {
    return false;
  }
  if (insecure) {
    return true;
  }
  SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  return SSL_set1_host(ssl, host) == 1;
}

static httpsreq_error handshake_failure(const SSL *ssl, const char *host,
                                        ssl_step step, int saved_errno,
                                        httpsreq_failure *failure) {
  long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    ERR_clear_error();
    return httpsreq_fail(failure, HTTPSREQ_ERR_CERTIFICATE,
                         "the certificate of \"%s\" was rejected: %s", host,
                         X509_verify_cert_error_string(verify));
  }
  if (step == STEP_PEER_CLOSED) {
    ERR_clear_error();
    return httpsreq_fail(failure, HTTPSREQ_ERR_TLS_HANDSHAKE,
                         "\"%s\" closed the connection during the TLS "
                         "handshake", host);
  }
  char why[200];
  describe_cause(saved_errno, why, sizeof(why));
  return httpsreq_fail(failure, HTTPSREQ_ERR_TLS_HANDSHAKE,
                       "the TLS handshake with \"%s\" failed: %s", host, why);
}

static httpsreq_error handshake(SSL *ssl, int fd, const char *host,
                                const wait_bound *bound,
                                httpsreq_failure *failure) {
  for (;;) {
    ERR_clear_error();
    errno = 0;
    int ret = SSL_connect(ssl);
    int saved_errno = errno;
    if (ret == 1) {
      return HTTPSREQ_OK;
    }
    ssl_step step = classify(ssl, ret, saved_errno);
    if (step == STEP_PEER_CLOSED || step == STEP_FAILED) {
      return handshake_failure(ssl, host, step, saved_errno, failure);
    }
    short events = step == STEP_WAIT_READABLE ? POLLIN : POLLOUT;
    socket_wait_status waited =
        wait_for_socket(fd, events, bound->deadline_ms);
    if (waited == SOCKET_TIMEOUT) {
      char activity[300];
      snprintf(activity, sizeof(activity),
               "connecting to \"%s\" and the TLS handshake", host);
      return wait_bound_fail(bound, activity, failure);
    }
    if (waited == SOCKET_FAILED) {
      return httpsreq_fail(failure, HTTPSREQ_ERR_TLS_HANDSHAKE,
                           "waiting for \"%s\" during the TLS handshake "
                           "failed (errno %d)", host, errno);
    }
  }
}

httpsreq_error tls_session_open(const tls_context *tls, bool insecure, int fd,
                                const char *host, const wait_bound *bound,
                                SSL **ssl_out, httpsreq_failure *failure) {
  *ssl_out = NULL;
  ERR_clear_error();
  SSL *ssl = SSL_new(tls->ctx);
  BIO *bio = ssl == NULL ? NULL : socket_bio_new(tls->bio_method, fd);
  if (bio == NULL) {
    SSL_free(ssl);
    ERR_clear_error();
    return httpsreq_fail(failure, HTTPSREQ_ERR_NO_RESOURCES,
                         "cannot create the TLS connection object");
  }
  SSL_set_bio(ssl, bio, bio); /* one reference, used for both directions */
  if (!set_peer_name(ssl, host, insecure)) {
    SSL_free(ssl);
    ERR_clear_error();
    return httpsreq_fail(failure, HTTPSREQ_ERR_NO_RESOURCES,
                         "cannot set the expected server name \"%s\"", host);
  }
  SSL_set_connect_state(ssl);
  httpsreq_error code = handshake(ssl, fd, host, bound, failure);
  if (code != HTTPSREQ_OK) {
    SSL_free(ssl);
    return code;
  }
  *ssl_out = ssl;
  return HTTPSREQ_OK;
}

/* One idle wait during write or read, bounded by the read timeout and by
 * the whole request's deadline; HTTPSREQ_OK when the socket is ready.
 * `activity` names what was going on, for the message. */
static httpsreq_error wait_idle(int fd, ssl_step step, uint32_t timeout_ms,
                                const wait_bound *request,
                                const char *activity,
                                httpsreq_error failed_code,
                                httpsreq_failure *failure) {
  short events = step == STEP_WAIT_READABLE ? POLLIN : POLLOUT;
  wait_bound bound = wait_bound_earlier(
      wait_bound_from_now(timeout_ms, HTTPSREQ_ERR_READ_TIMEOUT), *request);
  socket_wait_status waited = wait_for_socket(fd, events, bound.deadline_ms);
  if (waited == SOCKET_TIMEOUT) {
    return wait_bound_fail(&bound, activity, failure);
  }
  if (waited == SOCKET_FAILED) {
    return httpsreq_fail(failure, failed_code,
                         "waiting for the server failed (errno %d)", errno);
  }
  return HTTPSREQ_OK;
}

httpsreq_error tls_session_write(SSL *ssl, int fd, const uint8_t *data,
                                 size_t len, uint32_t timeout_ms,
                                 const wait_bound *request,
                                 httpsreq_failure *failure) {
  size_t sent = 0;
  while (sent < len) {
    size_t left = len - sent;
    int chunk = left > WRITE_CHUNK ? WRITE_CHUNK : (int)left;
    ERR_clear_error();
    errno = 0;
    int ret = SSL_write(ssl, data + sent, chunk);
    int saved_errno = errno;
    if (ret > 0) {
      sent += (size_t)ret;
      continue;
    }
    ssl_step step = classify(ssl, ret, saved_errno);
    if (step == STEP_WAIT_READABLE || step == STEP_WAIT_WRITABLE) {
      char activity[96];
      snprintf(activity, sizeof(activity),
               "sending the request (%zu of %zu bytes sent)", sent, len);
      httpsreq_error code = wait_idle(fd, step, timeout_ms, request, activity,
                                      HTTPSREQ_ERR_WRITE, failure);
      if (code != HTTPSREQ_OK) {
        return code;
      }
      continue;
    }
    char why[200];
    describe_cause(saved_errno, why, sizeof(why));
    return httpsreq_fail(failure,
                         httpsreq_error_from_errno(saved_errno,
                                                   HTTPSREQ_ERR_WRITE,
                                                   HTTPSREQ_ERR_WRITE),
                         "sending the request failed after %zu of %zu "
                         "bytes: %s", sent, len,
                         step == STEP_PEER_CLOSED ? "the server closed the "
                                                    "connection"
                                                  : why);
  }
  return HTTPSREQ_OK;
}

httpsreq_error tls_session_read_all(SSL *ssl, int fd, uint32_t timeout_ms,
                                    const wait_bound *request, uint64_t limit,
                                    wpl_buffer *out,
                                    httpsreq_failure *failure) {
  /* SSL_read comes first and the socket is polled only when OpenSSL asks
   * for more bytes: records OpenSSL already holds (SSL_pending) are never
   * left waiting behind a poll that would time out. Room for one byte past
   * the limit tells "exactly the limit" from "more". */
  const size_t max_cap = (size_t)limit + 1;
  for (;;) {
    size_t room = max_cap - out->len;
    size_t chunk = room < READ_CHUNK ? room : READ_CHUNK;
    if (!wpl_buffer_reserve(out, chunk, max_cap)) {
      return httpsreq_fail(failure, HTTPSREQ_ERR_NO_RESOURCES,
                           "out of memory after %zu bytes of the response",
                           out->len);
    }
    ERR_clear_error();
    errno = 0;
    int ret = SSL_read(ssl, out->data + out->len, (int)chunk);
    int saved_errno = errno;
    if (ret > 0) {
      out->len += (size_t)ret;
      if (out->len > limit) {
        return httpsreq_fail(failure, HTTPSREQ_ERR_TOO_LARGE,
                             "the response is larger than %llu bytes "
                             "(--https-max-response-bytes)",
                             (unsigned long long)limit);
      }
      continue;
    }
    ssl_step step = classify(ssl, ret, saved_errno);
    if (step == STEP_PEER_CLOSED) {
      ERR_clear_error();
      return HTTPSREQ_OK;
    }
    if (step == STEP_WAIT_READABLE || step == STEP_WAIT_WRITABLE) {
      char activity[96];
      snprintf(activity, sizeof(activity),
               "receiving the response (%zu bytes so far)", out->len);
      httpsreq_error code = wait_idle(fd, step, timeout_ms, request, activity,
                                      HTTPSREQ_ERR_READ, failure);
      if (code != HTTPSREQ_OK) {
        return code;
      }
      continue;
    }
    char why[200];
    describe_cause(saved_errno, why, sizeof(why));
    return httpsreq_fail(failure,
                         httpsreq_error_from_errno(saved_errno,
                                                   HTTPSREQ_ERR_READ,
                                                   HTTPSREQ_ERR_READ),
                         "receiving the response failed after %zu bytes: %s",
                         out->len, why);
  }
}
