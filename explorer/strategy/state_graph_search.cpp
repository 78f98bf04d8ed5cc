#include "explorer/strategy/state_graph_search.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "explorer/runtime/canonical_state.hpp"
#include "explorer/strategy/witness_paths.hpp"

namespace gilrace {
namespace {

constexpr std::uint64_t kNoLast = 0xffffffffull;

struct KeyHash {
  std::size_t operator()(const StateKey& key) const { return hash_key(key.data(), key.size()); }
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
        bounded_(limits.preemption_bound != kUnbounded) {}

  GraphSearchResult run() {
    const auto started = std::chrono::steady_clock::now();
    runtime_.reset();
    encoder_.encode(runtime_.machine(), canon_);
    StateKey root = canon_.key;
    root.push_back(kNoLast);
    const std::uint32_t root_index = intern(std::move(root), 0);
    nodes_[root_index].counts[0] = 1;
    nodes_[root_index].min_p = 0;

    for (std::size_t depth = 0; depth < buckets_.size() && !result_.budget_exceeded; ++depth) {
      // Expanding may add to later buckets; take this one by index.
      for (std::size_t i = 0; i < buckets_[depth].size(); ++i) {
        expand(buckets_[depth][i]);
        if (result_.budget_exceeded) break;
      }
      std::vector<std::uint32_t>().swap(buckets_[depth]);
    }
    finish(started);
    return std::move(result_);
  }

 private:
  struct Node {
    const StateKey* key = nullptr;
    std::uint32_t depth = 0;
    std::uint32_t min_p = kUnbounded;
    std::vector<BigCount> counts;  // by preemptions used; one entry (all) when unbounded
    std::vector<BackPointer> back;
  };

  std::uint32_t intern(StateKey&& key, std::uint32_t depth) {
    auto [it, inserted] = index_.try_emplace(std::move(key), static_cast<std::uint32_t>(nodes_.size()));
    if (inserted) {
      Node node;
      node.key = &it->first;
      node.depth = depth;
      node.counts.assign(bounded_ ? limits_.preemption_bound + 1 : 1, 0);
      nodes_.push_back(std::move(node));
      if (buckets_.size() <= depth) buckets_.resize(depth + 1);
      buckets_[depth].push_back(it->second);
    } else if (nodes_[it->second].depth != depth) {
      throw std::logic_error("a state was reached after different numbers of opcodes");
    }
    return it->second;
  }

  void expand(std::uint32_t index) {
    if (++expanded_ % 1024 == 0) check_budget();
    if (result_.budget_exceeded) return;
    const StateKey& full = *nodes_[index].key;
    const std::uint64_t last_word = full.back();
    // Decode everything but the trailing `last` word.
    key_scratch_.assign(full.begin(), full.end() - 1);
    encoder_.decode(key_scratch_, base_);
    runtime_.load(base_);
    encoder_.encode(runtime_.machine(), canon_);
    const std::vector<std::uint32_t> order = canon_.order;
    const std::vector<std::uint32_t> group_first = canon_.group_first;

    const bool has_last = last_word != kNoLast;
    const std::uint32_t last_thread = has_last ? order[last_word] : 0;
    const bool last_valid = has_last && runtime_.runnable(last_thread);
    bool any = false;
    const std::uint32_t n = static_cast<std::uint32_t>(order.size());
    for (std::uint32_t f = 0; f < n;) {
      std::uint32_t end = f + 1;
      while (end < n && group_first[end] == f) ++end;
      const std::uint32_t rep = order[f];
      const std::uint32_t size = end - f;
      if (runtime_.runnable(rep)) {
        any = true;
        if (!last_valid) {
          edge(index, f, rep, 0, size);
        } else if (last_word == f) {
          edge(index, f, last_thread, 0, 1);
          if (size > 1) edge(index, f, order[f] == last_thread ? order[f + 1] : order[f], 1, size - 1);
        } else {
          edge(index, f, rep, 1, size);
        }
      }
      f = end;
    }
    if (!any) terminal(index);
    else std::vector<BigCount>().swap(nodes_[index].counts);
  }

  void edge(std::uint32_t from, std::uint32_t choice, std::uint32_t thread, std::uint32_t cost, std::uint32_t multiplicity) {
    const Node& source = nodes_[from];
    if (bounded_ && source.min_p + cost > limits_.preemption_bound) {
      result_.pruned = true;
      return;
    }
    runtime_.load(base_);
    const std::uint32_t ran = runtime_.step(thread);
    encoder_.encode(runtime_.machine(), canon_);
    std::uint64_t child_last = kNoLast;
    if (!runtime_.done(thread)) {
      for (std::uint32_t p = 0; p < canon_.order.size(); ++p)
        if (canon_.order[p] == thread) child_last = canon_.group_first[p];
    }
    StateKey key = canon_.key;
    key.push_back(child_last);
    const std::uint32_t child = intern(std::move(key), nodes_[from].depth + ran);
    Node& target = nodes_[child];
    const Node& origin = nodes_[from];  // nodes_ may have grown: take references again
    if (bounded_) {
      for (std::uint32_t p = 0; p + cost <= limits_.preemption_bound; ++p)
        if (!origin.counts[p].is_zero()) target.counts[p + cost] += origin.counts[p] * multiplicity;
      if (origin.counts[limits_.preemption_bound] != 0 && cost > 0) result_.pruned = true;
    } else {
      target.counts[0] += origin.counts[0] * multiplicity;
    }
    const std::uint32_t arrival = origin.min_p + cost;
    target.min_p = std::min(target.min_p, arrival);
    add_back_pointer(target.back, {from, choice, cost, arrival}, std::max<std::uint32_t>(limits_.witnesses, 1));
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
    BigCount sum = 0;
    for (const auto& c : node.counts) sum += c;
    result.count += sum;
    result_.exploration.total += sum;
    result.min_preemptions = std::min(result.min_preemptions, node.min_p);
    terminals_[it->second].push_back(index);
  }

  void check_budget() {
    if (index_.size() > limits_.max_states) {
      result_.budget_exceeded = true;
      result_.exploration.limit_message = "state limit reached: more than " + std::to_string(limits_.max_states) +
                                          " states (raise it with --max-states N)";
    } else if (std::chrono::steady_clock::now() > deadline_) {
      result_.budget_exceeded = true;
      result_.exploration.limit_message = "time limit reached (raise it with --time-limit SECONDS)";
    }
    if (progress_) {
      Progress p;
      p.states = index_.size();
      p.opcodes = runtime_.opcodes_executed();
      p.covered = result_.exploration.total.str();
      p.bound = limits_.preemption_bound;
      p.phase = bounded_ ? "bounded" : "exhaustive";
      progress_(p);
    }
  }

  void finish(std::chrono::steady_clock::time_point started) {
    Exploration& e = result_.exploration;
    e.states = index_.size();
    e.opcodes = runtime_.opcodes_executed();
    e.preemption_bound = limits_.preemption_bound;
    e.limit_hit = result_.budget_exceeded;
    e.complete = !result_.pruned && !result_.budget_exceeded;
    if (!result_.budget_exceeded) {
      std::vector<BackPointerGraphNode> graph(nodes_.size());
      for (std::size_t i = 0; i < nodes_.size(); ++i) graph[i].back = &nodes_[i].back;
      for (std::size_t o = 0; o < e.outcomes.size(); ++o)
        e.outcomes[o].witnesses = concrete_witnesses(runtime_, encoder_, graph, terminals_[o], e.outcomes[o].outcome,
                                                     limits_.witnesses);
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

  std::unordered_map<StateKey, std::uint32_t, KeyHash> index_;
  std::vector<Node> nodes_;
  std::vector<std::vector<std::uint32_t>> buckets_;
  std::map<std::string, std::size_t> outcome_index_;
  std::vector<std::vector<std::uint32_t>> terminals_;
  GraphSearchResult result_;
  std::uint64_t expanded_ = 0;

  CanonicalState canon_;
  StateKey key_scratch_;
  Machine base_;
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
