/*
 * Starting the command for wasmedge_process_run (see process_spawn.h): the
 * pipes, the choice between a direct clone (cgroup mode) and the watcher
 * process (subreaper mode), and the watcher itself. What runs inside the
 * CLONE_VM child is in spawn_child.c.
 */
#include "process_spawn.h"

#include "spawn_child.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

void process_close_fd(int *fd) {
  if (*fd >= 0) {
    /* Linux releases the fd even when close() reports EINTR: no retry. */
    close(*fd);
    *fd = -1;
  }
}

static void write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return;
    }
    p += n;
    len -= (size_t)n;
  }
}

/*
 * The watcher of subreaper mode, in a fork of the host (so async-signal-safe
 * calls only, and every signal stays blocked: only SIGKILL ends it). It
 * starts the command with the pipes on 0/1/2, sends the command's wait
 * status on `status_fd`, and reaps whatever is re-parented to it; it exits
 * once it has no children left.
 */
static void __attribute__((noreturn))
run_watcher(char *const argv[], char *const envp[], const int ends[3],
            int status_fd) {
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  if (!child_place_fds(ends)) {
    _exit(255);
  }
  child_close_other_fds(status_fd);
  child_plan plan = {argv, envp, NULL, -1};
  pid_t command = child_launch(&plan, NULL);
  int status;
  if (command < 0) {
    child_report_failure("cannot start", argv[0], -command);
    status = 255 << 8; /* as an exit with 255 */
    write_all(status_fd, &status, sizeof(status));
    _exit(0);
  }
  /* The pipes belong to the command now; holding them would delay EOF. */
  close(STDIN_FILENO);
  close(STDOUT_FILENO);
  close(STDERR_FILENO);
  for (;;) {
    pid_t got = waitpid(-1, &status, __WALL);
    if (got == command) {
      write_all(status_fd, &status, sizeof(status));
    } else if (got < 0 && errno == ECHILD) {
      _exit(0);
    }
  }
}

int process_spawn(char *const argv[], char *const envp[],
                  const containment *contain, spawned_child *child) {
  /* pipes[i][0] read end, [1] write end; all close-on-exec so that no
   * other child (or this one after exec) inherits them. */
  int pipes[4][2] = {{-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}};
  bool watched = contain->mode == CONTAINMENT_SUBREAPER;
  int err = 0;
  for (int i = 0; i < (watched ? 4 : 3) && err == 0; ++i) {
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
  int exit_fd = -1;
  if (err == 0) {
    /* No host handler may run in the child before it resets them. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    if (watched) {
      pid = fork();
      if (pid == 0) {
        run_watcher(argv, envp, child_ends, pipes[3][1]);
      }
      err = pid < 0 ? errno : 0;
      exit_fd = pipes[3][0];
      pipes[3][0] = -1;
    } else {
      child_plan plan = {argv, envp, child_ends, contain->procs_fd};
      pid = child_launch(&plan, &exit_fd);
      err = pid < 0 ? -pid : 0;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
  }
  for (int i = 0; i < 3; ++i) {
    process_close_fd(&child_ends[i]);
  }
  process_close_fd(&pipes[3][1]);
  process_close_fd(&pipes[3][0]);
  if (err != 0) {
    for (int i = 0; i < 3; ++i) {
      process_close_fd(&parent_ends[i]);
    }
    process_close_fd(&exit_fd);
    return err;
  }
  child->pid = pid;
  child->watched = watched;
  child->exit_fd = exit_fd;
  child->stdin_fd = parent_ends[0];
  child->stdout_fd = parent_ends[1];
  child->stderr_fd = parent_ends[2];
  return 0;
}
