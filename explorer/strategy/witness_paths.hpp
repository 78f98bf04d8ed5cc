// Witnesses from a searched state graph: each node keeps a few back
// pointers (fewest preemptions first); paths back from an outcome's final
// states are turned into concrete schedules by replaying them and mapping
// each canonical choice to a real thread.
#pragma once
#include <cstdint>
#include <vector>

#include "explorer/runtime/canonical_state.hpp"
#include "explorer/strategy/strategy.hpp"

namespace gilrace {

struct BackPointer {
  std::uint32_t from = 0;     // predecessor node
  std::uint32_t choice = 0;   // canonical position (first of its group) chosen in the predecessor
  std::uint32_t cost = 0;     // 1 when the step was a preemption
  std::uint32_t arrival = 0;  // fewest preemptions of a path through this pointer
};

// Keeps `list` sorted by arrival (stable) and at most `cap` long.
void add_back_pointer(std::vector<BackPointer>& list, const BackPointer& pointer, std::uint32_t cap);

struct BackPointerGraphNode {
  const std::vector<BackPointer>* back = nullptr;
};

// Up to `count` distinct concrete schedules ending in `outcome`, fewest
// preemptions first. Node 0 is the root. Replays each one to check it.
std::vector<Witness> concrete_witnesses(FiberRuntime& runtime, StateEncoder& encoder,
                                        const std::vector<BackPointerGraphNode>& graph,
                                        const std::vector<std::uint32_t>& final_nodes, const OutcomeValue& outcome,
                                        std::uint32_t count);

// The number of preemptions in a concrete schedule (replays it).
std::uint32_t count_preemptions(FiberRuntime& runtime, const Schedule& schedule);

}  // namespace gilrace
