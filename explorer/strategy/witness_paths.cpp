#include "explorer/strategy/witness_paths.hpp"

#include <algorithm>
#include <stdexcept>

#include "explorer/strategy/preemption_tracker.hpp"

namespace gilrace {
namespace {

struct CanonicalStep {
  std::uint32_t choice;
  std::uint32_t cost;
};
using CanonicalPath = std::vector<CanonicalStep>;

// Depth-first over back pointers from `place` to the root, collecting up
// to `cap` paths; the first one found has the fewest preemptions.
void collect_paths(const BackPointersOf& back_of, GraphPlace place, std::vector<CanonicalPath>& out, std::size_t cap) {
  // Iterative: paths are as long as the interleaving (thousands of steps).
  struct Frame {
    GraphPlace place;
    std::size_t next;
  };
  CanonicalPath suffix;
  std::vector<Frame> stack{{place, 0}};
  while (!stack.empty() && out.size() < cap) {
    Frame& top = stack.back();
    const auto& back = back_of(top.place);
    if (top.place.node == 0 || top.next == back.size()) {
      if (top.place.node == 0) out.emplace_back(suffix.rbegin(), suffix.rend());
      stack.pop_back();
      if (!suffix.empty()) suffix.pop_back();
      continue;
    }
    const BackPointer& pointer = back[top.next++];
    suffix.push_back({pointer.choice, pointer.cost});
    stack.push_back({{pointer.from, pointer.entry}, 0});
  }
}

Witness concretise(FiberRuntime& runtime, StateEncoder& encoder, const CanonicalPath& path) {
  runtime.reset();
  CanonicalState canon;
  Witness witness;
  PreemptionTracker tracker;
  for (const CanonicalStep& step : path) {
    encoder.encode(runtime.machine(), canon);
    // The members of the chosen group of identical threads.
    const bool last_can_run = tracker.last_can_run(runtime);
    bool group_has_last = false;
    std::uint32_t lowest = UINT32_MAX, lowest_other = UINT32_MAX;
    for (std::uint32_t p = step.choice; p < canon.order.size() && canon.group_first[p] == step.choice; ++p) {
      const std::uint32_t t = canon.order[p];
      const bool is_last = last_can_run && t == tracker.last();
      group_has_last = group_has_last || is_last;
      lowest = std::min(lowest, t);
      if (!is_last) lowest_other = std::min(lowest_other, t);
    }
    // Cost 0 with the last thread in the group: it continues; otherwise the
    // lowest-numbered member (other than the last thread, for a preemption).
    const std::uint32_t chosen = step.cost == 0 ? (group_has_last ? tracker.last() : lowest) : lowest_other;
    if (chosen == UINT32_MAX || !runtime.runnable(chosen)) throw std::logic_error("witness path does not replay");
    tracker.choose(runtime, chosen);
    runtime.step(chosen);
    tracker.stepped(runtime);
    witness.schedule.push_back(chosen);
  }
  witness.preemptions = tracker.preemptions();
  return witness;
}

}  // namespace

void add_back_pointer(std::vector<BackPointer>& list, const BackPointer& pointer, std::uint32_t cap) {
  auto at = std::upper_bound(list.begin(), list.end(), pointer,
                             [](const BackPointer& a, const BackPointer& b) { return a.arrival < b.arrival; });
  if (list.size() >= cap && at == list.end()) return;
  const auto index = at - list.begin();
  if (list.capacity() < cap) list.reserve(cap);  // one allocation per entry, not one per insert
  list.insert(list.begin() + index, pointer);
  if (list.size() > cap) list.pop_back();
}

std::vector<Witness> concrete_witnesses(FiberRuntime& runtime, StateEncoder& encoder, const BackPointersOf& back,
                                        const std::vector<GraphPlace>& final_places, const OutcomeValue& outcome,
                                        std::uint32_t count) {
  if (count == 0) return {};
  std::vector<CanonicalPath> paths;
  // Distinct canonical paths give distinct schedules: they first differ in
  // a group or in whether the last thread continues, from the same state.
  const std::size_t cap = count;
  for (const GraphPlace& place : final_places) {
    collect_paths(back, place, paths, cap);
    if (paths.size() >= cap) break;
  }
  std::vector<Witness> witnesses;
  for (const auto& path : paths) {
    Witness w = concretise(runtime, encoder, path);
    if (!(describe_outcome(runtime.program(), runtime.machine()) == outcome))
      throw std::logic_error("witness replay ended in another outcome");
    if (std::none_of(witnesses.begin(), witnesses.end(), [&](const Witness& o) { return o.schedule == w.schedule; }))
      witnesses.push_back(std::move(w));
  }
  std::stable_sort(witnesses.begin(), witnesses.end(),
                   [](const Witness& a, const Witness& b) { return a.preemptions < b.preemptions; });
  if (witnesses.size() > count) witnesses.resize(count);
  return witnesses;
}

std::uint32_t count_preemptions(FiberRuntime& runtime, const Schedule& schedule) {
  runtime.reset();
  PreemptionTracker tracker;
  for (std::uint32_t t : schedule) {
    tracker.choose(runtime, t);
    runtime.step(t);
    tracker.stepped(runtime);
  }
  return tracker.preemptions();
}

}  // namespace gilrace
