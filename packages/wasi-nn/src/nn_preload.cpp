// nn-preload: option storage and parsing (see nn_preload.h).
//
// Why it looks like this:
//  - The option gets a non-NULL DefaultValue: without one the wasmedge CLI
//    makes it mandatory and refuses to run any program (plugin-abi §2.3).
//  - Entries are parsed at every Create, into the instance, so changing the
//    option later does not affect existing instances. Model files are not
//    read here (Create must stay cheap, plugin-abi §1.5): the backend opens
//    them at the first load_by_name. Upstream reads every file at Create.
//  - WasmEdge_PluginInitWASINN (SDKs) writes a libstdc++ std::vector of
//    std::string into the storage by C++ assignment (plugin-abi §2.4); see
//    read_sdk_value().
#include "nn_preload.h"

#include "nn_tables.h"

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <unistd.h>

namespace wasi_nn {

PreloadOptionStorage nn_preload_option; // zero: {0, NULL}, or an empty vector
const WasmEdge_String nn_preload_default = {0, nullptr};
bool nn_preload_only_option = false;

namespace {

// The CLI writes bytes 0..15 only; the vector's third word (its capacity
// end) lives at bytes 16..23, so a non-zero word there means the SDK wrote.
constexpr size_t kSdkBegin = 0, kSdkEnd = 1, kSdkCapacity = 2;
// The runtime's libstdc++ std::string (cxx11 ABI, LP64), whatever string ABI
// this library itself is compiled with (a backend SDK may impose the old one).
constexpr size_t kSdkStringSize = 32;
constexpr size_t kSdkStringAlign = 8;
constexpr size_t kSdkMaxEntries = 4096;
constexpr size_t kSdkMaxEntryLength = 1 << 16;

void report(const std::string &entry, const char *why) {
  std::fprintf(stderr, "wasi_nn: nn-preload entry \"%s\" ignored: %s\n",
               entry.c_str(), why);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == separator) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// One NAME:ENCODING:TARGET:PATH[:PATH...] entry.
void parse_entry(std::string_view text, std::vector<PreloadEntry> &out) {
  const std::string shown(text);
  if (text.find('\0') != std::string_view::npos) {
    report(shown, "it contains a NUL byte");
    return;
  }
  std::vector<std::string_view> fields = split(text, ':');
  if (fields.size() < 3) {
    report(shown, "expected NAME:ENCODING:TARGET:PATH");
    return;
  }
  std::optional<PreloadEncoding> encoding = preload_encoding(fields[1]);
  if (!encoding) {
    report(shown, "unknown encoding (openvino, pytorch, tensorflowlite, ...)");
    return;
  }
  std::optional<wasi_nn_target> target = preload_target(fields[2]);
  if (!target) {
    report(shown, "unknown target (cpu, gpu, tpu, auto)");
    return;
  }
  PreloadEntry entry{std::string(fields[0]), encoding->encoding, *target, {}};
  if (encoding->joins_paths && fields.size() > 3) {
    entry.paths.emplace_back(text.substr(fields[3].data() - text.data()));
  } else {
    for (size_t i = 3; i < fields.size(); ++i) {
      entry.paths.emplace_back(fields[i]);
    }
  }
  out.push_back(std::move(entry));
}

void read_cli_value(std::vector<PreloadEntry> &out) {
  const WasmEdge_String value = nn_preload_option.cli_value;
  if (value.Buf == nullptr) {
    return;
  }
  for (std::string_view entry : split({value.Buf, value.Length}, ',')) {
    if (!entry.empty()) {
      parse_entry(entry, out);
    }
  }
}

struct SdkString {
  const char *data;
  size_t size;
};

SdkString read_sdk_string(uintptr_t begin, size_t i) {
  SdkString s;
  const unsigned char *at =
      reinterpret_cast<const unsigned char *>(begin) + i * kSdkStringSize;
  std::memcpy(&s.data, at, sizeof(s.data));
  std::memcpy(&s.size, at + sizeof(s.data), sizeof(s.size));
  return s;
}

// The vector the SDK assigned: {begin, end, capacity end}, each element
// {data, size, local buffer or capacity}. Its pointers cannot be proven
// valid, so anything implausible is ignored with a warning rather than
// followed. Entries are taken whole, without comma splitting, as upstream.
void read_sdk_value(std::vector<PreloadEntry> &out) {
  const uint64_t *w = nn_preload_option.words;
  const uintptr_t begin = w[kSdkBegin], end = w[kSdkEnd], cap = w[kSdkCapacity];
  bool plausible = begin != 0 && begin <= end && end <= cap &&
                   begin % kSdkStringAlign == 0 &&
                   (end - begin) % kSdkStringSize == 0 &&
                   (end - begin) / kSdkStringSize <= kSdkMaxEntries;
  const size_t count = plausible ? (end - begin) / kSdkStringSize : 0;
  for (size_t i = 0; plausible && i < count; ++i) {
    SdkString s = read_sdk_string(begin, i);
    plausible = s.data != nullptr && s.size <= kSdkMaxEntryLength;
  }
  if (!plausible) {
    std::fprintf(stderr, "wasi_nn: the nn-preload option holds neither a "
                         "command-line string nor a readable SDK list; no "
                         "model is preloaded\n");
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    SdkString s = read_sdk_string(begin, i);
    parse_entry({s.data, s.size}, out);
  }
}

} // namespace

std::vector<PreloadEntry> read_preload_option() {
  std::vector<PreloadEntry> entries;
  if (nn_preload_option.words[kSdkCapacity] != 0) {
    read_sdk_value(entries);
  } else {
    read_cli_value(entries);
  }
  return entries;
}

const PreloadEntry *find_preload(const std::vector<PreloadEntry> &entries,
                                 const std::string &name) {
  for (const PreloadEntry &entry : entries) {
    if (entry.name == name) {
      return &entry;
    }
  }
  return nullptr;
}

void warn_repeated_preload_flags() noexcept {
#ifdef __linux__
  int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return; // only a hint
  }
  static const char kFlag[] = "--nn-preload";
  const size_t flag_len = sizeof(kFlag) - 1;
  // Tokens are NUL-terminated; a flag is "--nn-preload" or "--nn-preload=..."
  // at the start of a token. Read in chunks, carrying a partial token.
  char token[sizeof(kFlag) + 1] = {};
  size_t token_len = 0, count = 0;
  char chunk[4096];
  ssize_t n;
  while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
    for (ssize_t i = 0; i < n; ++i) {
      const char c = chunk[i];
      if (c == '\0') {
        if (token_len >= flag_len && std::memcmp(token, kFlag, flag_len) == 0 &&
            (token_len == flag_len || token[flag_len] == '=')) {
          ++count;
        }
        token_len = 0;
      } else if (token_len < sizeof(token)) {
        token[token_len++] = c;
      }
    }
  }
  close(fd);
  if (count > 1) {
    std::fprintf(stderr,
                 "wasi_nn: --nn-preload was given %zu times but only the last "
                 "one takes effect; list several models in one flag, "
                 "separated by commas (--nn-preload=a:pytorch:cpu:a.pt,"
                 "b:pytorch:cpu:b.pt)\n",
                 count);
  }
#endif
}

} // namespace wasi_nn
