#include "explorer/strategy/node_expansion.hpp"

#include <stdexcept>

namespace gilrace {

void Expansions::clear() {
  nodes.clear();
  steps.clear();
  keys.clear();
  last_valid.clear();
  outcomes.clear();
}

NodeExpander::NodeExpander(FiberRuntime& runtime, std::uint32_t preemption_bound)
    : runtime_(runtime), encoder_(runtime.program()), bound_(preemption_bound) {}

// Under a bound, a group is stepped only if some path here can take it
// without exceeding the bound.
bool NodeExpander::worth_stepping(const NodeToExpand& node, const char* last_valid, std::uint32_t first) const {
  if (bound_ == kUnbounded) return true;
  for (std::size_t e = 0; e < node.entries.size(); ++e) {
    const EntrySummary& entry = node.entries[e];
    if (entry.min_p == kUnbounded) continue;
    const std::uint32_t cheapest = (!last_valid[e] || entry.last == first) ? 0 : 1;
    if (entry.min_p + cheapest <= bound_) return true;
  }
  return false;
}

void NodeExpander::expand(const NodeToExpand& node, Expansions& out) {
  encoder_.decode(node.key, base_);
  encoder_.layout(node.key, layout_);
  runtime_.load(base_);
  bool holds_base = true;  // the runtime is still in this state
  // Decoding puts canonical position p at thread position_thread(p); the
  // runs of the key are the groups of identical threads.
  const auto n = static_cast<std::uint32_t>(base_.threads.size());
  order_.resize(n);
  group_first_.resize(n);
  for (const auto& runs : layout_.runs)
    for (const auto& run : runs)
      for (std::uint32_t p = run.first; p < run.first + run.count; ++p) {
        order_[p] = encoder_.position_thread(p);
        group_first_[p] = run.first;
      }

  NodeExpansion& expansion = out.nodes.emplace_back();
  expansion.node = node.node;
  expansion.first_valid = static_cast<std::uint32_t>(out.last_valid.size());
  for (const EntrySummary& entry : node.entries)
    // NOLINTNEXTLINE(bugprone-narrowing-conversions): a bool stored as char is 0 or 1, nothing is lost
    out.last_valid.push_back(entry.last != kNoLast && runtime_.runnable(order_[entry.last]));

  // Which groups can run is read from this state before any step: each
  // step leaves the runtime in a child's state (a lock taken by one group's
  // step would make a later group seem blocked).
  runnable_groups_.clear();
  for (std::uint32_t first = 0; first < n;) {
    std::uint32_t end = first + 1;
    while (end < n && group_first_[end] == first) ++end;
    if (runtime_.runnable(order_[first])) {
      runnable_groups_.emplace_back(first, end - first);
      expansion.runnable_threads += end - first;
    }
    first = end;
  }
  if (runnable_groups_.empty()) {
    expansion.outcome = static_cast<std::int32_t>(out.outcomes.size());
    out.outcomes.push_back(describe_outcome(runtime_.program(), runtime_.machine()));
    return;
  }

  expansion.first_step = static_cast<std::uint32_t>(out.steps.size());
  const char* last_valid = out.last_valid.data() + expansion.first_valid;
  for (const auto& [first, size] : runnable_groups_) {
    if (!worth_stepping(node, last_valid, first)) {
      expansion.pruned = true;
      continue;
    }
    const std::uint32_t thread = order_[first];
    if (!holds_base) runtime_.load(base_);
    holds_base = false;
    ChildStep& step = out.steps.emplace_back();
    step.first = first;
    step.size = size;
    step.ran = runtime_.step(thread);
    std::int64_t group = encoder_.encode_after_step(node.key, layout_, base_, runtime_.machine(), thread, child_key_);
    if (group < 0) {
      encoder_.encode(runtime_.machine(), canon_);
      child_key_.swap(canon_.key);
      for (std::uint32_t p = 0; p < canon_.order.size(); ++p)
        if (canon_.order[p] == thread) group = canon_.group_first[p];
    }
    step.child_last = runtime_.done(thread) ? kNoLast : static_cast<std::uint32_t>(group);
    step.key_offset = static_cast<std::uint32_t>(out.keys.size());
    step.key_length = static_cast<std::uint32_t>(child_key_.size());
    step.key_hash = hash_key(child_key_.data(), child_key_.size());
    // A step always executes an opcode: a child met at the node's own depth
    // would be a state reached after different numbers of opcodes.
    if (node.layer && node.layer->contains(child_key_, step.key_hash))
      throw std::logic_error("a state was reached after different numbers of opcodes");
    out.keys.insert(out.keys.end(), child_key_.begin(), child_key_.end());
  }
  expansion.step_count = static_cast<std::uint32_t>(out.steps.size()) - expansion.first_step;
}

}  // namespace gilrace
