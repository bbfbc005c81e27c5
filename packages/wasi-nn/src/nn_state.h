// The state of one wasi_ephemeral_nn module instance: its graphs, its
// execution contexts, the names loaded through load_by_name, and its copy
// of the nn-preload entries.
//
// Ids: graph ids and context ids count up from 0 per instance, as upstream,
// and are never reused: after unload or finalize_execution_context the old
// id stays invalid (InvalidArgument) for the life of the instance, so a
// guest holding a stale id can never reach someone else's object. When the
// 2^32 ids of a kind are used up, creating another answers TooLarge.
//
// Lifetime: a context keeps its graph alive (shared ownership), so
// unloading a graph that still has contexts only retires the graph id; the
// backend objects go away with the last context.
#ifndef WASI_NN_STATE_H
#define WASI_NN_STATE_H

#include "backend.h"
#include "nn_preload.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace wasi_nn {

class Graph {
public:
  Graph(const wasi_nn_backend *backend, void *handle)
      : backend_(backend), handle_(handle) {}
  ~Graph() { backend_->drop_graph(handle_); }
  Graph(const Graph &) = delete;
  Graph &operator=(const Graph &) = delete;

  const wasi_nn_backend *backend() const { return backend_; }
  void *handle() const { return handle_; }

private:
  const wasi_nn_backend *backend_;
  void *handle_;
};

class Context {
public:
  Context(std::shared_ptr<Graph> graph, void *handle)
      : graph_(std::move(graph)), handle_(handle) {}
  ~Context() { graph_->backend()->drop_context(handle_); }
  Context(const Context &) = delete;
  Context &operator=(const Context &) = delete;

  const wasi_nn_backend *backend() const { return graph_->backend(); }
  void *handle() const { return handle_; }

private:
  std::shared_ptr<Graph> graph_;
  void *handle_;
};

struct Instance {
  std::mutex mutex; // host functions of one instance run one at a time
  std::vector<PreloadEntry> preloads;
  bool preload_only = false; // --nn-preload-only: guest `load` refused

  std::unordered_map<uint32_t, std::shared_ptr<Graph>> graphs;
  std::unordered_map<uint32_t, std::unique_ptr<Context>> contexts;
  std::map<std::string, uint32_t> loaded_names; // load_by_name cache
  uint64_t next_graph_id = 0;
  uint64_t next_context_id = 0;

  // Takes ownership of a backend graph; on success *id is its new id.
  // Without ids left (or memory) the graph is dropped and an error returned.
  wasi_nn_errno add_graph(const wasi_nn_backend *backend, void *handle,
                          uint32_t *id);
  wasi_nn_errno add_context(std::shared_ptr<Graph> graph, void *handle,
                            uint32_t *id);

  std::shared_ptr<Graph> find_graph(uint32_t id) const;
  Context *find_context(uint32_t id) const;
};

// Module-instance host data: created at Create, destroyed by the finalizer.
Instance *create_instance() noexcept;
void destroy_instance(void *instance) noexcept;

} // namespace wasi_nn

#endif // WASI_NN_STATE_H
