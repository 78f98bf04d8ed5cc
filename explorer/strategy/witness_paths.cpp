#include "explorer/strategy/witness_paths.hpp"

#include <algorithm>
#include <stdexcept>

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
  bool has_last = false;
  std::uint32_t last = 0;
  for (const CanonicalStep& step : path) {
    encoder.encode(runtime.machine(), canon);
    const bool last_valid = has_last && runtime.runnable(last);
    std::uint32_t chosen = UINT32_MAX;
    bool group_has_last = false;
    for (std::uint32_t p = step.choice; p < canon.order.size() && canon.group_first[p] == step.choice; ++p)
      group_has_last = group_has_last || (last_valid && canon.order[p] == last);
    if (step.cost == 0 && group_has_last) {
      chosen = last;
    } else {
      for (std::uint32_t p = step.choice; p < canon.order.size() && canon.group_first[p] == step.choice; ++p) {
        const std::uint32_t t = canon.order[p];
        if (step.cost == 1 && last_valid && t == last) continue;
        chosen = std::min(chosen, t);
      }
    }
    if (chosen == UINT32_MAX || !runtime.runnable(chosen)) throw std::logic_error("witness path does not replay");
    if (last_valid && chosen != last) ++witness.preemptions;
    runtime.step(chosen);
    witness.schedule.push_back(chosen);
    has_last = !runtime.done(chosen);
    last = chosen;
  }
  return witness;
}

}  // namespace

void add_back_pointer(std::vector<BackPointer>& list, const BackPointer& pointer, std::uint32_t cap) {
  auto at = std::upper_bound(list.begin(), list.end(), pointer,
                             [](const BackPointer& a, const BackPointer& b) { return a.arrival < b.arrival; });
  if (list.size() >= cap && at == list.end()) return;
  list.insert(at, pointer);
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
  std::uint32_t preemptions = 0;
  bool has_last = false;
  std::uint32_t last = 0;
  for (std::uint32_t t : schedule) {
    if (has_last && t != last && runtime.runnable(last)) ++preemptions;
    runtime.step(t);
    has_last = !runtime.done(t);
    last = t;
  }
  return preemptions;
}

}  // namespace gilrace
