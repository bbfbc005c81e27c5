// Module-instance state (see nn_state.h).
#include "nn_state.h"

#include <cstdio>
#include <new>

namespace wasi_nn {

namespace {
constexpr uint64_t kIdLimit = uint64_t{1} << 32;
}

wasi_nn_errno Instance::add_graph(const wasi_nn_backend *backend, void *handle,
                                  uint32_t *id) {
  std::shared_ptr<Graph> graph;
  try {
    graph = std::make_shared<Graph>(backend, handle);
  } catch (...) {
    backend->drop_graph(handle);
    throw;
  }
  if (next_graph_id >= kIdLimit) {
    return WASI_NN_TOO_LARGE; // `graph` drops the backend graph
  }
  *id = static_cast<uint32_t>(next_graph_id);
  graphs.emplace(*id, std::move(graph));
  ++next_graph_id;
  return WASI_NN_SUCCESS;
}

wasi_nn_errno Instance::add_context(std::shared_ptr<Graph> graph, void *handle,
                                    uint32_t *id) {
  std::unique_ptr<Context> context;
  try {
    context = std::make_unique<Context>(graph, handle);
  } catch (...) {
    graph->backend()->drop_context(handle);
    throw;
  }
  if (next_context_id >= kIdLimit) {
    return WASI_NN_TOO_LARGE;
  }
  *id = static_cast<uint32_t>(next_context_id);
  contexts.emplace(*id, std::move(context));
  ++next_context_id;
  return WASI_NN_SUCCESS;
}

std::shared_ptr<Graph> Instance::find_graph(uint32_t id) const {
  auto it = graphs.find(id);
  return it == graphs.end() ? nullptr : it->second;
}

Context *Instance::find_context(uint32_t id) const {
  auto it = contexts.find(id);
  return it == contexts.end() ? nullptr : it->second.get();
}

Instance *create_instance() noexcept {
  try {
    auto instance = std::make_unique<Instance>();
    instance->preloads = read_preload_option();
    instance->preload_only = nn_preload_only_option;
    return instance.release();
  } catch (const std::exception &e) {
    std::fprintf(stderr, "wasi_nn: cannot create the module state (%s); "
                         "every wasi_ephemeral_nn call will trap\n", e.what());
    return nullptr;
  }
}

void destroy_instance(void *instance) noexcept {
  auto *state = static_cast<Instance *>(instance);
  if (state == nullptr) {
    return;
  }
  // Contexts first: each holds its graph.
  state->contexts.clear();
  state->graphs.clear();
  delete state;
}

} // namespace wasi_nn
