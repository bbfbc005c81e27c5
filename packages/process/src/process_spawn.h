/*
 * Starting the command for wasmedge_process_run: the child joins the run's
 * containment (process_containment.h), gets its own process group, fds
 * 0/1/2 on pipes, every other fd closed, default signal handling, exactly
 * the environment given, and then execs.
 *
 * The child is made with clone(CLONE_VM | CLONE_VFORK) (spawn_child.h),
 * which is what makes a spawn from a large host (Node) cheap.
 */
#ifndef PROCESS_SPAWN_H
#define PROCESS_SPAWN_H

#include "process_containment.h"

#include <stdbool.h>
#include <sys/types.h>

typedef struct spawned_child {
  pid_t pid;      /* the command, or its watcher in subreaper mode */
  bool watched;   /* pid is the watcher; exit_fd carries the wait status */
  int exit_fd;    /* readable once the command ended: its pidfd, or the
                     watcher's status pipe; -1 on kernels without pidfd */
  int stdin_fd;   /* write end, non-blocking, close-on-exec */
  int stdout_fd;  /* read end, non-blocking, close-on-exec */
  int stderr_fd;  /* read end, non-blocking, close-on-exec */
} spawned_child;

/*
 * Starts argv[0] (searched in the host's PATH when it has no '/') with
 * `argv` and environment `envp`, contained as `contain` says (it must be
 * prepared). Returns 0 and fills *child, or an errno value (pipe, clone or
 * fork failure) with no fd left open. If exec itself fails the child
 * reports it on its stderr and exits with status 255.
 */
int process_spawn(char *const argv[], char *const envp[],
                  const containment *contain, spawned_child *child);

/* Closes *fd if open and marks it closed (-1). */
void process_close_fd(int *fd);

#endif /* PROCESS_SPAWN_H */
