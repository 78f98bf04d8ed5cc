#include "explorer/strategy/state_graph_search.hpp"

#include <algorithm>
#include <map>

#include "explorer/runtime/canonical_state.hpp"
#include "explorer/strategy/memory_use.hpp"
#include "explorer/strategy/state_store.hpp"
#include "explorer/strategy/witness_paths.hpp"

namespace gilrace {
namespace {

constexpr std::uint32_t kNoLast = 0xffffffffu;
constexpr std::uint32_t kNoEntry = 0xffffffffu;

// The paths into a node, split by the thread that ran last (which decides
// whether the next switch is a preemption). A node's entries form a list
// through `next` in one pool, so a new node allocates nothing.
struct LastEntry {
  std::uint32_t last = kNoLast;  // canonical position (first of its group), or kNoLast
  std::uint32_t min_p = kUnbounded;
  std::uint32_t next = kNoEntry;  // the node's next entry
  std::uint32_t back_count = 0;   // its back pointers, in the pool at back_cap per entry
  std::vector<BigCount> counts;   // bounded search: prefixes by preemptions used
  std::vector<BigCount> mass;  // --switch-prob: their probability (ScaledMass), by preemptions used (one slot unbounded)
};

struct Node {
  std::uint32_t depth = 0;  // opcodes executed to get here
  std::uint32_t first_entry = kNoEntry;
  BigCount total = 0;  // unbounded search: prefixes reaching this state
};

class GraphSearch {
 public:
  GraphSearch(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress,
              std::chrono::steady_clock::time_point deadline)
      : runtime_(runtime),
        program_(runtime.program()),
        limits_(limits),
        progress_(progress),
        deadline_(deadline),
        encoder_(runtime.program()),
        bounded_(limits.preemption_bound != kUnbounded),
        back_cap_(limits.witnesses),
        mass_slots_(bounded_ ? limits.preemption_bound + 1 : 1) {
    if (limits.switch_probability) scaled_.emplace(*limits.switch_probability, runtime.thread_count());
  }

  GraphSearchResult run() {
    const auto started = std::chrono::steady_clock::now();
    opcodes_at_start_ = runtime_.opcodes_executed();
    runtime_.reset();
    encoder_.encode(runtime_.machine(), canon_);
    child_key_.reserve(canon_.key.size() * 2);
    const std::uint32_t root = intern(canon_.key, 0);
    nodes_[root].total = 1;
    LastEntry& entry = entry_for(nodes_[root], kNoLast);
    entry.min_p = 0;
    if (bounded_) entry.counts.assign(limits_.preemption_bound + 1, 0), entry.counts[0] = 1;
    if (scaled_) entry.mass.assign(mass_slots_, 0), entry.mass[0] = 1;

    for (std::size_t depth = 0; depth < buckets_.size() && !result_.budget_exceeded; ++depth) {
      depth_ = depth;
      for (std::size_t i = 0; i < buckets_[depth].size() && !result_.budget_exceeded; ++i) expand(buckets_[depth][i]);
      std::vector<std::uint32_t>().swap(buckets_[depth]);
    }
    finish(started);
    return std::move(result_);
  }

 private:
  std::uint32_t intern(std::span<const std::uint64_t> key, std::uint32_t depth) {
    const auto [index, inserted] = store_.intern(key);
    if (inserted && store_.size() > limits_.max_states && !result_.budget_exceeded) {
      result_.budget_exceeded = true;
      result_.exploration.limit_message =
          "the state limit of " + std::to_string(limits_.max_states) + " states (raise it with --max-states N)";
    }
    if (inserted) {
      nodes_.emplace_back().depth = depth;
      if (buckets_.size() <= depth) buckets_.resize(depth + 1);
      buckets_[depth].push_back(index);
    } else if (nodes_[index].depth != depth) {
      throw std::logic_error("a state was reached after different numbers of opcodes");
    }
    return index;
  }

  LastEntry& entry_for(Node& node, std::uint32_t last) {
    std::uint32_t* link = &node.first_entry;
    for (; *link != kNoEntry; link = &entries_[*link].next)
      if (entries_[*link].last == last) return entries_[*link];
    *link = static_cast<std::uint32_t>(entries_.size());  // before emplace_back: `link` may point into entries_
    LastEntry& e = entries_.emplace_back();
    e.last = last;
    backs_.resize(backs_.size() + back_cap_);
    if (bounded_) e.counts.assign(limits_.preemption_bound + 1, 0);
    if (scaled_) e.mass.assign(mass_slots_, 0);
    return e;
  }

  void expand(std::uint32_t index) {
    if (++expanded_ % 1024 == 0) check_budget();
    if (result_.budget_exceeded) return;
    const auto key = store_.key(index);
    key_scratch_.assign(key.begin(), key.end());
    encoder_.decode(key_scratch_, base_);
    encoder_.layout(key_scratch_, layout_);
    runtime_.load(base_);
    runtime_holds_base_ = true;
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

    // Which entries' last thread can still run (else switching is free).
    node_entries_.clear();
    last_valid_.clear();
    for (std::uint32_t e = nodes_[index].first_entry; e != kNoEntry; e = entries_[e].next) {
      node_entries_.push_back(e);
      last_valid_.push_back(entries_[e].last != kNoLast && runtime_.runnable(order_[entries_[e].last]));
    }

    // Which groups can run is read from this node's state before any step:
    // each step leaves the runtime in a child's state.
    runnable_groups_.clear();
    runnable_threads_ = 0;
    for (std::uint32_t first = 0; first < n;) {
      std::uint32_t end = first + 1;
      while (end < n && group_first_[end] == first) ++end;
      if (runtime_.runnable(order_[first])) runnable_groups_.push_back({first, end - first}), runnable_threads_ += end - first;
      first = end;
    }
    if (runnable_groups_.empty()) return terminal(index);
    for (const auto& [first, size] : runnable_groups_) step_group(index, first, size);
    nodes_[index].total = 0;
    for (std::uint32_t e : node_entries_) {
      std::vector<BigCount>().swap(entries_[e].counts);
      std::vector<BigCount>().swap(entries_[e].mass);
    }
  }

  // --switch-prob: the probability mass of `source`'s paths flows into
  // `into` along a step of `free_ways` members of the group that cost no
  // preemption and `preempting_ways` that cost one.
  void move_mass(const LastEntry& source, bool last_valid, std::uint32_t free_ways, std::uint32_t preempting_ways,
                 std::uint32_t ran, LastEntry& into) {
    static const BigCount kZero = 0;
    const BigCount& free_share =
        free_ways ? scaled_->factor(runnable_threads_, last_valid, last_valid, free_ways, ran) : kZero;
    const BigCount& preempting_share =
        preempting_ways ? scaled_->factor(runnable_threads_, true, false, preempting_ways, ran) : kZero;
    for (std::uint32_t p = 0; p < mass_slots_; ++p) {
      if (source.mass[p] == 0) continue;
      if (free_ways) into.mass[p] += source.mass[p] * free_share;
      const std::uint32_t preempted = bounded_ ? p + 1 : 0;
      if (preempting_ways && preempted < mass_slots_) into.mass[preempted] += source.mass[p] * preempting_share;
    }
  }

  void step_group(std::uint32_t from, std::uint32_t first, std::uint32_t size) {
    if (bounded_) {
      // Skip the step when every path here would exceed the bound.
      bool reachable = false;
      for (std::size_t e = 0; e < node_entries_.size(); ++e) {
        const LastEntry& entry = entries_[node_entries_[e]];
        if (entry.min_p == kUnbounded) continue;
        const std::uint32_t cheapest = (!last_valid_[e] || entry.last == first) ? 0 : 1;
        reachable = reachable || entry.min_p + cheapest <= limits_.preemption_bound;
      }
      if (!reachable) {
        result_.pruned = true;
        return;
      }
    }
    const std::uint32_t thread = order_[first];
    if (!runtime_holds_base_) runtime_.load(base_);
    runtime_holds_base_ = false;
    const std::uint32_t ran = runtime_.step(thread);
    std::int64_t group = encoder_.encode_after_step(key_scratch_, layout_, base_, runtime_.machine(), thread, child_key_);
    if (group < 0) {
      encoder_.encode(runtime_.machine(), canon_);
      child_key_.swap(canon_.key);
      for (std::uint32_t p = 0; p < canon_.order.size(); ++p)
        if (canon_.order[p] == thread) group = canon_.group_first[p];
    }
    const std::uint32_t child_last = runtime_.done(thread) ? kNoLast : static_cast<std::uint32_t>(group);
    const std::uint32_t child = intern(child_key_, nodes_[from].depth + ran);

    // References only after intern: nodes_ may have grown.
    const Node& origin = nodes_[from];
    Node& target = nodes_[child];
    if (!bounded_) {
      if (size == 1) target.total += origin.total;
      else target.total += origin.total * size;
    }
    LastEntry& into = entry_for(target, child_last);
    const auto into_index = static_cast<std::size_t>(&into - entries_.data());
    for (std::size_t e = 0; e < node_entries_.size(); ++e) {
      // After entry_for: entries_ may have grown.
      const LastEntry& source = entries_[node_entries_[e]];
      // Ways to pick a member of the group, by cost: the last thread itself
      // is free; any other member preempts it.
      std::uint32_t free_ways = size, preempting_ways = 0;
      if (last_valid_[e]) {
        free_ways = source.last == first ? 1 : 0;
        preempting_ways = size - free_ways;
      }
      const std::uint32_t cost = free_ways ? 0 : 1;
      if (source.min_p == kUnbounded) continue;
      if (scaled_) move_mass(source, last_valid_[e], free_ways, preempting_ways, ran, into);
      if (bounded_) {
        bool moved = false;
        for (std::uint32_t p = 0; p <= limits_.preemption_bound; ++p) {
          if (source.counts[p].is_zero()) continue;
          if (free_ways) into.counts[p] += source.counts[p] * free_ways, moved = true;
          if (preempting_ways) {
            if (p + 1 <= limits_.preemption_bound) into.counts[p + 1] += source.counts[p] * preempting_ways, moved = true;
            else result_.pruned = true;
          }
        }
        if (!moved) continue;
      }
      const std::uint32_t arrival = source.min_p + cost;
      into.min_p = std::min(into.min_p, arrival);
      if (back_cap_)
        add_back_pointer(backs_.data() + back_cap_ * into_index, into.back_count,
                         {from, node_entries_[e], first, cost, arrival}, back_cap_);
    }
  }

  void terminal(std::uint32_t index) {
    const OutcomeValue outcome = describe_outcome(program_, runtime_.machine());
    auto [it, inserted] = outcome_index_.try_emplace(outcome.key(), result_.exploration.outcomes.size());
    if (inserted) {
      result_.exploration.outcomes.push_back({outcome, 0, kUnbounded, {}});
      terminals_.emplace_back();
    }
    OutcomeResult& result = result_.exploration.outcomes[it->second];
    const Node& node = nodes_[index];
    BigCount sum = node.total;
    if (bounded_) {
      sum = 0;
      for (std::uint32_t e : node_entries_)
        for (const auto& c : entries_[e].counts) sum += c;
    }
    result.count += sum;
    result_.exploration.total += sum;
    if (scaled_) {
      BigCount mass = 0;
      for (std::uint32_t e : node_entries_)
        for (const auto& m : entries_[e].mass) mass += m;
      result.probability += scaled_->value(mass, node.depth);
    }
    for (std::uint32_t e : node_entries_) {
      if (entries_[e].min_p == kUnbounded) continue;
      result.min_preemptions = std::min(result.min_preemptions, entries_[e].min_p);
      terminals_[it->second].push_back({index, e});
    }
  }

  void check_budget() {
    if (!result_.budget_exceeded && std::chrono::steady_clock::now() > deadline_) {
      result_.budget_exceeded = true;
      result_.exploration.limit_message = "the time limit (raise it with --time-limit SECONDS)";
    }
    if (!result_.budget_exceeded && limits_.max_memory_bytes && resident_bytes() > limits_.max_memory_bytes) {
      result_.budget_exceeded = true;
      result_.exploration.limit_message =
          "the memory limit of " + memory_size_text(limits_.max_memory_bytes) + " (raise it with --max-memory SIZE)";
    }
    if (progress_) {
      Progress p;
      p.states = store_.size();
      p.opcodes = runtime_.opcodes_executed();
      p.covered = result_.exploration.total.str();
      p.bound = limits_.preemption_bound;
      p.phase = bounded_ ? "bounded" : "exhaustive";
      p.depth = depth_;
      progress_(p);
    }
  }

  void finish(std::chrono::steady_clock::time_point started) {
    Exploration& e = result_.exploration;
    e.states = store_.size();
    e.opcodes = runtime_.opcodes_executed() - opcodes_at_start_;
    e.preemption_bound = limits_.preemption_bound;
    e.limit_hit = result_.budget_exceeded;
    e.complete = !result_.pruned && !result_.budget_exceeded;
    if (scaled_) {
      e.switch_probability = limits_.switch_probability;
      e.neglected_probability = 1;
      for (const auto& o : e.outcomes) e.neglected_probability -= o.probability;
    }
    if (!result_.budget_exceeded) {
      const BackPointersOf back = [this](GraphPlace place) -> std::span<const BackPointer> {
        if (place.node == 0) return {};
        return {backs_.data() + std::size_t(back_cap_) * place.entry, entries_[place.entry].back_count};
      };
      const KeyOf key_of = [this](std::uint32_t node) { return store_.key(node); };
      for (std::size_t o = 0; o < e.outcomes.size(); ++o) {
        // Fewest preemptions first among the final places too.
        auto& places = terminals_[o];
        std::stable_sort(places.begin(), places.end(), [this](const GraphPlace& a, const GraphPlace& b) {
          return entries_[a.entry].min_p < entries_[b.entry].min_p;
        });
        e.outcomes[o].witnesses =
            concrete_witnesses(runtime_, encoder_, back, key_of, places, e.outcomes[o].outcome, limits_.witnesses);
      }
    }
    sort_outcomes(e.outcomes);
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }

  FiberRuntime& runtime_;
  const Program& program_;
  const ExplorationLimits& limits_;
  const ProgressSink& progress_;
  std::chrono::steady_clock::time_point deadline_;
  StateEncoder encoder_;
  bool bounded_;
  std::uint32_t back_cap_;
  std::uint32_t mass_slots_;
  std::optional<ScaledMass> scaled_;  // --switch-prob: probabilities are computed

  StateStore store_;
  std::vector<Node> nodes_;
  std::vector<LastEntry> entries_;
  std::vector<BackPointer> backs_;  // back_cap_ per entry
  std::vector<std::vector<std::uint32_t>> buckets_;
  std::map<std::string, std::size_t> outcome_index_;
  std::vector<std::vector<GraphPlace>> terminals_;
  GraphSearchResult result_;
  std::uint64_t expanded_ = 0;
  std::uint64_t depth_ = 0;
  std::uint64_t opcodes_at_start_ = 0;

  // scratch for the node being expanded
  CanonicalState canon_;
  StateKey key_scratch_;
  StateKey child_key_;
  KeyLayout layout_;
  Machine base_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> group_first_;
  std::vector<std::uint32_t> node_entries_;  // the expanded node's entries
  std::vector<char> last_valid_;             // per entry of node_entries_; not vector<bool>: read in the inner loop
  bool runtime_holds_base_ = false;  // the runtime is still in the expanded node's state
  std::vector<std::pair<std::uint32_t, std::uint32_t>> runnable_groups_;  // (first position, size)
  std::uint32_t runnable_threads_ = 0;  // their members in all
};

}  // namespace

std::chrono::steady_clock::time_point deadline_after(double seconds) {
  if (seconds <= 0) return std::chrono::steady_clock::time_point::max();
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

GraphSearchResult search_state_graph(FiberRuntime& runtime, const ExplorationLimits& limits,
                                     const ProgressSink& progress, std::chrono::steady_clock::time_point deadline) {
  return GraphSearch(runtime, limits, progress, deadline).run();
}

}  // namespace gilrace
