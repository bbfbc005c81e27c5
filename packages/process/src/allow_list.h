/*
 * Which programs the guest may run: the storage behind the two program
 * options, and the per-instance copy taken from it at Create.
 *
 *   --allow-command=ls,cat   (String) commands, comma-separated
 *   --allow-command-all      (Toggle) any command
 *
 * A command is allowed when the toggle is set or when the program name the
 * guest set is byte-for-byte equal to one entry ("ls" and "/bin/ls" differ).
 */
#ifndef PROCESS_ALLOW_LIST_H
#define PROCESS_ALLOW_LIST_H

#include <wasmedge/wasmedge.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Storage of the `allow-command` option. The runtime CLI writes a
 * WasmEdge_String into the first 16 bytes; the SDK call
 * WasmEdge_ModuleInstanceInitWasmEdgeProcess instead assigns a C++
 * std::vector<std::string> over it (plugin-abi.md §2.4). The union is large,
 * aligned and zero-initialised so that assignment lands inside our storage
 * on a valid empty vector; allow_list.c explains how both are told apart.
 */
typedef union allow_command_storage {
  WasmEdge_String cli_value; /* first member: what the option points at */
  uint64_t words[8];         /* 64 bytes, room for the SDK's 24-byte vector */
  _Alignas(16) unsigned char bytes[64];
} allow_command_storage;

extern allow_command_storage allow_command_option;     /* "allow-command" */
extern const WasmEdge_String allow_command_default;    /* {0, NULL} */
extern bool allow_command_all_option;                  /* "allow-command-all" */

/* One module instance's copy of the options. */
typedef struct allow_entry {
  uint8_t *bytes;
  size_t len;
} allow_entry;

typedef struct allow_list {
  bool allow_all;
  size_t count;
  allow_entry *entries;
} allow_list;

/* Copies the current option values into `list`. Returns false (and leaves
 * `list` empty, nothing allowed) when memory runs out. */
bool allow_list_load(allow_list *list);

/* True when `name` (not NUL-terminated) may be run. */
bool allow_list_permits(const allow_list *list, const uint8_t *name,
                        size_t len);

void allow_list_free(allow_list *list);

/* Linux: warns on stderr when the process command line repeats
 * --allow-command, because only the last occurrence reaches the plug-in. */
void allow_list_warn_repeated_flags(void);

#endif /* PROCESS_ALLOW_LIST_H */
