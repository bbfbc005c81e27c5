/* A SIGPIPE-free socket BIO: see socket_bio.h. */
#include "socket_bio.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>

/* BIO type: a source/sink in the range OpenSSL leaves to applications. */
enum { SOCKET_BIO_TYPE = (BIO_TYPE_START + 42) | BIO_TYPE_SOURCE_SINK };

typedef struct socket_bio_data {
  int fd;
  bool eof; /* the peer closed its end (recv returned 0) */
} socket_bio_data;

static bool is_transient(int err) {
  return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

static int socket_bio_write(BIO *bio, const char *data, int len) {
  socket_bio_data *state = BIO_get_data(bio);
  BIO_clear_retry_flags(bio);
  ssize_t n = send(state->fd, data, (size_t)len, MSG_NOSIGNAL);
  if (n >= 0) {
    return (int)n;
  }
  if (is_transient(errno)) {
    BIO_set_retry_write(bio);
  }
  return -1;
}

static int socket_bio_read(BIO *bio, char *buffer, int len) {
  socket_bio_data *state = BIO_get_data(bio);
  BIO_clear_retry_flags(bio);
  ssize_t n = recv(state->fd, buffer, (size_t)len, 0);
  if (n > 0) {
    return (int)n;
  }
  if (n == 0) {
    state->eof = true;
    return 0;
  }
  if (is_transient(errno)) {
    BIO_set_retry_read(bio);
  }
  return -1;
}

static long socket_bio_ctrl(BIO *bio, int command, long number, void *ptr) {
  (void)number;
  (void)ptr;
  const socket_bio_data *state = BIO_get_data(bio);
  switch (command) {
  case BIO_CTRL_FLUSH: /* nothing is buffered here */
    return 1;
  case BIO_CTRL_EOF: /* lets OpenSSL tell a peer's close from an error */
    return state != NULL && state->eof;
  default: /* push/pop, kTLS queries...: not supported, as for pipes */
    return 0;
  }
}

static int socket_bio_destroy(BIO *bio) {
  free(BIO_get_data(bio));
  BIO_set_data(bio, NULL);
  BIO_set_init(bio, 0);
  return 1;
}

BIO_METHOD *socket_bio_method_create(void) {
  BIO_METHOD *method =
      BIO_meth_new(SOCKET_BIO_TYPE, "wasmedge_httpsreq socket");
  if (method == NULL) {
    return NULL;
  }
  if (BIO_meth_set_write(method, socket_bio_write) != 1 ||
      BIO_meth_set_read(method, socket_bio_read) != 1 ||
      BIO_meth_set_ctrl(method, socket_bio_ctrl) != 1 ||
      BIO_meth_set_destroy(method, socket_bio_destroy) != 1) {
    BIO_meth_free(method);
    return NULL;
  }
  return method;
}

BIO *socket_bio_new(const BIO_METHOD *method, int fd) {
  socket_bio_data *state = calloc(1, sizeof(*state));
  if (state == NULL) {
    return NULL;
  }
  BIO *bio = BIO_new(method);
  if (bio == NULL) {
    free(state);
    return NULL;
  }
  state->fd = fd;
  BIO_set_data(bio, state);
  BIO_set_init(bio, 1);
  return bio;
}
