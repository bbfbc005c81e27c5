/*
 * The parent's side of the child's pipes (see process_io.h).
 *
 * Unlike upstream, which writes all of stdin before reading any output (a
 * child that fills its stdout pipe before reading stdin deadlocks it), stdin
 * is fed and stdout/stderr are drained together in one poll() loop on
 * non-blocking fds.
 */
#include "process_io.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>

enum { IO_CHUNK = 64 * 1024 };

int64_t process_monotonic_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/*
 * write() that cannot raise SIGPIPE in the host and leaves the host's signal
 * dispositions alone: SIGPIPE is blocked in this thread for the call, and a
 * SIGPIPE that the call itself generated (EPIPE) is consumed before the old
 * mask is restored. One that was already pending is left for the host.
 */
static ssize_t write_without_sigpipe(int fd, const void *data, size_t len) {
  sigset_t pipe_only, old_mask, pending;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  sigemptyset(&pending);
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  pthread_sigmask(SIG_BLOCK, &pipe_only, &old_mask);
  ssize_t n;
  do {
    n = write(fd, data, len);
  } while (n < 0 && errno == EINTR);
  int saved = errno;
  if (n < 0 && saved == EPIPE && !was_pending) {
    const struct timespec no_wait = {0, 0};
    while (sigtimedwait(&pipe_only, NULL, &no_wait) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
  errno = saved;
  return n;
}

/* Feeds the next chunk of stdin; closes the pipe when all is written or the
 * child stopped reading (EPIPE and friends are not errors of the run). */
static void feed_stdin(spawned_child *child, const wpl_buffer *input,
                       size_t *written) {
  size_t left = input->len - *written;
  ssize_t n = write_without_sigpipe(child->stdin_fd, input->data + *written,
                                    left < IO_CHUNK ? left : IO_CHUNK);
  if (n > 0) {
    *written += (size_t)n;
  }
  if ((n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) ||
      *written == input->len) {
    process_close_fd(&child->stdin_fd);
  }
}

/* Reads one chunk from *fd into `sink`; closes *fd at EOF or on a read
 * error. Returns false only when memory runs out. */
static bool drain_output(int *fd, wpl_buffer *sink, size_t max_output) {
  char discard[4096];
  size_t room = sink->len < max_output ? max_output - sink->len : 0;
  void *target = discard;
  size_t want = sizeof(discard);
  if (room > 0) {
    want = room < IO_CHUNK ? room : IO_CHUNK;
    if (!wpl_buffer_reserve(sink, want, SIZE_MAX)) {
      return false;
    }
    target = sink->data + sink->len;
  }
  ssize_t n;
  do {
    n = read(*fd, target, want);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    if (room > 0) {
      sink->len += (size_t)n;
    }
  } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
    process_close_fd(fd);
  }
  return true;
}

/* The command ended: a pidfd turns readable, the watcher's pipe carries
 * the wait status (or EOF if the watcher died first). */
static void note_command_end(spawned_child *child, io_report *report) {
  if (child->watched) {
    int status;
    ssize_t n;
    do {
      n = read(child->exit_fd, &status, sizeof(status));
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return; /* spurious wake-up */
    }
    if (n == (ssize_t)sizeof(status)) {
      report->have_status = true;
      report->status = status;
    }
  }
  report->command_ended = true;
  process_close_fd(&child->exit_fd);
}

io_outcome process_exchange_io(spawned_child *child, const wpl_buffer *input,
                               wpl_buffer *out, wpl_buffer *err,
                               size_t max_output, int64_t deadline,
                               io_report *report) {
  size_t written = 0;
  if (input->len == 0) {
    process_close_fd(&child->stdin_fd); /* child sees EOF at once */
  }
  int *fds[4] = {&child->stdin_fd, &child->stdout_fd, &child->stderr_fd,
                 &child->exit_fd};
  /* Without an exit fd (kernels before pidfd) the pipes alone decide and
   * the caller waits for the exit. */
  while (child->stdin_fd >= 0 || child->stdout_fd >= 0 ||
         child->stderr_fd >= 0 || child->exit_fd >= 0) {
    int64_t remaining = deadline - process_monotonic_ms();
    if (remaining <= 0) {
      return IO_TIMED_OUT;
    }
    struct pollfd polled[4];
    int slot[4];
    nfds_t count = 0;
    for (int i = 0; i < 4; ++i) {
      if (*fds[i] >= 0) {
        polled[count].fd = *fds[i];
        polled[count].events = i == 0 ? POLLOUT : POLLIN;
        polled[count].revents = 0;
        slot[count++] = i;
      }
    }
    int ready = poll(polled, count, remaining > INT_MAX ? INT_MAX
                                                        : (int)remaining);
    if (ready < 0) {
      if (errno == EINTR) {
        continue;
      }
      report->error = errno;
      return IO_FAILED;
    }
    for (nfds_t k = 0; k < count; ++k) {
      if (polled[k].revents == 0) {
        continue;
      }
      int i = slot[k];
      if (i == 0) {
        feed_stdin(child, input, &written);
      } else if (i == 3) {
        note_command_end(child, report);
      } else if (!drain_output(fds[i], i == 1 ? out : err, max_output)) {
        report->error = ENOMEM;
        return IO_FAILED;
      }
    }
  }
  return IO_FINISHED;
}
