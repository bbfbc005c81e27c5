// The nn-preload program option: its storage, and the per-instance list of
// preloaded models parsed from it when a module instance is created.
//
//   --nn-preload=NAME:ENCODING:TARGET:PATH[:PATH...][,NAME:...]
//
// Upstream's option is a list (one entry per repeated flag). A C plug-in
// option holds one value and a repeated flag keeps only the last, so one
// value carries several entries separated by commas. A path containing a
// comma cannot be preloaded this way.
#ifndef WASI_NN_PRELOAD_H
#define WASI_NN_PRELOAD_H

#include "wasi_nn_types.h"

#include <wasmedge/wasmedge.h>

#include <cstdint>
#include <string>
#include <vector>

namespace wasi_nn {

// What the option's Storage points at. The wasmedge CLI writes a
// WasmEdge_String into the first 16 bytes. The SDK call
// WasmEdge_PluginInitWASINN instead assigns a C++ std::vector<std::string>
// over it (shared/spec/plugin-abi.md §2.4); the union is zero-initialised,
// 16-byte aligned and 64 bytes long so that the assignment finds a valid
// empty vector and stays inside our storage. nn_preload.cpp tells the two
// apart.
union PreloadOptionStorage {
  WasmEdge_String cli_value; // first member: what the CLI writes
  uint64_t words[8];
  alignas(16) unsigned char bytes[64];
};

extern PreloadOptionStorage nn_preload_option;
extern const WasmEdge_String nn_preload_default; // {0, NULL}: no preloads

// --nn-preload-only: guests may load only the preloaded models; `load`
// (model bytes from the guest) answers UnsupportedOperation.
extern bool nn_preload_only_option;

struct PreloadEntry {
  std::string name;
  wasi_nn_encoding encoding;
  wasi_nn_target target;
  std::vector<std::string> paths; // one builder each
};

// The entries the option holds now. Entries with an unknown encoding or
// target, or too few fields, are reported on stderr and left out, as
// upstream does. May throw std::bad_alloc.
std::vector<PreloadEntry> read_preload_option();

// The first entry named `name`, or nullptr (first entry wins, as upstream).
const PreloadEntry *find_preload(const std::vector<PreloadEntry> &entries,
                                 const std::string &name);

// Linux: warns on stderr when the process command line repeats
// --nn-preload, because only the last occurrence reaches the plug-in.
void warn_repeated_preload_flags() noexcept;

} // namespace wasi_nn

#endif // WASI_NN_PRELOAD_H
