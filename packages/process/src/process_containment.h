/*
 * Keeping track of every process a run starts, so that all of them can be
 * killed when the run ends or times out, including descendants that left
 * the process group (setsid) or were orphaned.
 *
 *   cgroup     Each module instance gets its own cgroup v2 below the host's
 *              (made at its first run, removed with the instance). Every
 *              command joins it before exec, and nothing it starts can leave
 *              it without privileges; cgroup.kill (Linux 5.14+) or a kill of
 *              every listed pid ends them all. Costs nothing per run.
 *   subreaper  Where no cgroup can be made (no cgroup v2, or no write access
 *              to the host's cgroup), a small watcher process is forked per
 *              run. It marks itself PR_SET_CHILD_SUBREAPER, starts the
 *              command, and reports its wait status on a pipe. Orphaned
 *              descendants are re-parented to the watcher, so the whole tree
 *              stays below it, and the host kills that tree at the end of the
 *              run. Costs one extra fork per run.
 */
#ifndef PROCESS_CONTAINMENT_H
#define PROCESS_CONTAINMENT_H

#include "process_options.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct containment {
  bool ready;            /* resolved at the first run */
  containment_mode mode; /* CGROUP or SUBREAPER once ready */
  char *cgroup_dir;      /* made by us; removed by containment_release */
  int procs_fd;          /* <dir>/cgroup.procs, written by every command */
  int kill_fd;           /* <dir>/cgroup.kill, -1 before Linux 5.14 */
} containment;

void containment_init(containment *c);

/*
 * Chooses how runs are contained, once: `wanted` AUTO tries a cgroup and
 * falls back to the subreaper. Returns true when ready; false (only for
 * CGROUP, or INVALID) with a one-line reason in `why`.
 */
bool containment_prepare(containment *c, containment_mode wanted, char *why,
                         size_t why_size);

/* cgroup mode: SIGKILL every process still in the instance's cgroup. */
void containment_kill_cgroup(const containment *c);

/* subreaper mode: SIGKILL everything below the watcher until it has no
 * descendants left, then reap the watcher. */
void containment_kill_watched_tree(pid_t watcher);

/* Kills what is left and removes the cgroup; accepts an unprepared one. */
void containment_release(containment *c);

#endif /* PROCESS_CONTAINMENT_H */
