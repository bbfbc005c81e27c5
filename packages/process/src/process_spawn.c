/*
 * fork + exec for wasmedge_process_run (see process_spawn.h).
 *
 * Everything between fork() and exec runs in a child of a possibly
 * multi-threaded host, so it uses only async-signal-safe calls and raw
 * syscalls: no malloc, no stdio, no strerror.
 */
#include "process_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436 /* same number on every Linux architecture */
#endif

void process_close_fd(int *fd) {
  if (*fd >= 0) {
    /* Linux releases the fd even when close() reports EINTR: no retry. */
    close(*fd);
    *fd = -1;
  }
}

/* write() all of `text` to fd 2, ignoring failures (nothing else to do). */
static void child_say(const char *text) {
  size_t left = strlen(text);
  while (left > 0) {
    ssize_t n = write(STDERR_FILENO, text, left);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return;
    }
    text += n;
    left -= (size_t)n;
  }
}

/* Reasons exec commonly fails, as fixed strings (strerror is not
 * async-signal-safe). */
static const struct {
  int code;
  const char *text;
} exec_errors[] = {
    {ENOENT, "no such file or directory"},
    {EACCES, "permission denied"},
    {ENOEXEC, "not an executable format"},
    {ENOTDIR, "a path component is not a directory"},
    {ELOOP, "too many symbolic links"},
    {ENAMETOOLONG, "name too long"},
    {E2BIG, "argument list too long"},
    {ENOMEM, "out of memory"},
    {ETXTBSY, "text file busy"},
    {EISDIR, "is a directory"},
    {EPERM, "operation not permitted"},
};

static void child_report_exec_failure(const char *name, int err) {
  const char *reason = NULL;
  for (size_t i = 0; i < sizeof(exec_errors) / sizeof(exec_errors[0]); ++i) {
    if (exec_errors[i].code == err) {
      reason = exec_errors[i].text;
    }
  }
  char number[24];
  if (reason == NULL) {
    /* "errno N", formatted by hand. */
    char digits[16];
    size_t n = 0;
    unsigned value = err < 0 ? 0u : (unsigned)err;
    do {
      digits[n++] = (char)('0' + value % 10);
      value /= 10;
    } while (value != 0 && n < sizeof(digits));
    memcpy(number, "errno ", 6);
    for (size_t i = 0; i < n; ++i) {
      number[6 + i] = digits[n - 1 - i];
    }
    number[6 + n] = '\0';
    reason = number;
  }
  child_say("wasmedge_process: cannot execute \"");
  child_say(name);
  child_say("\": ");
  child_say(reason);
  child_say("\n");
}

/* Closes every fd >= 3 that the host left without close-on-exec. */
static void child_close_other_fds(void) {
  if (syscall(SYS_close_range, 3u, ~0u, 0u) == 0) {
    return; /* Linux >= 5.9 */
  }
  /* Older kernels: walk /proc/self/fd with getdents64 (no malloc). Closing
   * while reading may make the listing skip entries, so repeat until a
   * pass closes nothing. */
  int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    struct dirent64_raw {
      uint64_t ino;
      int64_t off;
      unsigned short reclen;
      unsigned char type;
      char name[];
    };
    _Alignas(8) char listing[2048];
    int closed;
    do {
      closed = 0;
      lseek(dir, 0, SEEK_SET);
      long got;
      while ((got = syscall(SYS_getdents64, dir, listing, sizeof(listing))) >
             0) {
        for (long pos = 0; pos < got;) {
          const struct dirent64_raw *entry =
              (const struct dirent64_raw *)(listing + pos);
          pos += entry->reclen;
          int fd = 0;
          const char *c = entry->name;
          for (; *c >= '0' && *c <= '9' && fd < 100000000; ++c) {
            fd = fd * 10 + (*c - '0');
          }
          if (*c == '\0' && c != entry->name && fd >= 3 && fd != dir) {
            close(fd);
            closed++;
          }
        }
      }
    } while (closed > 0);
    close(dir);
    return;
  }
  /* No /proc: close up to the fd limit. */
  struct rlimit limit;
  rlim_t max = 1024;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    max = limit.rlim_cur;
  for (rlim_t fd = 3; fd < max && fd < (1u << 20); ++fd) {
    close((int)fd);
  }
}

static void __attribute__((noreturn))
run_child(char *const argv[], char *const envp[], const int ends[3]) {
  /* A host may block signals or ignore SIGPIPE (Node does); the program
   * should start with the defaults a shell would give it. */
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  struct sigaction default_action;
  memset(&default_action, 0, sizeof(default_action));
  default_action.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &default_action, NULL);

  /* Own process group, so a timeout can kill everything it started. */
  setpgid(0, 0);

  /* Move our pipe ends above 2 first, so that dup2 onto 0/1/2 can never
   * clobber one of them (the host may have had fd 0, 1 or 2 closed). */
  int moved[3];
  for (int i = 0; i < 3; ++i) {
    moved[i] = fcntl(ends[i], F_DUPFD_CLOEXEC, 3);
    if (moved[i] < 0) {
      _exit(255);
    }
  }
  for (int i = 0; i < 3; ++i) {
    while (dup2(moved[i], i) < 0) {
      if (errno != EINTR) {
        _exit(255);
      }
    }
  }
  child_close_other_fds();
  execvpe(argv[0], argv, envp);
  child_report_exec_failure(argv[0], errno);
  _exit(255);
}

int process_spawn(char *const argv[], char *const envp[],
                  spawned_child *child) {
  /* pipes[i][0] read end, [1] write end; all close-on-exec so that no
   * other child (or this one after exec) inherits them. */
  int pipes[3][2] = {{-1, -1}, {-1, -1}, {-1, -1}};
  int err = 0;
  for (int i = 0; i < 3 && err == 0; ++i) {
    if (pipe2(pipes[i], O_CLOEXEC) != 0) {
      err = errno;
    }
  }
  /* Parent ends: stdin write end, stdout/stderr read ends. Non-blocking
   * (their own open file descriptions; the child's ends stay blocking). */
  int parent_ends[3] = {pipes[0][1], pipes[1][0], pipes[2][0]};
  int child_ends[3] = {pipes[0][0], pipes[1][1], pipes[2][1]};
  for (int i = 0; i < 3 && err == 0; ++i) {
    int flags = fcntl(parent_ends[i], F_GETFL);
    if (flags < 0 || fcntl(parent_ends[i], F_SETFL, flags | O_NONBLOCK) < 0) {
      err = errno;
    }
  }
  pid_t pid = -1;
  if (err == 0) {
    pid = fork();
    if (pid < 0) {
      err = errno;
    } else if (pid == 0) {
      run_child(argv, envp, child_ends);
    }
  }
  for (int i = 0; i < 3; ++i) {
    process_close_fd(&child_ends[i]);
  }
  if (err != 0) {
    for (int i = 0; i < 3; ++i) {
      process_close_fd(&parent_ends[i]);
    }
    return err;
  }
  /* Also set the group from here: whichever of parent and child runs first,
   * the group exists before the parent might signal it. Errors (the child
   * already exec'd or exited) are harmless. */
  setpgid(pid, pid);
  child->pid = pid;
  child->stdin_fd = parent_ends[0];
  child->stdout_fd = parent_ends[1];
  child->stderr_fd = parent_ends[2];
  return 0;
}
