/*
 * The child's side of a spawn: what runs between clone() and exec. The
 * child is made with clone(CLONE_VM | CLONE_VFORK), so it borrows the
 * host's memory until exec instead of copying the host's page tables as
 * fork() does; the calling thread waits meanwhile. The code therefore runs
 * only raw system calls on its own stack, with every signal blocked until
 * just before exec, and is left uninstrumented in sanitizer builds.
 */
#ifndef PROCESS_SPAWN_CHILD_H
#define PROCESS_SPAWN_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

/* What the child needs, prepared by the parent (the child may not
 * allocate). */
typedef struct child_plan {
  char *const *argv;
  char *const *envp;
  const int *ends;     /* fds for 0/1/2, or NULL when already in place */
  int cgroup_procs_fd; /* the run's cgroup.procs, or -1 */
} child_plan;

/* Starts the child: it joins the cgroup (if any), takes its own process
 * group, puts `ends` on 0/1/2, closes every other fd, resets caught
 * signals and SIGPIPE to the default, clears the mask and execs argv[0]
 * (PATH of the host when it has no '/'). Returns once the child has exec'd
 * or exited: its pid, or -errno. *pidfd (when not NULL) gets its pidfd, or
 * -1 on kernels without pidfd_open. The caller has blocked every signal. */
pid_t child_launch(const child_plan *plan, int *pidfd);

/* Async-signal-safe helpers, also used by the subreaper watcher (a fork of
 * the host): */

/* Puts ends[i] on fd i without clobbering one end with another. */
bool child_place_fds(const int ends[3]);

/* Closes every fd >= 3 except `keep` (-1: none). */
void child_close_other_fds(int keep);

/* Writes "wasmedge_process: <what> "<name>": <reason of err>\n" on fd 2. */
void child_report_failure(const char *what, const char *name, int err);

#endif /* PROCESS_SPAWN_CHILD_H */
