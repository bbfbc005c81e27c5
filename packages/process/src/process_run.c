/*
 * wasmedge_process_run (see process_run.h and the table in
 * process_plugin.c).
 *
 * Order: input error, allow check, spawn (process_spawn.c), pipe I/O
 * (process_io.c), reaping. The timeout is measured on CLOCK_MONOTONIC from
 * the fork and covers the whole run; when it expires the child's process
 * group is killed and the child reaped.
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

/* SIGKILL to the whole group, and to the child itself in case it left the
 * group (setsid); then reap it so no zombie remains. */
static void kill_and_reap(pid_t pid) {
  int status;
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL);
  (void)wait_child(pid, &status, 0);
}

/* Waits for the child after its pipes are done; kills it at the deadline. */
static int32_t reap_child(pid_t pid, io_outcome io, int64_t deadline) {
  int status = 0;
  int sleep_ms = 1;
  for (;;) {
    pid_t got = wait_child(pid, &status, WNOHANG);
    if (got == pid) {
      if (io == IO_TIMED_OUT) {
        /* The child ended but something it started kept the pipes open
         * past the deadline: stop those stragglers, keep its status. */
        kill(-pid, SIGKILL);
      }
      return exit_code_from_status(status);
    }
    if (got < 0) {
      return EINVAL; /* as upstream, e.g. SIGCHLD ignored by the host */
    }
    int64_t remaining = deadline - process_monotonic_ms();
    if (io == IO_TIMED_OUT || remaining <= 0) {
      kill_and_reap(pid);
      return ETIMEDOUT;
    }
    /* Its pipes are closed but it still runs: check back with a growing
     * pause, never past the deadline. */
    int pause = sleep_ms < remaining ? sleep_ms : (int)remaining;
    poll(NULL, 0, pause);
    if (sleep_ms < REAP_MAX_SLEEP_MS) {
      sleep_ms *= 2;
    }
  }
}

/* Runs an allowed command; returns the exit code. */
static int32_t run_allowed(process_state *state) {
  char **argv = NULL;
  char **envp = NULL;
  if (!process_state_build_exec_vectors(state, &argv, &envp)) {
    set_stderr_errno(state, "cannot prepare the command", ENOMEM);
    return -1;
  }
  spawned_child child;
  int spawn_error = process_spawn(argv, envp, &child);
  if (spawn_error != 0) {
    process_state_free_exec_vectors(argv, envp);
    set_stderr_errno(state, "cannot start the command", spawn_error);
    return -1;
  }
  int64_t deadline = process_monotonic_ms() + (int64_t)state->timeout_ms;
  int io_error = 0;
  io_outcome io = process_exchange_io(&child, &state->stdin_bytes, &state->out,
                             &state->err, deadline, &io_error);
  process_close_fd(&child.stdin_fd);
  process_close_fd(&child.stdout_fd);
  process_close_fd(&child.stderr_fd);
  process_state_free_exec_vectors(argv, envp);

  if (io == IO_FAILED) {
    kill_and_reap(child.pid);
    wpl_buffer_release(&state->out);
    set_stderr_errno(state,
                     "capturing the output failed; the command was killed",
                     io_error);
    return -1;
  }
  return reap_child(child.pid, io, deadline);
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
