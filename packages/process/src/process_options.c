/* Host options of wasmedge_process (see process_options.h). */
#include "process_options.h"

#include <string.h>

bool process_allow_loader_env_option;
/* Absent options keep these initial values (the CLI writes nothing); the
 * DefaultValue pointers only matter for an option given without a value,
 * and must be non-NULL or the CLI makes the option mandatory. */
uint32_t process_max_input_bytes_option = PROCESS_DEFAULT_MAX_INPUT_BYTES;
const uint32_t process_max_input_bytes_default =
    PROCESS_DEFAULT_MAX_INPUT_BYTES;
uint32_t process_max_output_bytes_option = PROCESS_DEFAULT_MAX_OUTPUT_BYTES;
const uint32_t process_max_output_bytes_default =
    PROCESS_DEFAULT_MAX_OUTPUT_BYTES;
WasmEdge_String process_containment_option = {0, NULL};
const WasmEdge_String process_containment_default = {0, NULL};

static const struct {
  const char *name;
  containment_mode mode;
} containment_modes[] = {
    {"auto", CONTAINMENT_AUTO},
    {"cgroup", CONTAINMENT_CGROUP},
    {"subreaper", CONTAINMENT_SUBREAPER},
};

static containment_mode parse_containment(WasmEdge_String text) {
  if (text.Buf == NULL || text.Length == 0) {
    return CONTAINMENT_AUTO;
  }
  for (size_t i = 0; i < sizeof(containment_modes) / sizeof(containment_modes[0]);
       ++i) {
    const char *name = containment_modes[i].name;
    if (strlen(name) == text.Length && memcmp(name, text.Buf, text.Length) == 0) {
      return containment_modes[i].mode;
    }
  }
  return CONTAINMENT_INVALID;
}

const char *containment_mode_name(containment_mode mode) {
  for (size_t i = 0; i < sizeof(containment_modes) / sizeof(containment_modes[0]);
       ++i) {
    if (containment_modes[i].mode == mode) {
      return containment_modes[i].name;
    }
  }
  return "invalid";
}

void process_limits_load(process_limits *limits) {
  limits->allow_loader_env = process_allow_loader_env_option;
  limits->max_input_bytes = process_max_input_bytes_option;
  limits->max_output_bytes = process_max_output_bytes_option;
  limits->containment = parse_containment(process_containment_option);
}
