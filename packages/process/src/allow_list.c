/*
 * Allow-list options and their per-instance copy (see allow_list.h).
 *
 * Why the options look like this:
 *  - Upstream declares `allow-command` as a list option (each repeated flag
 *    adds one command). The C plug-in API has no list type and keeps only the
 *    last value of a String option, so one value may carry several commands
 *    separated by commas. A command whose name contains a comma therefore
 *    cannot be listed (use --allow-command-all).
 *  - `allow-command` gets a non-NULL DefaultValue; without one the wasmedge
 *    CLI treats the option as mandatory and refuses to run any program
 *    (plugin-abi.md §2.3).
 *  - The SDK's WasmEdge_ModuleInstanceInitWasmEdgeProcess writes a libstdc++
 *    std::vector<std::string> into the storage of `allow-command` by C++
 *    assignment (plugin-abi.md §2.4). See read_sdk_vector() below.
 */
#include "allow_list.h"

#include <wasmedge/plugin_support.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Zero-initialised: read as WasmEdge_String it is {0, NULL}; read as a
 * vector (three NULL pointers) it is a valid empty std::vector, so the SDK's
 * assignment allocates fresh storage instead of freeing garbage, and its
 * 24 bytes stay inside these 64. */
allow_command_storage allow_command_option;
const WasmEdge_String allow_command_default = {0, NULL};
bool allow_command_all_option;

enum {
  SDK_WORD_BEGIN = 0,
  SDK_WORD_END = 1,
  SDK_WORD_CAPACITY = 2,     /* bytes 16..23: never written by the CLI */
  SDK_STRING_SIZE = 32,      /* libstdc++ (cxx11 ABI) std::string on LP64 */
  SDK_MAX_ENTRIES = 4096,
  SDK_MAX_ENTRY_LEN = 4096,
  CMDLINE_MAX_BYTES = 1 << 22 /* /proc/self/cmdline is bounded by ARG_MAX */
};

static bool add_entry(allow_list *list, const void *bytes, size_t len) {
  if (len == 0) {
    return true; /* an empty name is never a useful entry */
  }
  allow_entry *grown =
      realloc(list->entries, (list->count + 1) * sizeof(*list->entries));
  if (grown == NULL) {
    return false;
  }
  list->entries = grown;
  uint8_t *copy = malloc(len);
  if (copy == NULL) {
    return false;
  }
  memcpy(copy, bytes, len);
  list->entries[list->count].bytes = copy;
  list->entries[list->count].len = len;
  list->count++;
  return true;
}

/* The CLI value: commands separated by commas ("ls,cat"). */
static bool read_cli_value(allow_list *list) {
  const WasmEdge_String value = allow_command_option.cli_value;
  if (value.Buf == NULL) {
    return true;
  }
  size_t start = 0;
  for (size_t i = 0; i <= value.Length; ++i) {
    if (i == value.Length || value.Buf[i] == ',') {
      if (!add_entry(list, value.Buf + start, i - start)) {
        return false;
      }
      start = i + 1;
    }
  }
  return true;
}

/* Reads data pointer and size of element `i` of the SDK's vector. */
static void read_sdk_element(uintptr_t begin, size_t i, const char **data,
                             size_t *size) {
  const unsigned char *element =
      (const unsigned char *)begin + i * SDK_STRING_SIZE;
  memcpy(data, element, sizeof(*data));
  memcpy(size, element + sizeof(*data), sizeof(*size));
}

/*
 * The SDK value. The CLI writes only bytes 0..15 (Length, padding, Buf), so
 * a non-zero word at bytes 16..23 can only be the capacity-end pointer of a
 * vector written by the SDK. Its layout (libstdc++, cxx11 string ABI) is
 * {begin, end, capacity-end}, each element {char *data; size_t size;
 * union {char local[16]; size_t capacity;}}. We cannot prove those
 * pointers valid, so anything implausible is ignored with a warning
 * instead of being followed. Entries are taken whole (no comma splitting),
 * as upstream does for this API.
 */
static bool read_sdk_vector(allow_list *list) {
  const uint64_t *w = allow_command_option.words;
  uintptr_t begin = (uintptr_t)w[SDK_WORD_BEGIN];
  uintptr_t end = (uintptr_t)w[SDK_WORD_END];
  uintptr_t cap = (uintptr_t)w[SDK_WORD_CAPACITY];
  bool plausible = begin != 0 && begin <= end && end <= cap &&
                   begin % sizeof(void *) == 0 &&
                   (end - begin) % SDK_STRING_SIZE == 0 &&
                   (end - begin) / SDK_STRING_SIZE <= SDK_MAX_ENTRIES;
  size_t count = plausible ? (size_t)(end - begin) / SDK_STRING_SIZE : 0;
  for (size_t i = 0; plausible && i < count; ++i) {
    const char *data;
    size_t size;
    read_sdk_element(begin, i, &data, &size);
    plausible = data != NULL && size <= SDK_MAX_ENTRY_LEN;
  }
  if (!plausible) {
    fprintf(stderr,
            "wasmedge_process: the allow-command option holds a value that is "
            "neither a command-line string nor a readable SDK command list; "
            "ignoring it (no command is allowed unless --allow-command-all)\n");
    return true;
  }
  for (size_t i = 0; i < count; ++i) {
    const char *data;
    size_t size;
    read_sdk_element(begin, i, &data, &size);
    if (!add_entry(list, data, size)) {
      return false;
    }
  }
  return true;
}

bool allow_list_load(allow_list *list) {
  list->allow_all = allow_command_all_option;
  list->count = 0;
  list->entries = NULL;
  bool sdk_wrote_vector = allow_command_option.words[SDK_WORD_CAPACITY] != 0;
  bool ok = sdk_wrote_vector ? read_sdk_vector(list) : read_cli_value(list);
  if (!ok) {
    allow_list_free(list);
    list->allow_all = false; /* fail closed */
  }
  return ok;
}

bool allow_list_permits(const allow_list *list, const uint8_t *name,
                        size_t len) {
  if (list->allow_all) {
    return true;
  }
  for (size_t i = 0; i < list->count; ++i) {
    const allow_entry *entry = &list->entries[i];
    if (entry->len == len && memcmp(entry->bytes, name, len) == 0) {
      return true;
    }
  }
  return false;
}

void allow_list_free(allow_list *list) {
  for (size_t i = 0; i < list->count; ++i) {
    free(list->entries[i].bytes);
  }
  free(list->entries);
  list->entries = NULL;
  list->count = 0;
}

/* Counts "--allow-command" and "--allow-command=..." tokens (not
 * "--allow-command-all") in the NUL-separated command line. */
static size_t count_allow_command_flags(const wpl_buffer *cmdline) {
  static const char flag[] = "--allow-command";
  const size_t flag_len = sizeof(flag) - 1;
  size_t count = 0;
  size_t pos = 0;
  while (pos < cmdline->len) {
    const char *token = (const char *)cmdline->data + pos;
    size_t len = strnlen(token, cmdline->len - pos);
    if (len >= flag_len && memcmp(token, flag, flag_len) == 0 &&
        (len == flag_len || token[flag_len] == '=')) {
      count++;
    }
    pos += len + 1;
  }
  return count;
}

void allow_list_warn_repeated_flags(void) {
#ifdef __linux__
  int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return; /* only a hint; nothing to do without /proc */
  }
  wpl_buffer cmdline = WPL_BUFFER_INIT;
  char chunk[4096];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0 || cmdline.len + (size_t)n > CMDLINE_MAX_BYTES ||
        !wpl_buffer_append(&cmdline, chunk, (size_t)n)) {
      break;
    }
  }
  close(fd);
  size_t count = count_allow_command_flags(&cmdline);
  wpl_buffer_release(&cmdline);
  if (count > 1) {
    fprintf(stderr,
            "wasmedge_process: --allow-command was given %zu times but only "
            "the last one takes effect; list several commands in one flag, "
            "separated by commas (--allow-command=ls,cat)\n",
            count);
  }
#endif
}
