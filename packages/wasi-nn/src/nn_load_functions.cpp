// load, load_by_name, load_by_name_with_config, unload.
#include "nn_functions.h"

#include "model_checks.h"
#include "nn_tables.h"

#include <cstdio>
#include <string>
#include <vector>

namespace wasi_nn {

namespace {

constexpr uint64_t kBuilderEntryBytes = 8; // {u32 ptr, u32 len}
// No backend takes more than two builders (OpenVINO: xml and weights) plus
// a config; a bound keeps a huge builder_len from sizing host allocations.
constexpr uint32_t kMaxBuilders = 64;

// Hands checked builders to the backend. Bytes of a known format
// (model_checks.h) are checked first; `model_parts` builders are model
// bytes (a config appended by load_by_name_with_config is not).
wasi_nn_errno load_graph(Instance &instance, const wasi_nn_backend *backend,
                         const std::vector<wasi_nn_builder> &builders,
                         size_t model_parts, wasi_nn_target target,
                         uint32_t *id, const char *call) {
  if (const ModelFormat *format = find_model_format(backend->encoding)) {
    const std::vector<wasi_nn_builder> parts(
        builders.begin(), builders.begin() + static_cast<long>(model_parts));
    wasi_nn_errno checked = check_model_builders(*format, parts, call);
    if (checked != WASI_NN_SUCCESS) {
      return checked;
    }
  }
  void *handle = nullptr;
  wasi_nn_errno err = backend->load(
      builders.data(), static_cast<uint32_t>(builders.size()), target, &handle);
  if (err != WASI_NN_SUCCESS) {
    return err;
  }
  return instance.add_graph(backend, handle, id);
}

// load_by_name and load_by_name_with_config; `config` is null for the first.
wasi_nn_errno load_named(Instance &instance, const uint8_t *name,
                         uint32_t name_len, const uint8_t *config,
                         uint32_t config_len, uint8_t *id_out) {
  const std::string key(reinterpret_cast<const char *>(name), name_len);
  auto cached = instance.loaded_names.find(key);
  if (cached != instance.loaded_names.end() &&
      instance.find_graph(cached->second) != nullptr) {
    Guest::store_u32(id_out, cached->second); // a cached name ignores config
    return WASI_NN_SUCCESS;
  }
  const PreloadEntry *entry = find_preload(instance.preloads, key);
  if (entry == nullptr) {
    return WASI_NN_NOT_FOUND;
  }
  const char *call = config == nullptr ? "load_by_name"
                                        : "load_by_name_with_config";
  if (instance.preload_only && config_len > 0) {
    std::fprintf(stderr, "wasi_nn: %s: refused: the host allows only "
                         "preloaded models (--nn-preload-only), and a "
                         "config would hand guest bytes to the backend\n",
                 call);
    return WASI_NN_UNSUPPORTED_OPERATION;
  }
  const wasi_nn_backend *backend = nullptr;
  wasi_nn_errno err = resolve_backend(static_cast<uint8_t>(entry->encoding),
                                      &backend);
  if (err != WASI_NN_SUCCESS) {
    return err;
  }
  // A file of a format the core checks is read here, so the bytes checked
  // are the bytes the backend parses; otherwise the backend opens it.
  const bool read_here = find_model_format(backend->encoding) != nullptr;
  std::vector<std::vector<uint8_t>> contents(entry->paths.size());
  std::vector<wasi_nn_builder> builders;
  for (size_t i = 0; i < entry->paths.size(); ++i) {
    if (!read_here) {
      builders.push_back({nullptr, 0, entry->paths[i].c_str()});
    } else if (read_model_file(entry->paths[i], contents[i], call)) {
      builders.push_back({contents[i].data(), contents[i].size(), nullptr});
    } else {
      return WASI_NN_INVALID_ARGUMENT; // nothing cached: tried again later
    }
  }
  const size_t model_parts = builders.size();
  if (config != nullptr && config_len > 0) {
    builders.push_back({config, config_len, nullptr}); // an extra builder
  }
  uint32_t id = 0;
  err = load_graph(instance, backend, builders, model_parts, entry->target,
                   &id, call);
  if (err != WASI_NN_SUCCESS) {
    return err; // nothing cached: the next call tries again
  }
  instance.loaded_names[key] = id;
  Guest::store_u32(id_out, id);
  return WASI_NN_SUCCESS;
}

} // namespace

// load(builder_ptr, builder_len, encoding, target, graph_id_ptr) -> errno
wasi_nn_errno nn_load(Instance &instance, const Guest &guest,
                      const WasmEdge_Value *params) {
  if (instance.preload_only) {
    // Before anything of the guest's is read: none of it is a model here.
    std::fprintf(stderr, "wasi_nn: load: refused: the host allows only "
                         "preloaded models (--nn-preload-only); use "
                         "load_by_name\n");
    return WASI_NN_UNSUPPORTED_OPERATION;
  }
  const uint32_t builder_ptr = wpl_param_u32(params, 0);
  const uint32_t builder_len = wpl_param_u32(params, 1);
  const uint32_t encoding = wpl_param_u32(params, 2);
  const uint32_t target = wpl_param_u32(params, 3);
  uint8_t *id_out = guest.span(wpl_param_u32(params, 4), 4);
  if (id_out == nullptr || target > WASI_NN_TARGET_TPU) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  const uint8_t *array =
      guest.span(builder_ptr, uint64_t{builder_len} * kBuilderEntryBytes);
  if (array == nullptr || builder_len > kMaxBuilders) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  std::vector<wasi_nn_builder> builders;
  for (uint32_t i = 0; i < builder_len; ++i) {
    const uint8_t *entry = array + i * kBuilderEntryBytes;
    const uint32_t len = Guest::load_u32(entry + 4);
    const uint8_t *bytes = guest.span(Guest::load_u32(entry), len);
    if (bytes == nullptr) {
      return WASI_NN_INVALID_ARGUMENT;
    }
    builders.push_back({bytes, len, nullptr});
  }
  const wasi_nn_backend *backend = nullptr;
  wasi_nn_errno err = resolve_backend(static_cast<uint8_t>(encoding), &backend);
  if (err != WASI_NN_SUCCESS) {
    return err;
  }
  uint32_t id = 0;
  err = load_graph(instance, backend, builders, builders.size(),
                   static_cast<wasi_nn_target>(target), &id, "load");
  if (err == WASI_NN_SUCCESS) {
    Guest::store_u32(id_out, id);
  }
  return err;
}

// load_by_name(name_ptr, name_len, graph_id_ptr) -> errno
wasi_nn_errno nn_load_by_name(Instance &instance, const Guest &guest,
                              const WasmEdge_Value *params) {
  const uint32_t name_len = wpl_param_u32(params, 1);
  uint8_t *id_out = guest.span(wpl_param_u32(params, 2), 4);
  const uint8_t *name = guest.span(wpl_param_u32(params, 0), name_len);
  if (id_out == nullptr || name == nullptr) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  return load_named(instance, name, name_len, nullptr, 0, id_out);
}

// load_by_name_with_config(name_ptr, name_len, config_ptr, config_len,
//                          graph_id_ptr) -> errno
wasi_nn_errno nn_load_by_name_with_config(Instance &instance,
                                          const Guest &guest,
                                          const WasmEdge_Value *params) {
  const uint32_t name_len = wpl_param_u32(params, 1);
  const uint32_t config_len = wpl_param_u32(params, 3);
  uint8_t *id_out = guest.span(wpl_param_u32(params, 4), 4);
  const uint8_t *name = guest.span(wpl_param_u32(params, 0), name_len);
  const uint8_t *config = guest.span(wpl_param_u32(params, 2), config_len);
  if (id_out == nullptr || name == nullptr || config == nullptr) {
    return WASI_NN_INVALID_ARGUMENT;
  }
  return load_named(instance, name, name_len, config, config_len, id_out);
}

// unload(graph_id) -> errno. Retires the id; contexts keep working.
wasi_nn_errno nn_unload(Instance &instance, const Guest &,
                        const WasmEdge_Value *params) {
  const uint32_t id = wpl_param_u32(params, 0);
  return instance.graphs.erase(id) == 1 ? WASI_NN_SUCCESS
                                        : WASI_NN_INVALID_ARGUMENT;
}

} // namespace wasi_nn
