/*
 * Starting the child for wasmedge_process_run: fork + execvpe with the
 * child in its own process group, fds 0/1/2 on pipes, every other fd closed
 * and exactly the guest's environment.
 */
#ifndef PROCESS_SPAWN_H
#define PROCESS_SPAWN_H

#include <sys/types.h>

typedef struct spawned_child {
  pid_t pid;     /* also the child's process-group id */
  int stdin_fd;  /* write end, non-blocking, close-on-exec */
  int stdout_fd; /* read end, non-blocking, close-on-exec */
  int stderr_fd; /* read end, non-blocking, close-on-exec */
} spawned_child;

/*
 * Starts argv[0] (searched in the host's PATH when it has no '/') with
 * `argv` and environment `envp`. Returns 0 and fills *child, or an errno
 * value (pipe/fork failure) with no fd left open. If exec itself fails the
 * child reports it on its stderr and exits with status 255.
 */
int process_spawn(char *const argv[], char *const envp[],
                  spawned_child *child);

/* Closes *fd if open and marks it closed (-1). */
void process_close_fd(int *fd);

#endif /* PROCESS_SPAWN_H */
