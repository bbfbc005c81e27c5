/*
 * Host options of wasmedge_process beyond the allow list, and the copy each
 * module instance takes of them when it is created.
 *
 *   --process-allow-loader-env       (Toggle) pass dynamic-loader variables
 *                                    (LD_PRELOAD, ...) the guest sets
 *   --process-max-input-bytes=N      (UInt32) cap on the program name,
 *                                    arguments, environment and stdin the
 *                                    guest supplies for one run together
 *                                    (default 16 MiB)
 *   --process-max-output-bytes=N     (UInt32) cap on captured stdout, and
 *                                    separately on stderr (default 16 MiB)
 *   --process-containment=MODE       (String) how a run's whole process tree
 *                                    is tracked and killed: auto (default),
 *                                    cgroup or subreaper
 */
#ifndef PROCESS_OPTIONS_H
#define PROCESS_OPTIONS_H

#include <wasmedge/wasmedge.h>

#include <stdbool.h>
#include <stdint.h>

enum {
  PROCESS_DEFAULT_MAX_INPUT_BYTES = 16 * 1024 * 1024,
  PROCESS_DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024
};

typedef enum containment_mode {
  CONTAINMENT_AUTO,      /* cgroup v2 when this host can make one, else subreaper */
  CONTAINMENT_CGROUP,    /* cgroup v2 only; a run fails when none can be made */
  CONTAINMENT_SUBREAPER, /* a watcher process with PR_SET_CHILD_SUBREAPER */
  CONTAINMENT_INVALID    /* the option held something else */
} containment_mode;

/* Option storage, pointed at by the descriptor's option table. */
extern bool process_allow_loader_env_option;
extern uint32_t process_max_input_bytes_option;
extern const uint32_t process_max_input_bytes_default;
extern uint32_t process_max_output_bytes_option;
extern const uint32_t process_max_output_bytes_default;
extern WasmEdge_String process_containment_option;
extern const WasmEdge_String process_containment_default;

/* One module instance's copy. */
typedef struct process_limits {
  bool allow_loader_env;
  uint32_t max_input_bytes;
  uint32_t max_output_bytes;
  containment_mode containment;
} process_limits;

/* Copies the current option values. */
void process_limits_load(process_limits *limits);

/* The option's spelling of a mode, for messages. */
const char *containment_mode_name(containment_mode mode);

#endif /* PROCESS_OPTIONS_H */
