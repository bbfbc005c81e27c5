/*
 * The child's side of a spawn, from clone() to exec (see spawn_child.h).
 *
 * Everything here runs beside a possibly multi-threaded host, and with
 * CLONE_VM inside its memory, so it uses only async-signal-safe calls and
 * raw syscalls: no malloc, no stdio, no strerror, no writes to anything but
 * its own stack.
 */
#include "spawn_child.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Code that runs in the CLONE_VM child lives on a stack the sanitizers do
 * not know and must not touch their per-thread state: leave it
 * uninstrumented in sanitizer builds. */
#if defined(__has_attribute)
#if __has_attribute(no_sanitize)
#define CHILD_CODE __attribute__((no_sanitize("address", "undefined")))
#endif
#endif
#ifndef CHILD_CODE
#define CHILD_CODE
#endif

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434 /* Linux 5.3; same number on every architecture */
#endif

#ifndef SYS_close_range
#define SYS_close_range 436 /* same number on every Linux architecture */
#endif

/* write() all of `text` to fd 2, ignoring failures (nothing else to do). */
CHILD_CODE static void child_say(const char *text) {
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

CHILD_CODE void child_report_failure(const char *what, const char *name,
                                 int err) {
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
  child_say("wasmedge_process: ");
  child_say(what);
  child_say(" \"");
  child_say(name);
  child_say("\": ");
  child_say(reason);
  child_say("\n");
}

/* Closes every fd >= 3 except `keep` (-1: none) that is still open. */
CHILD_CODE void child_close_other_fds(int keep) {
  bool done = keep < 0
                  ? syscall(SYS_close_range, 3u, ~0u, 0u) == 0
                  : (keep == 3 || syscall(SYS_close_range, 3u,
                                          (unsigned)keep - 1, 0u) == 0) &&
                        syscall(SYS_close_range, (unsigned)keep + 1, ~0u,
                                0u) == 0;
  if (done) {
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
          if (*c == '\0' && c != entry->name && fd >= 3 && fd != dir &&
              fd != keep) {
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
    if ((int)fd != keep) {
      close((int)fd);
    }
  }
}

/* Puts ends[i] on fd i. The ends are first moved above 2, so that a dup2
 * onto 0/1/2 can never clobber one of them (the host may have had fd 0, 1
 * or 2 closed). */
CHILD_CODE bool child_place_fds(const int ends[3]) {
  int moved[3];
  for (int i = 0; i < 3; ++i) {
    moved[i] = fcntl(ends[i], F_DUPFD_CLOEXEC, 3);
    if (moved[i] < 0) {
      return false;
    }
  }
  for (int i = 0; i < 3; ++i) {
    while (dup2(moved[i], i) < 0) {
      if (errno != EINTR) {
        return false;
      }
    }
  }
  return true;
}


/* The command's side, from clone() to exec. Signals arrive blocked. */
CHILD_CODE static int run_child(void *opaque) {
  const child_plan *plan = opaque;
  /* Join the run's cgroup first, so nothing the command starts can be
   * missed. A command that cannot be contained does not run. */
  if (plan->cgroup_procs_fd >= 0 && write(plan->cgroup_procs_fd, "0", 1) != 1) {
    if (plan->ends != NULL) {
      (void)dup2(plan->ends[2], STDERR_FILENO);
    }
    child_report_failure("cannot join the run's cgroup to execute",
                         plan->argv[0], errno);
    _exit(255);
  }
  /* Own process group, so terminal signals meant for the host skip it. */
  setpgid(0, 0);
  if (plan->ends != NULL && !child_place_fds(plan->ends)) {
    _exit(255);
  }
  child_close_other_fds(-1);
  /* Host handlers must never run here (this is the host's memory), and the
   * program should start with the defaults a shell would give it: caught
   * signals and SIGPIPE (ignored by hosts such as Node) go back to the
   * default, then the mask is cleared. */
  struct sigaction default_action;
  memset(&default_action, 0, sizeof(default_action));
  default_action.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    struct sigaction current;
    if (sig == SIGKILL || sig == SIGSTOP ||
        sigaction(sig, NULL, &current) != 0) {
      continue;
    }
    if (sig == SIGPIPE || (current.sa_handler != SIG_DFL &&
                           current.sa_handler != SIG_IGN)) {
      sigaction(sig, &default_action, NULL);
    }
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  execvpe(plan->argv[0], plan->argv, plan->envp);
  child_report_failure("cannot execute", plan->argv[0], errno);
  _exit(255);
}

/* Stack for the CLONE_VM child: room for execvpe's PATH buffer and script
 * argv (both on the stack in glibc) besides our own frames. */
static size_t child_stack_size(char *const argv[]) {
  size_t argc = 0;
  while (argv[argc] != NULL) {
    argc++;
  }
  size_t size = 64 * 1024 + 2 * PATH_MAX + (argc + 3) * sizeof(char *);
  size_t page = 4096;
  return (size + page - 1) / page * page;
}

/* clone(CLONE_VM | CLONE_VFORK): returns once the child has exec'd or
 * exited. Returns its pid, or -errno. *pidfd gets its pidfd when the
 * kernel has them, else -1: pidfd_open after the fact is safe, because
 * the child cannot be reaped (and its pid reused) before we wait for it.
 * (CLONE_PIDFD would save that call, but qemu-user refuses the flag.)
 * The caller has blocked every signal. */
pid_t child_launch(const child_plan *plan, int *pidfd) {
  size_t size = child_stack_size(plan->argv);
  void *stack = mmap(NULL, size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) {
    return -errno;
  }
  /* Stacks grow down on every Linux target we build for. */
  pid_t pid = clone(run_child, (char *)stack + size,
                    CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)plan);
  int err = errno;
  munmap(stack, size);
  if (pid < 0) {
    return -err;
  }
  if (pidfd != NULL) {
    long fd = syscall(SYS_pidfd_open, pid, 0);
    *pidfd = fd < 0 ? -1 : (int)fd;
    if (*pidfd >= 0) {
      (void)fcntl(*pidfd, F_SETFD, FD_CLOEXEC); /* pidfds are; be sure */
    }
  }
  return pid;
}

