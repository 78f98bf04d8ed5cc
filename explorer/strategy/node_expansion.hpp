// The first half of expanding a state of the graph search: everything that
// needs only the state itself and a runtime of its own. Decodes the state,
// notes which groups of identical threads can run and whether each path's
// last thread can run on, steps every group once and encodes the child's
// key; a state where nothing can run gets its outcome. The results go into
// an Expansions record, which the search then applies in a fixed order
// (state_graph_search.cpp): interning the children and moving the counts.
// Several NodeExpanders, one per thread, may fill records at once.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "explorer/runtime/canonical_state.hpp"
#include "explorer/strategy/state_store.hpp"
#include "explorer/strategy/strategy.hpp"

namespace gilrace {

constexpr std::uint32_t kNoLast = 0xffffffffu;  // no last thread: the start, or it finished

// One path class into a state (an entry of the search), as expansion needs it.
struct EntrySummary {
  std::uint32_t last = kNoLast;  // canonical position of the last thread's group, or kNoLast
  std::uint32_t min_p = kUnbounded;
};

struct NodeToExpand {
  std::uint32_t node = 0;
  std::span<const std::uint64_t> key;
  std::span<const EntrySummary> entries;  // in the order of the node's entry list
  const StateStore* layer = nullptr;      // the keys of the node's depth (no child may be among them)
};

// One runnable group's step.
struct ChildStep {
  std::uint32_t first = 0;       // canonical position of the group's first thread
  std::uint32_t size = 0;        // members of the group
  std::uint32_t ran = 0;         // opcodes the step executed
  std::uint32_t child_last = 0;  // the child's last-thread entry (kNoLast when the thread ended)
  std::uint32_t key_offset = 0;  // the child's key in Expansions::keys
  std::uint32_t key_length = 0;
  std::uint64_t key_hash = 0;    // its hash_key
};

struct NodeExpansion {
  std::uint32_t node = 0;
  std::uint32_t runnable_threads = 0;  // members of the runnable groups, all together
  std::uint32_t first_step = 0;        // in Expansions::steps
  std::uint32_t step_count = 0;
  std::uint32_t first_valid = 0;       // in Expansions::last_valid, one flag per entry
  std::int32_t outcome = -1;           // a final state: its outcome in Expansions::outcomes
  bool pruned = false;                 // a group was not stepped: every path would exceed the bound
};

// The expansions of a run of states, in order.
struct Expansions {
  std::vector<NodeExpansion> nodes;
  std::vector<ChildStep> steps;
  std::vector<std::uint64_t> keys;
  std::vector<char> last_valid;  // per entry: its last thread can still run (else every switch is free)
  std::vector<OutcomeValue> outcomes;
  void clear();
};

class NodeExpander {
 public:
  NodeExpander(FiberRuntime& runtime, std::uint32_t preemption_bound);

  void expand(const NodeToExpand& node, Expansions& out);

 private:
  bool worth_stepping(const NodeToExpand& node, const char* last_valid, std::uint32_t first) const;

  FiberRuntime& runtime_;
  StateEncoder encoder_;
  std::uint32_t bound_;

  // scratch
  StateKey child_key_;
  CanonicalState canon_;
  KeyLayout layout_;
  Machine base_;
  std::vector<std::uint32_t> order_;        // canonical position -> thread of the decoded machine
  std::vector<std::uint32_t> group_first_;  // canonical position -> first position of its group
  std::vector<std::pair<std::uint32_t, std::uint32_t>> runnable_groups_;  // (first position, size)
};

}  // namespace gilrace
