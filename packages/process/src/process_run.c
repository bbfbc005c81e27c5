/*
 * wasmedge_process_run (see process_run.h and the table in
 * process_plugin.c).
 *
 * Order: input error, allow check, containment (process_containment.c),
 * spawn (process_spawn.c), pipe I/O (process_io.c), reaping. The timeout is
 * measured on CLOCK_MONOTONIC from the spawn and covers the whole run; when
 * it expires the run's whole process tree is killed and the child reaped.
 * Whatever the outcome, no process of the run outlives it.
 */
#include "process_run.h"

#include "process_io.h"
#include "process_spawn.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

enum { REAP_MAX_SLEEP_MS = 50 };

/* Replaces stderr with one of our own messages (best effort: if even this
 * small allocation fails, stderr stays empty). */
static void set_stderr_message(process_state *state, const char *message) {
  wpl_buffer_release(&state->err);
  (void)wpl_buffer_append_text(&state->err, message);
}

static void set_stderr_errno(process_state *state, const char *what, int err) {
  char reason[128];
  char message[256];
  snprintf(message, sizeof(message), "wasmedge_process: %s: %s\n", what,
           strerror_r(err, reason, sizeof(reason)));
  set_stderr_message(state, message);
}

/* Spec §5.1: the exact refusal line upstream writes (and tests assert). */
static void set_refusal_message(process_state *state) {
  const wpl_buffer *name = &state->prog_name;
  wpl_buffer *err = &state->err;
  bool ok = wpl_buffer_append_text(err, "Permission denied: Command \"") &&
            wpl_buffer_append(err, name->data, name->len) &&
            wpl_buffer_append_text(
                err, "\" is not in the white list. Please use "
                     "--allow-command=") &&
            wpl_buffer_append(err, name->data, name->len) &&
            wpl_buffer_append_text(err, " or --allow-command-all to add \"") &&
            wpl_buffer_append(err, name->data, name->len) &&
            wpl_buffer_append_text(err, "\" command into the white list.\n");
  if (!ok) {
    wpl_buffer_release(err);
  }
}

/* Upstream's reading of a wait status, plus 128+signal for a signalled
 * child (upstream reports 0 there). */
static int32_t exit_code_from_status(int status) {
  if (WIFEXITED(status)) {
    int value = WEXITSTATUS(status); /* 0..255, read as signed 8-bit */
    return value < 128 ? value : value - 256;
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return -1;
}

/* waitpid without giving up on EINTR; returns its result. */
static pid_t wait_child(pid_t pid, int *status, int options) {
  pid_t got;
  do {
    got = waitpid(pid, status, options);
  } while (got < 0 && errno == EINTR);
  return got;
}

/* Kernels without pidfd: the pipes are closed but the command may still
 * run; check back with a growing pause, never past the deadline. Returns
 * true with *status once it ended, false at the deadline. */
static bool wait_without_pidfd(pid_t pid, int64_t deadline, int *status,
                               bool *wait_failed) {
  int sleep_ms = 1;
  for (;;) {
    pid_t got = wait_child(pid, status, WNOHANG);
    if (got == pid || got < 0) {
      *wait_failed = got < 0;
      return true;
    }
    int64_t remaining = deadline - process_monotonic_ms();
    if (remaining <= 0) {
      return false;
    }
    poll(NULL, 0, sleep_ms < remaining ? sleep_ms : (int)remaining);
    if (sleep_ms < REAP_MAX_SLEEP_MS) {
      sleep_ms *= 2;
    }
  }
}

/*
 * Ends a run whose I/O is over: the command's result, then nothing of the
 * run left alive. Order matters: on a timeout the tree is killed while the
 * pipes are still open, so a command that was writing dies of SIGKILL and
 * not of a SIGPIPE that would look like its own exit.
 */
static int32_t finish_run(process_state *state, spawned_child *child,
                          io_outcome io, const io_report *report,
                          int64_t deadline) {
  const containment *contain = &state->contain;
  bool ended = report->command_ended;
  int status = 0;
  bool wait_failed = false;
  if (child->exit_fd < 0 && !child->watched && !ended) {
    /* No pidfd: wait for the exit now, up to the deadline; after a timeout
     * only take an exit that already happened. */
    if (io == IO_FINISHED) {
      ended = wait_without_pidfd(child->pid, deadline, &status, &wait_failed);
    } else if (io == IO_TIMED_OUT) {
      ended = wait_child(child->pid, &status, WNOHANG) == child->pid;
    }
    if (ended && !wait_failed) {
      child->pid = -1; /* reaped */
    }
  }
  if (child->watched) {
    /* Kills what is left (everything, on a timeout) and reaps the
     * watcher: once only, its pid is not ours afterwards. */
    containment_kill_watched_tree(child->pid);
    status = report->status;
    wait_failed = ended && !report->have_status;
  } else if (io == IO_FAILED || !ended) {
    containment_kill_cgroup(contain);
    kill(child->pid, SIGKILL);
  }
  process_close_fd(&child->stdin_fd);
  process_close_fd(&child->stdout_fd);
  process_close_fd(&child->stderr_fd);
  process_close_fd(&child->exit_fd);
  if (!child->watched) {
    if (child->pid > 0 && wait_child(child->pid, &status, 0) < 0) {
      wait_failed = true; /* e.g. SIGCHLD ignored by the host */
    }
    containment_kill_cgroup(contain); /* stragglers */
  }
  if (io == IO_FAILED) {
    return -1;
  }
  if (!ended) {
    return ETIMEDOUT;
  }
  return wait_failed ? EINVAL : exit_code_from_status(status);
}

/* Runs an allowed command; returns the exit code. */
static int32_t run_allowed(process_state *state) {
  char why[256];
  if (!containment_prepare(&state->contain, state->limits.containment, why,
                           sizeof(why))) {
    char message[320];
    snprintf(message, sizeof(message),
             "wasmedge_process: cannot contain the command: %s\n", why);
    set_stderr_message(state, message);
    return -1;
  }
  char **argv = NULL;
  char **envp = NULL;
  if (!process_state_build_exec_vectors(state, &argv, &envp)) {
    set_stderr_errno(state, "cannot prepare the command", ENOMEM);
    return -1;
  }
  spawned_child child;
  int spawn_error = process_spawn(argv, envp, &state->contain, &child);
  process_state_free_exec_vectors(argv, envp);
  if (spawn_error != 0) {
    set_stderr_errno(state, "cannot start the command", spawn_error);
    return -1;
  }
  int64_t deadline = process_monotonic_ms() + (int64_t)state->timeout_ms;
  io_report report = {0};
  io_outcome io = process_exchange_io(&child, &state->stdin_bytes, &state->out,
                                      &state->err,
                                      state->limits.max_output_bytes, deadline,
                                      &report);
  int32_t code = finish_run(state, &child, io, &report, deadline);
  if (io == IO_FAILED) {
    wpl_buffer_release(&state->out);
    set_stderr_errno(state,
                     "capturing the output failed; the command was killed",
                     report.error);
  }
  return code;
}

int32_t process_run(process_state *state) {
  wpl_buffer_release(&state->out);
  wpl_buffer_release(&state->err);
  state->exit_code = -1;
  int32_t code = -1;
  if (state->has_input_error) {
    set_stderr_message(state, state->input_error);
  } else if (!allow_list_permits(&state->allowed, state->prog_name.data,
                                 state->prog_name.len)) {
    set_refusal_message(state);
  } else {
    code = run_allowed(state);
  }
  state->exit_code = code;
  process_state_clear_inputs(state);
  return code;
}
