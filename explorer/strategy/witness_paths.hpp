// Witnesses from a searched state graph: each node keeps a few back
// pointers (fewest preemptions first); paths back from an outcome's final
// states are turned into concrete schedules by replaying them and mapping
// each canonical choice to a real thread.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <unordered_map>
#include <vector>

#include "explorer/runtime/canonical_state.hpp"
#include "explorer/strategy/strategy.hpp"

namespace gilrace {

struct BackPointer {
  std::uint32_t from = 0;     // predecessor node
  std::uint32_t entry = 0;    // which of its last-thread entries (an index the search defines)
  std::uint32_t choice = 0;   // canonical position (first of its group) chosen in the predecessor
  std::uint32_t cost = 0;     // 1 when the step was a preemption
  std::uint32_t arrival = 0;  // fewest preemptions of a path through this pointer
};

// Inserts into `list` (`size` long, room for `cap`), keeping it sorted by
// arrival (stable) and at most `cap` long.
void add_back_pointer(BackPointer* list, std::uint32_t& size, const BackPointer& pointer, std::uint32_t cap);

// A place in the searched graph: a node and one of its last-thread entries.
struct GraphPlace {
  std::uint32_t node = 0;
  std::uint32_t entry = 0;
};

// The back pointers of a place; place (0, 0) is the root.
using BackPointersOf = std::function<std::span<const BackPointer>(GraphPlace)>;
// The search frees a node's key once its depth is expanded and keeps only
// this check of it: the high half of the key's hash_key.
inline std::uint32_t key_check_of(std::uint64_t key_hash) { return static_cast<std::uint32_t>(key_hash >> 32); }
using KeyCheckOf = std::function<std::uint32_t(std::uint32_t node)>;

// The keys of the nodes witness paths went through, computed again; kept
// for the later paths of a search, which often pass the same nodes.
class KnownKeys {
 public:
  bool has(std::uint32_t node) const { return at_.count(node) != 0; }
  std::span<const std::uint64_t> key(std::uint32_t node) const {
    const auto [offset, length] = at_.at(node);
    return {words_.data() + offset, length};
  }
  void add(std::uint32_t node, std::span<const std::uint64_t> key);

 private:
  std::unordered_map<std::uint32_t, std::pair<std::size_t, std::size_t>> at_;  // node -> its words
  std::vector<std::uint64_t> words_;
};

// Up to `count` distinct concrete schedules ending in `outcome`, fewest
// preemptions first. The keys of the nodes along a path are computed again
// by following it from the root as the search did (decode, step the
// group's first thread, encode), and checked against `key_check`. Replays
// each schedule to check it.
std::vector<Witness> concrete_witnesses(FiberRuntime& runtime, StateEncoder& encoder, const BackPointersOf& back,
                                        const KeyCheckOf& key_check, KnownKeys& known, const std::vector<GraphPlace>& final_places, const OutcomeValue& outcome,
                                        std::uint32_t count);

// The number of preemptions in a concrete schedule (replays it).
std::uint32_t count_preemptions(FiberRuntime& runtime, const Schedule& schedule);

}  // namespace gilrace
