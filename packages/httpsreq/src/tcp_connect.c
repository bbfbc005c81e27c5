/* Resolve and connect with a deadline: see tcp_connect.h. */
#include "tcp_connect.h"

#include "socket_wait.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

/* Outcome of one address. */
typedef enum attempt_result {
  ATTEMPT_CONNECTED,
  ATTEMPT_FAILED, /* try the next address; errno-like code in *err */
  ATTEMPT_TIMED_OUT
} attempt_result;

static attempt_result connect_one(const struct addrinfo *address,
                                  uint64_t deadline_ms, int *fd_out,
                                  int *err) {
  int fd = socket(address->ai_family,
                  address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                  address->ai_protocol);
  if (fd < 0) {
    *err = errno;
    return ATTEMPT_FAILED;
  }
  /* A non-blocking connect interrupted by a signal keeps going in the
   * background, like one that reported EINPROGRESS. */
  if (connect(fd, address->ai_addr, address->ai_addrlen) != 0 &&
      errno != EINPROGRESS && errno != EINTR) {
    *err = errno;
    close(fd);
    return ATTEMPT_FAILED;
  }
  socket_wait_status waited = wait_for_socket(fd, POLLOUT, deadline_ms);
  if (waited == SOCKET_TIMEOUT) {
    close(fd);
    return ATTEMPT_TIMED_OUT;
  }
  int so_error = 0;
  socklen_t so_len = sizeof(so_error);
  if (waited == SOCKET_FAILED) {
    so_error = errno;
  } else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &so_len) != 0) {
    so_error = errno;
  }
  if (so_error != 0) {
    *err = so_error;
    close(fd);
    return ATTEMPT_FAILED;
  }
  *fd_out = fd;
  return ATTEMPT_CONNECTED;
}

/* "connecting to HOST:PORT", for timeout messages. */
static void describe_connect(const char *host, uint16_t port, char *out,
                             size_t size) {
  snprintf(out, size, "connecting to %s:%u", host, (unsigned)port);
}

int tcp_connect(const char *host, uint16_t port, const wait_bound *bound,
                httpsreq_failure *failure) {
  char service[8];
  snprintf(service, sizeof(service), "%u", (unsigned)port);
  struct addrinfo hints = {0};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  hints.ai_flags = AI_NUMERICSERV;
  struct addrinfo *addresses = NULL;
  int rc = getaddrinfo(host, service, &hints, &addresses);
  if (rc != 0) {
    char text[128];
    const char *why = rc == EAI_SYSTEM
                          ? httpsreq_errno_text(errno, text, sizeof(text))
                          : gai_strerror(rc);
    httpsreq_fail(failure,
                  rc == EAI_MEMORY ? HTTPSREQ_ERR_NO_RESOURCES
                                   : HTTPSREQ_ERR_RESOLVE,
                  "cannot resolve host \"%s\": %s", host, why);
    return -1;
  }
  char activity[300];
  describe_connect(host, port, activity, sizeof(activity));
  if (monotonic_now_ms() >= bound->deadline_ms) {
    freeaddrinfo(addresses); /* the resolver alone used up the time */
    wait_bound_fail(bound, activity, failure);
    return -1;
  }
  int last_error = EHOSTUNREACH; /* if the list were empty */
  int fd = -1;
  for (const struct addrinfo *a = addresses; a != NULL; a = a->ai_next) {
    attempt_result result =
        connect_one(a, bound->deadline_ms, &fd, &last_error);
    if (result == ATTEMPT_CONNECTED) {
      freeaddrinfo(addresses);
      return fd;
    }
    if (result == ATTEMPT_TIMED_OUT) {
      freeaddrinfo(addresses);
      wait_bound_fail(bound, activity, failure);
      return -1;
    }
  }
  freeaddrinfo(addresses);
  char text[128];
  httpsreq_fail(failure,
                httpsreq_error_from_errno(last_error, HTTPSREQ_ERR_CONNECT,
                                          bound->code),
                "cannot connect to %s:%u: %s", host, (unsigned)port,
                httpsreq_errno_text(last_error, text, sizeof(text)));
  return -1;
}
