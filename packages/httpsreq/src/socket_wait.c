/* Bounded waits on a socket: see socket_wait.h. */
#include "socket_wait.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stddef.h>
#include <time.h>

/* What a reached bound says, per code: the step's option, or the whole
 * request's. */
static const struct {
  httpsreq_error code;
  const char *format; /* activity, then timeout_ms */
} bound_messages[] = {
    {HTTPSREQ_ERR_CONNECT_TIMEOUT,
     "%s did not finish within %u ms (--https-connect-timeout-ms)"},
    {HTTPSREQ_ERR_READ_TIMEOUT,
     "%s: the server sent or accepted nothing for %u ms "
     "(--https-read-timeout-ms)"},
    {HTTPSREQ_ERR_REQUEST_TIMEOUT,
     "%s: the whole request did not finish within %u ms "
     "(--https-request-timeout-ms)"},
};

wait_bound wait_bound_from_now(uint32_t timeout_ms, httpsreq_error code) {
  wait_bound bound = {monotonic_now_ms() + timeout_ms, code, timeout_ms};
  return bound;
}

wait_bound wait_bound_earlier(wait_bound step, wait_bound request) {
  return step.deadline_ms < request.deadline_ms ? step : request;
}

httpsreq_error wait_bound_fail(const wait_bound *bound, const char *activity,
                               httpsreq_failure *failure) {
  for (size_t i = 0; i < sizeof(bound_messages) / sizeof(bound_messages[0]);
       ++i) {
    if (bound_messages[i].code == bound->code) {
      return httpsreq_fail(failure, bound->code, bound_messages[i].format,
                           activity, (unsigned)bound->timeout_ms);
    }
  }
  return httpsreq_fail(failure, bound->code, "%s timed out", activity);
}

uint64_t monotonic_now_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

socket_wait_status wait_for_socket(int fd, short events,
                                   uint64_t deadline_ms) {
  for (;;) {
    uint64_t now = monotonic_now_ms();
    uint64_t left = deadline_ms > now ? deadline_ms - now : 0;
    /* poll takes an int; a longer wait is done in slices. */
    int slice = left > INT_MAX ? INT_MAX : (int)left;
    struct pollfd pfd = {.fd = fd, .events = events, .revents = 0};
    int n = poll(&pfd, 1, slice);
    if (n > 0) {
      return SOCKET_READY;
    }
    if (n < 0 && errno != EINTR) {
      return SOCKET_FAILED;
    }
    if (n == 0 && (uint64_t)slice == left) {
      return SOCKET_TIMEOUT;
    }
  }
}
