// The canonical keys of the graph search's states, one table per depth
// (opcodes executed). Every path to a state has the same depth and a step
// always goes deeper, so once a depth has been expanded none of its keys can
// be met again: its table is freed, and only the search's small per-state
// records stay. The states of a depth are numbered in the order they were
// stored, which is also the order they are expanded in.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "explorer/strategy/state_store.hpp"

namespace gilrace {

class StateLayers {
 public:
  struct Interned {
    std::uint32_t node = 0;  // the search's number for the state
    bool inserted = false;
    std::uint64_t hash = 0;  // hash_key of the key
  };

  // The state `key` (whose hash_key is `hash`) at `depth`; a new one gets
  // the number `new_node`. Throws std::logic_error when another depth still
  // held, except `checked` (the depth being expanded, which the caller has
  // checked), holds the key too: a state reached after different numbers
  // of opcodes. Freed depths cannot be checked; a state met there again
  // would be a missed merge, and the counts would stay right.
  Interned intern(std::span<const std::uint64_t> key, std::uint64_t hash, std::uint32_t depth, std::uint32_t new_node,
                  std::size_t checked);
  const StateStore* keys(std::size_t depth) const { return layers_[depth] ? &layers_[depth]->keys : nullptr; }

  // One past the deepest depth that has states.
  std::size_t depths() const { return layers_.size(); }
  // The states stored at `depth` (0 once freed), their keys and numbers.
  std::uint32_t size(std::size_t depth) const { return layers_[depth] ? layers_[depth]->keys.size() : 0; }
  std::span<const std::uint64_t> key(std::size_t depth, std::uint32_t i) const { return layers_[depth]->keys.key(i); }
  std::uint32_t node(std::size_t depth, std::uint32_t i) const { return layers_[depth]->nodes[i]; }

  // Frees `depth`'s keys: it has been expanded.
  void release(std::size_t depth);

 private:
  struct Layer {
    StateStore keys;
    std::vector<std::uint32_t> nodes;  // per key, its state's number
  };
  // Behind pointers: a key handed out stays valid while deeper layers are added.
  std::vector<std::unique_ptr<Layer>> layers_;
  std::size_t first_held_ = 0;  // depths below it are freed
};

}  // namespace gilrace
