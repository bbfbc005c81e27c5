/* Bounded waits on a socket: see socket_wait.h. */
#include "socket_wait.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <time.h>

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
