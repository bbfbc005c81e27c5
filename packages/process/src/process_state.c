/* Per-instance state of wasmedge_process: see process_state.h. */
#include "process_state.h"

#include "loader_env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

process_state *process_state_create(void) {
  process_state *state = calloc(1, sizeof(*state));
  if (state == NULL) {
    return NULL;
  }
  if (pthread_mutex_init(&state->lock, NULL) != 0) {
    free(state);
    return NULL;
  }
  if (!allow_list_load(&state->allowed)) {
    pthread_mutex_destroy(&state->lock);
    free(state);
    return NULL;
  }
  process_limits_load(&state->limits);
  containment_init(&state->contain);
  state->timeout_ms = PROCESS_DEFAULT_TIMEOUT_MS;
  return state;
}

void process_state_destroy(void *opaque) {
  process_state *state = opaque;
  if (state == NULL) {
    return;
  }
  process_state_clear_inputs(state);
  wpl_buffer_release(&state->out);
  wpl_buffer_release(&state->err);
  allow_list_free(&state->allowed);
  containment_release(&state->contain);
  pthread_mutex_destroy(&state->lock);
  free(state);
}

void process_state_record_input_error(process_state *state, const char *call,
                                      const char *what, uint32_t ptr,
                                      uint32_t len, const char *problem) {
  if (state->has_input_error) {
    return; /* the first problem explains the rest */
  }
  state->has_input_error = true;
  snprintf(state->input_error, sizeof(state->input_error),
           "wasmedge_process: %s: %s range [ptr=%u, len=%u] %s; nothing was "
           "run\n",
           call, what, (unsigned)ptr, (unsigned)len, problem);
}

/* Makes room for one more element in a growable array. */
static bool grow_for_one(void **items, size_t *cap, size_t count,
                         size_t element_size) {
  if (count < *cap) {
    return true;
  }
  size_t new_cap = *cap == 0 ? 8 : *cap * 2;
  if (new_cap > SIZE_MAX / element_size) {
    return false;
  }
  void *grown = realloc(*items, new_cap * element_size);
  if (grown == NULL) {
    return false;
  }
  *items = grown;
  *cap = new_cap;
  return true;
}

bool process_state_admit_input(process_state *state, uint32_t len) {
  if (len > state->limits.max_input_bytes ||
      state->input_bytes > state->limits.max_input_bytes - len) {
    return false;
  }
  state->input_bytes += len;
  return true;
}

const char *process_state_input_limit_problem(const process_state *state,
                                              char *text, size_t size) {
  snprintf(text, size,
           "would exceed the %u-byte input limit of one run (host option "
           "--process-max-input-bytes)",
           (unsigned)state->limits.max_input_bytes);
  return text;
}

bool process_state_append_name(process_state *state, const uint8_t *bytes,
                               size_t len) {
  return wpl_buffer_append(&state->prog_name, bytes, len);
}

bool process_state_add_arg(process_state *state, char *owned_arg) {
  void *items = state->args;
  bool ok = grow_for_one(&items, &state->arg_cap, state->arg_count,
                         sizeof(*state->args));
  state->args = items;
  if (!ok) {
    return false;
  }
  state->args[state->arg_count++] = owned_arg;
  return true;
}

bool process_state_add_env(process_state *state, const char *name,
                           const char *value) {
  size_t name_len = strlen(name);
  for (size_t i = 0; i < state->env_count; ++i) {
    const env_entry *entry = &state->env[i];
    if (entry->name_len == name_len &&
        memcmp(entry->text, name, name_len) == 0) {
      return true; /* first value wins, as upstream's map insert */
    }
  }
  size_t value_len = strlen(value);
  if (value_len > SIZE_MAX - name_len - 2) {
    return false;
  }
  char *text = malloc(name_len + value_len + 2);
  if (text == NULL) {
    return false;
  }
  memcpy(text, name, name_len);
  text[name_len] = '=';
  memcpy(text + name_len + 1, value, value_len + 1);

  void *items = state->env;
  bool ok = grow_for_one(&items, &state->env_cap, state->env_count,
                         sizeof(*state->env));
  state->env = items;
  if (!ok) {
    free(text);
    return false;
  }
  state->env[state->env_count].text = text;
  state->env[state->env_count].name_len = name_len;
  state->env_count++;
  return true;
}

/* Byte order of the NAME part, shorter prefix first (std::string order). */
static int compare_env_names(const void *a, const void *b) {
  const env_entry *x = a;
  const env_entry *y = b;
  size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
  int c = memcmp(x->text, y->text, n);
  if (c != 0) {
    return c;
  }
  return (x->name_len > y->name_len) - (x->name_len < y->name_len);
}

bool process_state_build_exec_vectors(const process_state *state,
                                      char ***argv_out, char ***envp_out) {
  *argv_out = NULL;
  *envp_out = NULL;
  size_t name_len = state->prog_name.len;
  char *name = malloc(name_len + 1);
  char **argv = calloc(state->arg_count + 2, sizeof(*argv));
  char **envp = calloc(state->env_count + 1, sizeof(*envp));
  env_entry *sorted = malloc((state->env_count + 1) * sizeof(*sorted));
  if (name == NULL || argv == NULL || envp == NULL || sorted == NULL) {
    free(name);
    free(argv);
    free(envp);
    free(sorted);
    return false;
  }
  if (name_len > 0) {
    memcpy(name, state->prog_name.data, name_len);
  }
  name[name_len] = '\0';
  argv[0] = name;
  for (size_t i = 0; i < state->arg_count; ++i) {
    argv[i + 1] = state->args[i];
  }
  if (state->env_count > 0) {
    memcpy(sorted, state->env, state->env_count * sizeof(*sorted));
    qsort(sorted, state->env_count, sizeof(*sorted), compare_env_names);
  }
  size_t kept = 0;
  for (size_t i = 0; i < state->env_count; ++i) {
    if (state->limits.allow_loader_env ||
        !loader_env_is_dangerous(sorted[i].text, sorted[i].name_len)) {
      envp[kept++] = sorted[i].text;
    }
  }
  free(sorted);
  *argv_out = argv;
  *envp_out = envp;
  return true;
}

void process_state_free_exec_vectors(char **argv, char **envp) {
  if (argv != NULL) {
    free(argv[0]); /* the only string the vectors own */
  }
  free(argv);
  free(envp);
}

void process_state_clear_inputs(process_state *state) {
  wpl_buffer_release(&state->prog_name);
  for (size_t i = 0; i < state->arg_count; ++i) {
    free(state->args[i]);
  }
  free(state->args);
  state->args = NULL;
  state->arg_count = state->arg_cap = 0;
  for (size_t i = 0; i < state->env_count; ++i) {
    free(state->env[i].text);
  }
  free(state->env);
  state->env = NULL;
  state->env_count = state->env_cap = 0;
  wpl_buffer_release(&state->stdin_bytes);
  state->timeout_ms = PROCESS_DEFAULT_TIMEOUT_MS;
  state->input_bytes = 0;
  state->has_input_error = false;
  state->input_error[0] = '\0';
}
