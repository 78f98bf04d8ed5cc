#include "explorer/strategy/witness_paths.hpp"

#include <algorithm>
#include <optional>
#include <span>
#include <stdexcept>

#include "explorer/strategy/preemption_tracker.hpp"

namespace gilrace {
namespace {

struct CanonicalStep {
  std::uint32_t node;    // the state the choice is made in
  std::uint32_t choice;  // canonical position (first of its group)
  std::uint32_t cost;
};
struct CanonicalPath {
  std::vector<CanonicalStep> steps;
  std::uint32_t end = 0;  // the node the last step reaches
};

// Depth-first over back pointers from `place` to the root, collecting up
// to `cap` paths; the first one found has the fewest preemptions.
void collect_paths(const BackPointersOf& back_of, GraphPlace place, std::vector<CanonicalPath>& out, std::size_t cap) {
  // Iterative: paths are as long as the interleaving (thousands of steps).
  struct Frame {
    GraphPlace place;
    std::size_t next;
  };
  std::vector<CanonicalStep> suffix;
  std::vector<Frame> stack{{place, 0}};
  while (!stack.empty() && out.size() < cap) {
    Frame& top = stack.back();
    const auto back = back_of(top.place);
    if (top.place.node == 0 || top.next == back.size()) {
      if (top.place.node == 0) out.push_back({{suffix.rbegin(), suffix.rend()}, place.node});
      stack.pop_back();
      if (!suffix.empty()) suffix.pop_back();
      continue;
    }
    const BackPointer& pointer = back[top.next++];
    suffix.push_back({pointer.from, pointer.choice, pointer.cost});
    stack.push_back({{pointer.from, pointer.entry}, 0});
  }
}

// The members of one group of identical threads, as the choice needs them.
struct GroupMembers {
  bool has_last = false;
  std::uint32_t lowest = UINT32_MAX;        // lowest-numbered member
  std::uint32_t lowest_other = UINT32_MAX;  // lowest-numbered member other than the last thread
  std::uint32_t size = 0;
  void add(std::uint32_t thread, bool is_last) {
    has_last = has_last || is_last;
    lowest = std::min(lowest, thread);
    if (!is_last) lowest_other = std::min(lowest_other, thread);
    ++size;
  }
  // Cost 0 with the last thread in the group: it continues; otherwise the
  // lowest-numbered member (other than the last thread, for a preemption).
  std::uint32_t chosen(std::uint32_t cost, std::uint32_t last) const {
    return cost == 0 ? (has_last ? last : lowest) : lowest_other;
  }
};

// Maps each canonical choice of a path to a real thread. First the keys of
// the path's nodes are computed again, as the search computed them. The fast way
// finds the group by comparing the record stored in the node's key with
// per-thread record hashes kept up to date step by step. When that cannot
// decide (a hash collision, or objects only frames refer to, which the real
// machine numbers in another order than the node's decoded form), the path
// is followed again through the decoded nodes themselves, as the search
// stepped them, carrying which real thread each canonical position stands for.
class PathConcretiser {
 public:
  PathConcretiser(FiberRuntime& runtime, StateEncoder& encoder, const KeyCheckOf& key_check, KnownKeys& known)
      : runtime_(runtime), encoder_(encoder), key_check_(key_check), known_(known) {}

  Witness run(const CanonicalPath& path) {
    compute_keys(path);
    if (auto witness = by_records(path)) return *witness;
    return in_canonical_space(path);
  }

 private:
  // The key of the node that step i leaves (i = the path's length: its end).
  std::span<const std::uint64_t> key_at(const CanonicalPath& path, std::size_t i) const {
    return known_.key(i < path.steps.size() ? path.steps[i].node : path.end);
  }

  // Follows the path from the root in the search's own terms: decode a
  // node's key, step the first thread of the chosen group, encode the
  // result. A canonical key is a function of the machine, so this gives
  // the keys the search stored, which their checks confirm. Nodes an
  // earlier path went through are not computed again.
  void compute_keys(const CanonicalPath& path) {
    const auto keep = [&](std::uint32_t node, const StateKey& key) {
      if (key_check_of(hash_key(key.data(), key.size())) != key_check_(node))
        throw std::logic_error("a witness path does not lead through the states the search stored");
      known_.add(node, key);
    };
    const auto node_at = [&](std::size_t i) { return i < path.steps.size() ? path.steps[i].node : path.end; };
    if (!known_.has(node_at(0))) {
      runtime_.reset();
      encoder_.encode(runtime_.machine(), canon_);
      keep(node_at(0), canon_.key);
    }
    for (std::size_t i = 0; i < path.steps.size(); ++i) {
      if (known_.has(node_at(i + 1))) continue;
      const auto stored = known_.key(node_at(i));
      key_.assign(stored.begin(), stored.end());  // known_ may move its words while it grows
      encoder_.decode(key_, decoded_);
      encoder_.layout(key_, layout_);
      runtime_.load(decoded_);
      const std::uint32_t thread = encoder_.position_thread(path.steps[i].choice);
      if (!runtime_.runnable(thread)) throw std::logic_error("witness path does not replay");
      runtime_.step(thread);
      if (encoder_.encode_after_step(key_, layout_, decoded_, runtime_.machine(), thread, next_key_) < 0) {
        encoder_.encode(runtime_.machine(), canon_);
        next_key_.swap(canon_.key);
      }
      keep(node_at(i + 1), next_key_);
    }
  }

  std::optional<Witness> by_records(const CanonicalPath& path) {
    runtime_.reset();
    Witness witness;
    PreemptionTracker tracker;
    std::uint32_t stepped = StateEncoder::kAllThreads;
    for (std::size_t i = 0; i < path.steps.size(); ++i) {
      const CanonicalStep& step = path.steps[i];
      const std::uint32_t chosen = by_record(step, key_at(path, i), stepped, tracker.last_can_run(runtime_), tracker.last());
      if (chosen == UINT32_MAX || !runtime_.runnable(chosen)) return std::nullopt;
      tracker.choose(runtime_, chosen);
      runtime_.step(chosen);
      tracker.stepped(runtime_);
      witness.schedule.push_back(chosen);
      stepped = chosen;
    }
    witness.preemptions = tracker.preemptions();
    return witness;
  }

  Witness in_canonical_space(const CanonicalPath& path) {
    runtime_.reset();
    encoder_.encode(runtime_.machine(), canon_);
    std::vector<std::uint32_t> real = canon_.order;  // canonical position -> real thread
    std::vector<std::uint32_t> next_real(real.size());
    Witness witness;
    PreemptionTracker tracker;
    for (std::size_t i = 0; i < path.steps.size(); ++i) {
      const CanonicalStep& step = path.steps[i];
      const auto key = key_at(path, i);
      encoder_.layout(key, layout_);
      std::uint32_t size = 0;
      for (const auto& runs : layout_.runs)
        for (const auto& run : runs)
          if (run.first == step.choice) size = run.count;
      const bool last_can_run = tracker.last_can_run(runtime_);
      GroupMembers group;
      for (std::uint32_t q = step.choice; q < step.choice + size; ++q)
        group.add(real[q], last_can_run && real[q] == tracker.last());
      const std::uint32_t chosen = group.chosen(step.cost, tracker.last());
      std::uint32_t position = step.choice;
      while (position < step.choice + size && real[position] != chosen) ++position;
      if (size == 0 || chosen == UINT32_MAX || !runtime_.runnable(chosen))
        throw std::logic_error("witness path does not replay");
      // The step as the search took it, from the node's decoded machine.
      real_state_.copy_from(runtime_.machine());
      encoder_.decode(key, decoded_);
      runtime_.load(decoded_);
      runtime_.step(encoder_.position_thread(position));
      encoder_.encode(runtime_.machine(), canon_);
      for (std::uint32_t p = 0; p < real.size(); ++p) next_real[p] = real[encoder_.position_of_thread(canon_.order[p])];
      real.swap(next_real);
      runtime_.load(real_state_);
      tracker.choose(runtime_, chosen);
      runtime_.step(chosen);
      tracker.stepped(runtime_);
      witness.schedule.push_back(chosen);
    }
    witness.preemptions = tracker.preemptions();
    return witness;
  }

  std::uint32_t by_record(const CanonicalStep& step, std::span<const std::uint64_t> key, std::uint32_t stepped,
                          bool last_can_run, std::uint32_t last) {
    encoder_.layout(key, layout_);
    const Machine& machine = runtime_.machine();
    const auto& hashes = encoder_.thread_hashes(machine, stepped);
    for (std::uint32_t c = 0; c < layout_.runs.size(); ++c)
      for (const auto& run : layout_.runs[c]) {
        if (run.first != step.choice) continue;
        GroupMembers group;
        for (std::uint32_t t = 0; t < hashes.size(); ++t)
          if (encoder_.class_of_thread(t) == c && hashes[t] == run.hash) group.add(t, last_can_run && t == last);
        const std::uint32_t chosen = group.chosen(step.cost, last);
        const std::span<const std::uint64_t> record(key.data() + run.offset, run.length);
        if (group.size != run.count || chosen == UINT32_MAX || !encoder_.record_equals(machine, chosen, record))
          return UINT32_MAX;
        return chosen;
      }
    return UINT32_MAX;
  }

  FiberRuntime& runtime_;
  StateEncoder& encoder_;
  const KeyCheckOf& key_check_;
  KnownKeys& known_;
  StateKey key_;
  StateKey next_key_;
  KeyLayout layout_;
  CanonicalState canon_;
  Machine decoded_;
  Machine real_state_;
};

}  // namespace

void KnownKeys::add(std::uint32_t node, std::span<const std::uint64_t> key) {
  at_[node] = {words_.size(), key.size()};
  words_.insert(words_.end(), key.begin(), key.end());
}

void add_back_pointer(BackPointer* list, std::uint32_t& size, const BackPointer& pointer, std::uint32_t cap) {
  const auto at = static_cast<std::uint32_t>(
      std::upper_bound(list, list + size, pointer,
                       [](const BackPointer& a, const BackPointer& b) { return a.arrival < b.arrival; }) -
      list);
  if (at == cap) return;
  if (size < cap) ++size;
  std::copy_backward(list + at, list + size - 1, list + size);
  list[at] = pointer;
}

std::vector<Witness> concrete_witnesses(FiberRuntime& runtime, StateEncoder& encoder, const BackPointersOf& back,
                                        const KeyCheckOf& key_check, KnownKeys& known, const std::vector<GraphPlace>& final_places, const OutcomeValue& outcome,
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
  PathConcretiser concretiser(runtime, encoder, key_check, known);
  for (const auto& path : paths) {
    Witness w = concretiser.run(path);
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
