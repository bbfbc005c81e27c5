/*
 * The fuzz peer of wasmedge_httpsreq (see fuzz_peer.h): a TLS server on
 * 127.0.0.1:443 and [::1]:443 inside the target's network namespace, with a
 * CA and a certificate for localhost, 127.0.0.1 and ::1 made in memory at
 * start. The plug-in is told to trust the CA with --https-ca-file, pointing
 * at a memfd, so nothing is written to disk. SSL_CERT_FILE names the same
 * CA as the only default one: nothing outside the namespace is reachable,
 * and loading the system's hundred-odd CAs for every input would take most
 * of the time of a run.
 *
 * The script (the input's `peer` op) is what the peer sends on every
 * connection: its bytes are response data, except these control bytes,
 * chosen among those HTTP text never holds:
 *   \x01 flush: the data so far goes out as a TLS record of its own
 *   \x02 read one record of the request
 *   \x03 pause 25 ms (125 ms per connection at most: enough to pass the
 *        target's read timeout, 100 ms)
 *   \x04 close_notify, then close: the end (also at the script's end)
 *   \x05 close the TCP connection without close_notify (a truncation)
 *   \x06 reset the TCP connection
 *   \x07 TLS 1.3 key update, or renegotiation under TLS 1.2
 *   \x08 send the data so far 1024 times (a large body from a short input)
 *   \x0b send the data so far unencrypted into the TCP stream (before the
 *        handshake: in place of the ServerHello)
 *   \x0c cap the protocol at TLS 1.2 (before the handshake)
 *   \x10 the next byte is data, whatever it is
 * The handshake happens before the first thing that needs it, so the empty
 * script (an input without a peer op) is a handshake and a close_notify. Each
 * connection is served whole before the next is accepted, within 300 ms.
 */
#define _GNU_SOURCE /* memfd_create, accept4 */
#include "../../../plugin-api/fuzz/fuzz_peer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
  PORT = 443,
  STEP_TIMEOUT_MS = 100,       /* one socket wait */
  CONNECTION_BUDGET_MS = 300,  /* one whole connection */
  PAUSE_MS = 25,
  PAUSE_BUDGET_MS = 125,
  REPEAT_COUNT = 1024,
  SEND_BUDGET = 1 << 20        /* bytes per connection */
};

enum {
  C_FLUSH = 0x01, C_READ = 0x02, C_PAUSE = 0x03, C_CLOSE_NOTIFY = 0x04,
  C_TRUNCATE = 0x05, C_RESET = 0x06, C_KEY_UPDATE = 0x07, C_REPEAT = 0x08,
  C_RAW = 0x0b, C_TLS12 = 0x0c, C_ESCAPE = 0x10
};

static SSL_CTX *server_ctx;
static int listeners[2] = {-1, -1};
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;
static uint8_t *script;
static size_t script_len;
static bool busy;

static int fail(const char *what) {
  fprintf(stderr, "tls_peer: %s", what);
  if (errno != 0) fprintf(stderr, " (%s)", strerror(errno));
  unsigned long e = ERR_get_error();
  if (e != 0) fprintf(stderr, " (%s)", ERR_error_string(e, NULL));
  fputc('\n', stderr);
  return -1;
}

/* ---- credentials ---- */

static X509 *new_certificate(EVP_PKEY *key, const char *name, X509 *issuer,
                             EVP_PKEY *issuer_key, long serial, bool ca) {
  X509 *cert = X509_new();
  if (cert == NULL) return NULL;
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 2L * 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME *subject = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             (const unsigned char *)name, -1, -1, 0);
  X509_set_issuer_name(cert, issuer == NULL ? subject
                                            : X509_get_subject_name(issuer));
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, issuer == NULL ? cert : issuer, cert, NULL, NULL, 0);
  const char *const ca_ext[][2] = {
      {"basicConstraints", "critical,CA:TRUE"},
      {"keyUsage", "critical,keyCertSign,cRLSign"},
      {"subjectKeyIdentifier", "hash"}};
  const char *const leaf_ext[][2] = {
      {"basicConstraints", "CA:FALSE"},
      {"keyUsage", "critical,digitalSignature"},
      {"extendedKeyUsage", "serverAuth"},
      {"subjectAltName", "DNS:localhost,IP:127.0.0.1,IP:::1"}};
  size_t count = ca ? 3 : 4;
  for (size_t i = 0; i < count; ++i) {
    const char *const *ext = ca ? ca_ext[i] : leaf_ext[i];
    X509_EXTENSION *e = X509V3_EXT_conf(NULL, &v3, ext[0], ext[1]);
    if (e == NULL || X509_add_ext(cert, e, -1) != 1) {
      X509_EXTENSION_free(e);
      X509_free(cert);
      return NULL;
    }
    X509_EXTENSION_free(e);
  }
  if (X509_sign(cert, issuer_key, EVP_sha256()) == 0) {
    X509_free(cert);
    return NULL;
  }
  return cert;
}

/* Makes the CA and the server's certificate, sets up server_ctx and writes
 * the CA to a memfd whose /proc path goes into `ca_path`. */
static int make_credentials(char *ca_path, size_t size) {
  EVP_PKEY *ca_key = EVP_EC_gen("P-256");
  EVP_PKEY *key = EVP_EC_gen("P-256");
  X509 *ca = ca_key == NULL ? NULL
                            : new_certificate(ca_key, "fuzz peer CA", NULL,
                                              ca_key, 1, true);
  X509 *cert = ca == NULL || key == NULL
                   ? NULL
                   : new_certificate(key, "localhost", ca, ca_key, 2, false);
  int result = -1;
  if (cert == NULL) {
    fail("cannot make the test certificates");
    goto done;
  }
  server_ctx = SSL_CTX_new(TLS_server_method());
  if (server_ctx == NULL || SSL_CTX_use_certificate(server_ctx, cert) != 1 ||
      SSL_CTX_use_PrivateKey(server_ctx, key) != 1 ||
      SSL_CTX_set_min_proto_version(server_ctx, TLS1_2_VERSION) != 1) {
    fail("cannot set up the TLS server");
    goto done;
  }
  int fd = memfd_create("fuzz-peer-ca.pem", 0);
  FILE *out = fd < 0 ? NULL : fdopen(dup(fd), "w");
  if (out == NULL || PEM_write_X509(out, ca) != 1 || fclose(out) != 0) {
    fail("cannot write the CA to a memfd");
    goto done;
  }
  snprintf(ca_path, size, "/proc/self/fd/%d", fd);
  result = 0;
done:
  X509_free(cert);
  X509_free(ca);
  EVP_PKEY_free(key);
  EVP_PKEY_free(ca_key);
  return result;
}

/* ---- listening ---- */

static int listen_on(int family) {
  int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  struct sockaddr_storage address = {0};
  socklen_t length;
  if (family == AF_INET) {
    struct sockaddr_in *in = (struct sockaddr_in *)&address;
    in->sin_family = AF_INET;
    in->sin_port = htons(PORT);
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    length = sizeof(*in);
  } else {
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&address;
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(PORT);
    in6->sin6_addr = in6addr_loopback;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    length = sizeof(*in6);
  }
  if (bind(fd, (struct sockaddr *)&address, length) != 0 ||
      listen(fd, 16) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* ---- one connection ---- */

typedef struct connection {
  int fd;
  SSL *ssl;
  bool handshake_done;
  bool failed; /* a step failed: the rest of the script is skipped */
  bool tls12;
  int paused_ms;
  size_t sent;
  struct timespec deadline;
  uint8_t data[65536];
  size_t data_len;
} connection;

static bool past_deadline(const connection *c) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > c->deadline.tv_sec ||
         (now.tv_sec == c->deadline.tv_sec &&
          now.tv_nsec >= c->deadline.tv_nsec);
}

static bool handshake(connection *c) {
  if (c->handshake_done) return true;
  /* One attempt per connection: after a failed one (the client refused the
   * certificate, say) a later step must not make a second SSL object and
   * drop the first. */
  if (c->failed || c->ssl != NULL) return false;
  c->ssl = SSL_new(server_ctx);
  if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1 ||
      (c->tls12 && SSL_set_max_proto_version(c->ssl, TLS1_2_VERSION) != 1) ||
      SSL_accept(c->ssl) != 1) {
    c->failed = true;
    return false;
  }
  c->handshake_done = true;
  return true;
}

static void send_tls(connection *c, const uint8_t *bytes, size_t len) {
  if (len == 0 || !handshake(c)) return;
  if (c->sent + len > SEND_BUDGET || SSL_write(c->ssl, bytes, (int)len) <= 0)
    c->failed = true;
  c->sent += len;
}

static void flush(connection *c) {
  send_tls(c, c->data, c->data_len);
  c->data_len = 0;
}

static void key_update(connection *c) {
  if (!handshake(c)) return;
  int ok = SSL_version(c->ssl) >= TLS1_3_VERSION
               ? SSL_key_update(c->ssl, SSL_KEY_UPDATE_REQUESTED)
               : SSL_renegotiate(c->ssl);
  if (ok != 1 || SSL_do_handshake(c->ssl) != 1) c->failed = true;
}

/* Reads what the client still sends, so that closing does not answer
 * unread bytes with a reset. */
static void drain(int fd) {
  uint8_t buf[4096];
  while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0) {
  }
}

static void serve(int fd, const uint8_t *s, size_t len) {
  static connection c; /* 64 KiB: kept off the thread's stack */
  memset(&c, 0, offsetof(connection, data));
  c.fd = fd;
  clock_gettime(CLOCK_MONOTONIC, &c.deadline);
  c.deadline.tv_nsec += (long)CONNECTION_BUDGET_MS * 1000000;
  c.deadline.tv_sec += c.deadline.tv_nsec / 1000000000;
  c.deadline.tv_nsec %= 1000000000;
  struct timeval step = {0, STEP_TIMEOUT_MS * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &step, sizeof(step));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &step, sizeof(step));
  /* Each record goes out when written: Nagle's algorithm would hold a small
   * one for the client's delayed ACK, 40 ms, and blur the pauses. */
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  int end = C_CLOSE_NOTIFY;
  for (size_t i = 0; i < len && !c.failed && !past_deadline(&c); ++i) {
    uint8_t b = s[i];
    if (b == C_ESCAPE && i + 1 < len) {
      c.data[c.data_len++] = s[++i];
      continue;
    }
    if (b != C_FLUSH && b != C_READ && b != C_PAUSE && b != C_CLOSE_NOTIFY &&
        b != C_TRUNCATE && b != C_RESET && b != C_KEY_UPDATE &&
        b != C_REPEAT && b != C_RAW && b != C_TLS12) {
      c.data[c.data_len++] = b;
      continue;
    }
    if (b == C_CLOSE_NOTIFY || b == C_TRUNCATE || b == C_RESET) {
      end = b;
      break;
    }
    if (b == C_REPEAT) {
      for (int k = 0; k < REPEAT_COUNT && !c.failed && !past_deadline(&c); ++k)
        send_tls(&c, c.data, c.data_len);
      c.data_len = 0;
    } else if (b == C_RAW) {
      if (c.data_len > 0 && send(fd, c.data, c.data_len, MSG_NOSIGNAL) < 0)
        c.failed = true;
      c.data_len = 0;
    } else {
      flush(&c);
      if (b == C_READ && handshake(&c)) {
        uint8_t request[16384];
        if (SSL_read(c.ssl, request, sizeof(request)) <= 0) c.failed = true;
      } else if (b == C_PAUSE && c.paused_ms < PAUSE_BUDGET_MS) {
        c.paused_ms += PAUSE_MS;
        usleep(PAUSE_MS * 1000);
      } else if (b == C_KEY_UPDATE) {
        key_update(&c);
      } else if (b == C_TLS12 && !c.handshake_done) {
        c.tls12 = true;
      }
    }
  }
  if (!c.failed) flush(&c);
  if (end == C_CLOSE_NOTIFY && !c.failed && handshake(&c)) {
    SSL_shutdown(c.ssl);
  }
  if (end == C_RESET) {
    struct linger abort_close = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof(abort_close));
  } else {
    drain(fd);
  }
  SSL_free(c.ssl);
  ERR_clear_error();
  close(fd);
}

static void *serve_forever(void *unused) {
  (void)unused;
  struct pollfd fds[2] = {{listeners[0], POLLIN, 0}, {listeners[1], POLLIN, 0}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      int fd = accept4(fds[i].fd, NULL, NULL, SOCK_CLOEXEC);
      if (fd < 0) continue;
      pthread_mutex_lock(&lock);
      busy = true;
      uint8_t *copy = script_len == 0 ? NULL : malloc(script_len);
      size_t len = copy == NULL ? 0 : script_len;
      if (copy != NULL) memcpy(copy, script, len);
      pthread_mutex_unlock(&lock);
      serve(fd, copy, len);
      free(copy);
      pthread_mutex_lock(&lock);
      busy = false;
      pthread_cond_broadcast(&idle);
      pthread_mutex_unlock(&lock);
    }
  }
  return NULL;
}

int wasmedge_fuzz_peer_start(char *options, size_t size) {
  /* OpenSSL writes with write(): a client gone must not kill the fuzzer. */
  signal(SIGPIPE, SIG_IGN);
  char ca_path[64];
  if (make_credentials(ca_path, sizeof(ca_path)) != 0) return -1;
  errno = 0;
  listeners[0] = listen_on(AF_INET);
  if (listeners[0] < 0) return fail("cannot listen on 127.0.0.1:443");
  listeners[1] = listen_on(AF_INET6); /* -1 (ignored by poll) without IPv6 */
  pthread_t thread;
  if ((errno = pthread_create(&thread, NULL, serve_forever, NULL)) != 0)
    return fail("cannot start the server thread");
  pthread_detach(thread);
  if (setenv("SSL_CERT_FILE", ca_path, 1) != 0)
    return fail("cannot set SSL_CERT_FILE");
  if ((size_t)snprintf(options, size, "https-ca-file=%s\n", ca_path) >= size)
    return fail("the options do not fit");
  return 0;
}

void wasmedge_fuzz_peer_script(const uint8_t *bytes, size_t len) {
  pthread_mutex_lock(&lock);
  while (busy) pthread_cond_wait(&idle, &lock);
  uint8_t *copy = len == 0 ? NULL : malloc(len);
  if (copy != NULL) memcpy(copy, bytes, len);
  free(script);
  script = copy;
  script_len = copy == NULL ? 0 : len;
  pthread_mutex_unlock(&lock);
}
