// load, load_by_name, load_by_name_with_config, unload.
#include "nn_functions.h"

#include "nn_tables.h"

#include <string>
#include <vector>

namespace wasi_nn {

namespace {

constexpr uint64_t kBuilderEntryBytes = 8; // {u32 ptr, u32 len}
// No backend takes more than two builders (OpenVINO: xml and weights) plus
// a config; a bound keeps a huge builder_len from sizing host allocations.
constexpr uint32_t kMaxBuilders = 64;

wasi_nn_errno load_graph(Instance &instance, const wasi_nn_backend *backend,
                         const std::vector<wasi_nn_builder> &builders,
                         wasi_nn_target target, uint32_t *id) {
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
  std::vector<wasi_nn_builder> builders;
  for (const std::string &path : entry->paths) {
    builders.push_back({nullptr, 0, path.c_str()});
  }
  if (config != nullptr && config_len > 0) {
    builders.push_back({config, config_len, nullptr}); // an extra builder
  }
  const wasi_nn_backend *backend = nullptr;
  wasi_nn_errno err = resolve_backend(static_cast<uint8_t>(entry->encoding),
                                      &backend);
  uint32_t id = 0;
  if (err == WASI_NN_SUCCESS) {
    err = load_graph(instance, backend, builders, entry->target, &id);
  }
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
  err = load_graph(instance, backend, builders,
                   static_cast<wasi_nn_target>(target), &id);
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
