#include "explorer/strategy/state_graph_search.hpp"

#include <algorithm>
#include <map>

#include "explorer/runtime/canonical_state.hpp"
#include "explorer/strategy/chunked_vector.hpp"
#include "explorer/strategy/node_expansion.hpp"
#include "explorer/strategy/parallel_expansion.hpp"
#include "explorer/strategy/search_budget.hpp"
#include "explorer/strategy/state_layers.hpp"
#include "explorer/strategy/witness_paths.hpp"

namespace gilrace {
namespace {

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
  std::uint32_t key_check = 0;  // of its key, which is freed once its depth is expanded (witness_paths.hpp)
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
        budget_(limits, deadline),
        encoder_(runtime.program()),
        bounded_(limits.preemption_bound != kUnbounded),
        back_cap_(limits.witnesses),
        mass_slots_(bounded_ ? limits.preemption_bound + 1 : 1),
        backs_(limits.witnesses),
        expander_(runtime, limits.preemption_bound) {
    if (limits.switch_probability) scaled_.emplace(*limits.switch_probability, runtime.thread_count());
  }

  GraphSearchResult run() {
    const auto started = std::chrono::steady_clock::now();
    runtime_.reset();
    encoder_.encode(runtime_.machine(), canon_);
    const std::uint32_t root = intern(canon_.key, hash_key(canon_.key.data(), canon_.key.size()), 0);
    nodes_[root].total = 1;
    LastEntry& entry = entries_[entry_for(nodes_[root], kNoLast)];
    entry.min_p = 0;
    if (bounded_) entry.counts.assign(limits_.preemption_bound + 1, 0), entry.counts[0] = 1;
    if (scaled_) entry.mass.assign(mass_slots_, 0), entry.mass[0] = 1;

    for (std::size_t depth = 0; depth < layers_.depths() && !result_.budget_exceeded; ++depth) {
      depth_ = depth;
      expand_layer(depth);
      layers_.release(depth);  // its keys can never be met again
    }
    finish(started);
    return std::move(result_);
  }

 private:
  std::uint32_t intern(std::span<const std::uint64_t> key, std::uint64_t hash, std::uint32_t depth) {
    const auto interned = layers_.intern(key, hash, depth, static_cast<std::uint32_t>(nodes_.size()), depth_);
    if (interned.inserted) {
      Node& node = nodes_.emplace_back();
      node.depth = depth;
      node.key_check = key_check_of(interned.hash);
      if (nodes_.size() > limits_.max_states && !result_.budget_exceeded) {
        result_.budget_exceeded = true;
        result_.exploration.limit_message =
            "the state limit of " + std::to_string(limits_.max_states) + " states (raise it with --max-states N)";
      }
    }
    return interned.node;
  }

  // Expands every state of one depth: on this thread alone for a small
  // layer or one job, else with the helper threads. Either way the
  // expansions are applied in the layer's order, so the result is the same.
  void expand_layer(std::size_t depth) {
    const std::uint32_t count = layers_.size(depth);
    if (limits_.jobs <= 1 || count < std::max<std::uint32_t>(limits_.parallel_min_layer, 1)) {
      for (std::uint32_t i = 0; i < count; ++i) {
        if (!next_expansion()) return;
        const std::uint32_t node = layers_.node(depth, i);
        summarise_entries(node, summaries_);
        inline_.clear();
        expander_.expand({node, layers_.key(depth, i), summaries_, layers_.keys(depth)}, inline_);
        apply(inline_.nodes.front(), inline_);
      }
      return;
    }
    if (!pool_)
      pool_ = std::make_unique<ExpansionPool>(program_, runtime_.model(), limits_.preemption_bound, limits_.jobs - 1);
    const auto prepare = [&](ExpansionBatch& batch, std::uint32_t begin, std::uint32_t end) {
      batch.nodes.clear();
      batch.entries.clear();
      for (std::uint32_t i = begin; i < end; ++i) {
        const std::uint32_t node = layers_.node(depth, i);
        const std::size_t at = batch.entries.size();
        summarise_entries(node, batch.entries, at);
        batch.nodes.push_back(
            {node, layers_.key(depth, i), {batch.entries.data() + at, batch.entries.size() - at}, layers_.keys(depth)});
      }
      // The entries' vector may have moved while it grew: point into its final place.
      for (std::size_t at = 0; auto& node : batch.nodes) {
        node.entries = {batch.entries.data() + at, node.entries.size()};
        at += node.entries.size();
      }
    };
    const auto apply_batch = [&](ExpansionBatch& batch) {
      for (const Expansions& slice : batch.slices)
        for (const NodeExpansion& expansion : slice.nodes) {
          if (!next_expansion()) return false;
          apply(expansion, slice);
        }
      return true;
    };
    pool_->expand(count, limits_.parallel_batch, expander_, prepare, apply_batch);
  }

  // Counts one more expansion, checking the budget every 1024; false once it is exceeded.
  bool next_expansion() {
    if (++expanded_ % 1024 == 0) check_budget();
    return !result_.budget_exceeded;
  }

  // The node's entries as expansion needs them, in the order of its entry list.
  void summarise_entries(std::uint32_t node, std::vector<EntrySummary>& out, std::size_t keep = 0) {
    out.resize(keep);
    for (std::uint32_t e = nodes_[node].first_entry; e != kNoEntry; e = entries_[e].next)
      out.push_back({entries_[e].last, entries_[e].min_p});
  }

  // The index of the node's entry for `last`, made when new.
  std::uint32_t entry_for(Node& node, std::uint32_t last) {
    std::uint32_t* link = &node.first_entry;
    for (; *link != kNoEntry; link = &entries_[*link].next)
      if (entries_[*link].last == last) return *link;
    *link = static_cast<std::uint32_t>(entries_.size());
    LastEntry& e = entries_.emplace_back();
    e.last = last;
    backs_.add();
    if (bounded_) e.counts.assign(limits_.preemption_bound + 1, 0);
    if (scaled_) e.mass.assign(mass_slots_, 0);
    return *link;
  }

  // The second half of expanding a state: its children are interned and
  // the counts, probabilities and back pointers of its paths move to them.
  void apply(const NodeExpansion& expansion, const Expansions& expansions) {
    const std::uint32_t index = expansion.node;
    node_entries_.clear();
    for (std::uint32_t e = nodes_[index].first_entry; e != kNoEntry; e = entries_[e].next) node_entries_.push_back(e);
    last_valid_ = expansions.last_valid.data() + expansion.first_valid;
    runnable_threads_ = expansion.runnable_threads;
    if (expansion.pruned) result_.pruned = true;
    if (expansion.outcome >= 0) return terminal(index, expansions.outcomes[static_cast<std::size_t>(expansion.outcome)]);
    for (std::uint32_t s = expansion.first_step; s < expansion.first_step + expansion.step_count; ++s) {
      const ChildStep& step = expansions.steps[s];
      step_group(index, step, {expansions.keys.data() + step.key_offset, step.key_length});
    }
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

  void step_group(std::uint32_t from, const ChildStep& step, std::span<const std::uint64_t> child_key) {
    const std::uint32_t first = step.first, size = step.size, ran = step.ran;
    opcodes_ += ran;
    const std::uint32_t child = intern(child_key, step.key_hash, nodes_[from].depth + ran);
    const std::uint32_t child_last = step.child_last;

    // References only after intern: nodes_ may have grown.
    const Node& origin = nodes_[from];
    Node& target = nodes_[child];
    if (!bounded_) {
      if (size == 1) target.total += origin.total;
      else target.total += origin.total * size;
    }
    const std::uint32_t into_index = entry_for(target, child_last);
    LastEntry& into = entries_[into_index];
    for (std::size_t e = 0; e < node_entries_.size(); ++e) {
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
        add_back_pointer(backs_.slot(into_index), into.back_count,
                         {from, node_entries_[e], first, cost, arrival}, back_cap_);
    }
  }

  void terminal(std::uint32_t index, const OutcomeValue& outcome) {
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
    if (!result_.budget_exceeded && !budget_.holds()) {
      result_.budget_exceeded = true;
      result_.exploration.limit_message = budget_.exceeded_by();
    }
    if (progress_) {
      Progress p;
      p.states = nodes_.size();
      p.opcodes = opcodes_;
      p.covered = result_.exploration.total.str();
      p.bound = limits_.preemption_bound;
      p.phase = bounded_ ? "bounded" : "exhaustive";
      p.depth = depth_;
      progress_(p);
    }
  }

  void finish(std::chrono::steady_clock::time_point started) {
    Exploration& e = result_.exploration;
    e.states = nodes_.size();
    e.opcodes = opcodes_;
    e.preemption_bound = limits_.preemption_bound;
    e.limit_hit = result_.budget_exceeded;
    e.complete = !result_.pruned && !result_.budget_exceeded;
    if (scaled_) {
      e.switch_probability = limits_.switch_probability;
      e.neglected_probability = 1;
      for (const auto& o : e.outcomes) e.neglected_probability -= o.probability;
    }
    // A stopped search still reports the outcomes it reached, with
    // witnesses: every ancestor of an expanded state was expanded.
    {
      const BackPointersOf back = [this](GraphPlace place) -> std::span<const BackPointer> {
        if (place.node == 0) return {};
        return {backs_.slot(place.entry), entries_[place.entry].back_count};
      };
      const KeyCheckOf key_check = [this](std::uint32_t node) { return nodes_[node].key_check; };
      KnownKeys known;
      for (std::size_t o = 0; o < e.outcomes.size(); ++o) {
        // Fewest preemptions first among the final places too.
        auto& places = terminals_[o];
        std::stable_sort(places.begin(), places.end(), [this](const GraphPlace& a, const GraphPlace& b) {
          return entries_[a.entry].min_p < entries_[b.entry].min_p;
        });
        e.outcomes[o].witnesses =
            concrete_witnesses(runtime_, encoder_, back, key_check, known, places, e.outcomes[o].outcome, limits_.witnesses);
      }
    }
    sort_outcomes(e.outcomes);
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }

  FiberRuntime& runtime_;
  const Program& program_;
  const ExplorationLimits& limits_;
  const ProgressSink& progress_;
  SearchBudget budget_;
  StateEncoder encoder_;
  bool bounded_;
  std::uint32_t back_cap_;
  std::uint32_t mass_slots_;
  std::optional<ScaledMass> scaled_;  // --switch-prob: probabilities are computed

  StateLayers layers_;
  // The records of every state stored: they stay to the end, for the
  // witnesses. Chunked: growing never copies them.
  ChunkedVector<Node> nodes_;
  ChunkedVector<LastEntry> entries_;
  ChunkedSlots<BackPointer> backs_;  // back_cap_ per entry
  std::map<std::string, std::size_t> outcome_index_;
  std::vector<std::vector<GraphPlace>> terminals_;
  GraphSearchResult result_;
  std::uint64_t expanded_ = 0;
  std::uint64_t depth_ = 0;
  std::uint64_t opcodes_ = 0;  // executed by the steps applied

  NodeExpander expander_;  // on this thread's runtime
  Expansions inline_;      // a state expanded on this thread alone
  std::vector<EntrySummary> summaries_;
  std::unique_ptr<ExpansionPool> pool_;  // started at the first layer large enough to share

  // scratch
  CanonicalState canon_;
  std::vector<std::uint32_t> node_entries_;  // the state being applied: its entries
  const char* last_valid_ = nullptr;         // per entry of node_entries_: its last thread can run on
  std::uint32_t runnable_threads_ = 0;       // members of its runnable groups
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
