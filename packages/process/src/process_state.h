/*
 * Per-module-instance state of wasmedge_process: what the guest has set up
 * for the next run, what the last run produced, and the allow list copied
 * from the options when the instance was created. Nothing here is global.
 */
#ifndef PROCESS_STATE_H
#define PROCESS_STATE_H

#include "allow_list.h"
#include "process_containment.h"
#include "process_options.h"
#include <wasmedge/plugin_support.h>

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { PROCESS_DEFAULT_TIMEOUT_MS = 10000 };

/* One "NAME=VALUE" string; name_len bytes are the NAME. */
typedef struct env_entry {
  char *text;
  size_t name_len;
} env_entry;

typedef struct process_state {
  /* Guest threads may call into one instance concurrently; every host
   * function holds this while it touches the state. */
  pthread_mutex_t lock;
  allow_list allowed;
  process_limits limits; /* host options copied at Create */
  containment contain;   /* where this instance's runs are tracked */

  /* Inputs for the next run, cleared by every run. */
  wpl_buffer prog_name; /* bytes, NUL-free (checked on append) */
  char **args;
  size_t arg_count, arg_cap;
  env_entry *env; /* first value for a NAME wins */
  size_t env_count, env_cap;
  wpl_buffer stdin_bytes;
  uint32_t timeout_ms;
  size_t input_bytes;    /* name + arguments + environment + stdin so far */
  bool has_input_error; /* a bad input call since the last run */
  char input_error[256]; /* its one-line message, for stderr */

  /* Results of the last run. */
  wpl_buffer out;
  wpl_buffer err;
  int32_t exit_code;
} process_state;

/* NULL when memory runs out. */
process_state *process_state_create(void);

/* Module finalizer; accepts NULL. */
void process_state_destroy(void *state);

/*
 * Records why an input call could not be honoured; only the first problem
 * since the last run is kept. Message:
 *   "wasmedge_process: <call>: <what> range [ptr=P, len=L] <problem>;
 *    nothing was run\n"
 */
void process_state_record_input_error(process_state *state, const char *call,
                                      const char *what, uint32_t ptr,
                                      uint32_t len, const char *problem);

/* Counts `len` more guest input bytes against the host's cap. Returns
 * false (and counts nothing) when the run's input would exceed it; the
 * caller then records the input error before copying anything. */
bool process_state_admit_input(process_state *state, uint32_t len);

/* Problem text for an input over the cap, for the input-error line. */
const char *process_state_input_limit_problem(const process_state *state,
                                              char *text, size_t size);

/* Each returns false when memory runs out (nothing is then added). */
bool process_state_append_name(process_state *state, const uint8_t *bytes,
                               size_t len);
bool process_state_add_arg(process_state *state, char *owned_arg);
/* Takes ownership of neither string; an existing NAME keeps its value. */
bool process_state_add_env(process_state *state, const char *name,
                           const char *value);

/* Builds the NULL-terminated vectors exec needs: argv = program name then
 * the arguments, envp = the NAME=VALUE strings ordered by NAME (upstream
 * keeps them in an ordered map), without the dangerous loader variables
 * (loader_env.h) unless the host allows them. Strings are borrowed from the state except
 * *argv[0]; release everything with process_state_free_exec_vectors. */
bool process_state_build_exec_vectors(const process_state *state,
                                      char ***argv, char ***envp);
void process_state_free_exec_vectors(char **argv, char **envp);

/* Forgets name, arguments, environment, stdin and any input error, and
 * resets the timeout: done at the end of every run. */
void process_state_clear_inputs(process_state *state);

#endif /* PROCESS_STATE_H */
