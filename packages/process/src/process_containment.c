/* Containment of a run's process tree (see process_containment.h). */
#include "process_containment.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
  KILL_ROUNDS = 2000,   /* bound on kill-and-look-again rounds */
  RMDIR_ATTEMPTS = 100, /* a killed cgroup empties asynchronously */
  LINE_MAX_BYTES = 4096
};

void containment_init(containment *c) {
  memset(c, 0, sizeof(*c));
  c->procs_fd = -1;
  c->kill_fd = -1;
}

/* Reads a small /proc file whole into `text` (NUL-terminated); false when
 * it cannot be opened. */
static bool read_small_file(const char *path, char *text, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  size_t used = 0;
  while (used + 1 < size) {
    ssize_t n = read(fd, text + used, size - 1 - used);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    used += (size_t)n;
  }
  close(fd);
  text[used] = '\0';
  return true;
}

/* The host's cgroup v2 directory: the cgroup2 mount point (mountinfo field
 * 5, fs type after " - ") joined with the "0::" line of /proc/self/cgroup. */
static bool find_own_cgroup(char *dir, size_t size) {
  char own[LINE_MAX_BYTES];
  if (!read_small_file("/proc/self/cgroup", own, sizeof(own))) {
    return false;
  }
  const char *path = strstr(own, "0::");
  if (path != own && (path == NULL || path[-1] != '\n')) {
    return false; /* no unified hierarchy for this process */
  }
  path += 3;
  size_t path_len = strcspn(path, "\n");
  FILE *mounts = fopen("/proc/self/mountinfo", "re");
  if (mounts == NULL) {
    return false;
  }
  char line[LINE_MAX_BYTES];
  bool found = false;
  while (!found && fgets(line, sizeof(line), mounts) != NULL) {
    const char *tail = strstr(line, " - cgroup2 ");
    char mount_point[LINE_MAX_BYTES];
    if (tail != NULL &&
        sscanf(line, "%*s %*s %*s %*s %4095s", mount_point) == 1) {
      /* A root path of "/" adds nothing to the mount point. */
      int n = snprintf(dir, size, "%s%.*s", mount_point,
                       path_len == 1 ? 0 : (int)path_len, path);
      found = n > 0 && (size_t)n < size;
    }
  }
  fclose(mounts);
  return found;
}

static const char CGROUP_PREFIX[] = "wasmedge_process-";

/* Removes the cgroups of hosts that are gone (a host that exits without
 * destroying its module instances leaves them behind), killing whatever
 * they still hold. One that cannot be removed yet is left for next time. */
static void remove_stale_cgroups(const char *parent) {
  DIR *dir = opendir(parent);
  if (dir == NULL) {
    return;
  }
  size_t prefix_len = sizeof(CGROUP_PREFIX) - 1;
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (strncmp(entry->d_name, CGROUP_PREFIX, prefix_len) != 0) {
      continue;
    }
    long owner = strtol(entry->d_name + prefix_len, NULL, 10);
    if (owner <= 0 || owner == (long)getpid() ||
        kill((pid_t)owner, 0) == 0 || errno != ESRCH) {
      continue; /* its host may still be running */
    }
    char path[LINE_MAX_BYTES * 2];
    snprintf(path, sizeof(path), "%s/%s/cgroup.kill", parent, entry->d_name);
    int kill_fd = open(path, O_WRONLY | O_CLOEXEC);
    if (kill_fd >= 0) {
      (void)!write(kill_fd, "1", 1);
      close(kill_fd);
    }
    snprintf(path, sizeof(path), "%s/%s", parent, entry->d_name);
    rmdir(path);
  }
  closedir(dir);
}

static bool prepare_cgroup(containment *c, char *why, size_t why_size) {
  static unsigned long sequence; /* distinct names for this host's instances */
  char parent[LINE_MAX_BYTES];
  if (!find_own_cgroup(parent, sizeof(parent))) {
    snprintf(why, why_size, "this host has no cgroup v2 hierarchy");
    return false;
  }
  remove_stale_cgroups(parent);
  char dir[LINE_MAX_BYTES + 64];
  snprintf(dir, sizeof(dir), "%s/%s%ld-%lu", parent, CGROUP_PREFIX,
           (long)getpid(), __atomic_fetch_add(&sequence, 1, __ATOMIC_RELAXED));
  if (mkdir(dir, 0700) != 0) {
    snprintf(why, why_size, "cannot make cgroup %s: %s", dir, strerror(errno));
    return false;
  }
  char file[sizeof(dir) + 32];
  snprintf(file, sizeof(file), "%s/cgroup.procs", dir);
  c->procs_fd = open(file, O_WRONLY | O_CLOEXEC);
  int err = errno;
  snprintf(file, sizeof(file), "%s/cgroup.kill", dir);
  c->kill_fd = open(file, O_WRONLY | O_CLOEXEC);
  c->cgroup_dir = strdup(dir);
  if (c->procs_fd < 0 || c->cgroup_dir == NULL) {
    snprintf(why, why_size, "cannot use cgroup %s: %s", dir,
             strerror(c->procs_fd < 0 ? err : ENOMEM));
    if (c->kill_fd >= 0) {
      close(c->kill_fd);
    }
    if (c->procs_fd >= 0) {
      close(c->procs_fd);
    }
    free(c->cgroup_dir);
    containment_init(c);
    rmdir(dir);
    return false;
  }
  return true;
}

bool containment_prepare(containment *c, containment_mode wanted, char *why,
                         size_t why_size) {
  if (c->ready) {
    return true;
  }
  if (wanted == CONTAINMENT_INVALID) {
    snprintf(why, why_size,
             "the host option --process-containment is not one of auto, "
             "cgroup, subreaper");
    return false;
  }
  if (wanted != CONTAINMENT_SUBREAPER && prepare_cgroup(c, why, why_size)) {
    c->mode = CONTAINMENT_CGROUP;
  } else if (wanted == CONTAINMENT_CGROUP) {
    return false; /* the host asked for cgroups only; `why` says why not */
  } else {
    c->mode = CONTAINMENT_SUBREAPER;
  }
  c->ready = true;
  return true;
}

/* Calls kill(pid, SIGKILL) for every pid in a file listing decimal
 * numbers; returns how many it found, or -1 when it cannot be read. */
static int kill_listed(const char *path) {
  char text[LINE_MAX_BYTES * 4];
  if (!read_small_file(path, text, sizeof(text))) {
    return -1;
  }
  int found = 0;
  for (char *p = text; *p != '\0';) {
    char *end;
    long pid = strtol(p, &end, 10);
    if (end == p) {
      ++p;
      continue;
    }
    if (pid > 0) {
      kill((pid_t)pid, SIGKILL);
      found++;
    }
    p = end;
  }
  return found;
}

void containment_kill_cgroup(const containment *c) {
  if (c->cgroup_dir == NULL) {
    return;
  }
  if (c->kill_fd >= 0 && write(c->kill_fd, "1", 1) == 1) {
    return;
  }
  /* Before cgroup.kill: kill what is listed until the list is empty. A
   * process cannot fork once SIGKILL is pending, so this converges. */
  char file[LINE_MAX_BYTES + 96];
  snprintf(file, sizeof(file), "%s/cgroup.procs", c->cgroup_dir);
  for (int round = 0; round < KILL_ROUNDS && kill_listed(file) > 0; ++round) {
    poll(NULL, 0, 1);
  }
}

void containment_kill_watched_tree(pid_t watcher) {
  char children[64];
  snprintf(children, sizeof(children), "/proc/%ld/task/%ld/children",
           (long)watcher, (long)watcher);
  int status;
  for (int round = 0; round < KILL_ROUNDS; ++round) {
    pid_t got = waitpid(watcher, &status, WNOHANG);
    if (got == watcher || (got < 0 && errno != EINTR)) {
      return;
    }
    /* Killed children's own children are re-parented to the watcher and
     * show up in the next round; with none left the watcher exits. */
    int listed = kill_listed(children);
    if (listed == 0) {
      while (waitpid(watcher, &status, 0) < 0 && errno == EINTR) {
      }
      return;
    }
    if (listed < 0) {
      break; /* no children file (CONFIG_PROC_CHILDREN off): stop here */
    }
    poll(NULL, 0, 1);
  }
  kill(watcher, SIGKILL); /* bound reached, or no way to see the tree */
  while (waitpid(watcher, &status, 0) < 0 && errno == EINTR) {
  }
}

void containment_release(containment *c) {
  containment_kill_cgroup(c);
  if (c->kill_fd >= 0) {
    close(c->kill_fd);
  }
  if (c->procs_fd >= 0) {
    close(c->procs_fd);
  }
  if (c->cgroup_dir != NULL) {
    for (int i = 0; i < RMDIR_ATTEMPTS; ++i) {
      if (rmdir(c->cgroup_dir) == 0 || errno != EBUSY) {
        break;
      }
      poll(NULL, 0, 2);
    }
    free(c->cgroup_dir);
  }
  containment_init(c);
}
