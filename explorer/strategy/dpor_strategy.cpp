// (f) Stateless dynamic partial-order reduction: source-DPOR with sleep
// sets (Abdulla et al., POPL 2014, Algorithm 1). It runs one schedule for
// each class of schedules that differ only in the order of independent
// steps (a Mazurkiewicz trace) and counts those classes per outcome. Every
// outcome the plain DFS reaches, it reaches too: swapping independent steps
// never changes the final state. Like dfs it caches no state, so its memory
// stays that of one path, however many states the scenario has.
//
// Sleep sets make every complete run a different trace; a run whose every
// enabled thread sleeps is cut short and not counted (`sleep_blocked`). A
// time, memory or depth limit stops it with the traces counted so far.
#include <algorithm>
#include <memory>

#include "explorer/runtime/outcome_cache.hpp"
#include "explorer/strategy/deep_stack.hpp"
#include "explorer/strategy/dpor_trace.hpp"
#include "explorer/strategy/search_budget.hpp"
#include "models/opcode_semantics.hpp"

namespace gilrace {
namespace {

struct Sleeper {
  std::uint32_t thread;
  StepFootprint next;  // the step it would take, as run from an earlier sibling
};

class Dpor {
 public:
  Dpor(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress)
      : runtime_(runtime),
        limits_(limits),
        progress_(progress),
        budget_(limits),
        outcomes_(runtime.program()),
        trace_(runtime.thread_count()) {}

  Exploration run() {
    const auto started = std::chrono::steady_clock::now();
    runtime_.reset();
    const std::uint64_t opcodes_at_start = runtime_.opcodes_executed();
    run_on_deep_stack([this] { visit(0, false, 0, 0, {}); });
    Exploration& e = result_;
    for (std::size_t i = 0; i < leaf_counts_.size(); ++i) e.outcomes[i].count = leaf_counts_[i];
    e.total = traces_;
    e.strategy = "dpor";
    e.states = visited_;
    e.opcodes = runtime_.opcodes_executed() - opcodes_at_start;
    e.preemption_bound = kUnbounded;
    e.counts_traces = true;
    e.sleep_blocked = sleep_blocked_;
    if (!stopped_by_.empty()) mark_partial(e, stopped_by_);
    sort_outcomes(e.outcomes);
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(result_);
  }

 private:
  struct Level {
    Machine saved;
    std::vector<char> enabled, backtrack, done;
    std::vector<Sleeper> sleep;  // asleep on arrival, then the threads already run from here
  };

  static bool asleep(const Level& level, std::uint32_t thread) {
    return std::any_of(level.sleep.begin(), level.sleep.end(), [&](const Sleeper& s) { return s.thread == thread; });
  }

  // The next thread to run from `level`: the one that ran last when it
  // may (so the first run has no preemption), else the lowest.
  static std::optional<std::uint32_t> next_choice(const Level& level, bool last_valid, std::uint32_t last) {
    if (last_valid && level.backtrack[last] && !level.done[last] && !asleep(level, last)) return last;
    for (std::uint32_t t = 0; t < level.backtrack.size(); ++t)
      if (level.backtrack[t] && !level.done[t] && !asleep(level, t)) return t;
    return std::nullopt;
  }

  void visit(std::size_t depth, bool has_last, std::uint32_t last, std::uint32_t preemptions,
             std::vector<Sleeper> sleep) {
    if ((++visited_ & 0xff) == 0) check_budget();
    if (depth >= kMaxSearchDepth && stopped_by_.empty())
      stopped_by_ = depth_limit_text();
    if (!stopped_by_.empty()) return;
    if (levels_.size() <= depth) levels_.push_back(std::make_unique<Level>());
    Level& level = *levels_[depth];
    const std::uint32_t n = runtime_.thread_count();
    level.enabled.assign(n, 0);
    level.backtrack.assign(n, 0);
    level.done.assign(n, 0);
    level.sleep = std::move(sleep);
    bool any = false;
    // NOLINTNEXTLINE(bugprone-narrowing-conversions): a bool stored as char is 0 or 1, nothing is lost
    for (std::uint32_t t = 0; t < n; ++t) level.enabled[t] = runtime_.runnable(t), any = any || level.enabled[t];
    add_backtracking_for_waiters(level);
    if (!any) return leaf(preemptions);
    const bool last_valid = has_last && level.enabled[last];
    std::optional<std::uint32_t> first;
    if (last_valid && !asleep(level, last)) first = last;
    for (std::uint32_t t = 0; t < n && !first; ++t)
      if (level.enabled[t] && !asleep(level, t)) first = t;
    if (!first) {
      ++sleep_blocked_;
      return;
    }
    level.backtrack[*first] = 1;
    level.saved.copy_from(runtime_.machine());
    bool fresh = true;  // the runtime still holds this level's state
    while (const auto choice = next_choice(level, last_valid, last)) {
      const std::uint32_t t = *choice;
      if (!fresh) runtime_.load(level.saved);
      fresh = false;
      runtime_.step(t, nullptr, &footprint_);
      trace_.push(t, footprint_);
      add_backtracking();
      const StepFootprint& ran = trace_.event(depth).footprint;
      std::vector<Sleeper> child_sleep;
      for (const Sleeper& s : level.sleep)
        if (!footprints_conflict(s.next, ran)) child_sleep.push_back(s);
      schedule_.push_back(t);
      const std::uint32_t cost = (last_valid && t != last) ? 1 : 0;
      visit(depth + 1, !runtime_.done(t), t, preemptions + cost, std::move(child_sleep));
      schedule_.pop_back();
      // `level` still refers to this depth: levels_ holds boxes that never move.
      level.done[t] = 1;
      level.sleep.push_back({t, trace_.event(depth).footprint});
      trace_.pop();
      if (!stopped_by_.empty()) return;
    }
  }

  // For each earlier event racing with the newest, make sure some thread
  // that can start the reversed order will run from before that event.
  void add_backtracking() {
    const std::uint32_t newest_thread = trace_.event(trace_.size() - 1).thread;
    for (const DporTrace::Race& race : trace_.races_with_last()) {
      Level& level = *levels_[race.earlier];
      const std::vector<std::uint32_t> initials = trace_.initials_after(race.earlier);
      if (std::any_of(initials.begin(), initials.end(), [&](std::uint32_t t) { return level.backtrack[t] != 0; }))
        continue;
      std::uint32_t pick = initials.front();
      if (std::find(initials.begin(), initials.end(), newest_thread) != initials.end()) pick = newest_thread;
      if (level.enabled[pick]) {
        level.backtrack[pick] = 1;
      } else if (race.release_then_acquire) {
        continue;  // it waited for that lock there; the race with the previous acquire covers the other order
      } else {
        // Cannot happen without a lost dependence; stay sound regardless.
        for (std::uint32_t t = 0; t < level.enabled.size(); ++t)
          if (level.enabled[t]) level.backtrack[t] = 1;
      }
    }
  }

  // A thread waiting for a lock has an acquire that has not run, so no
  // event of it can race with the acquire that took the lock first (and in
  // a deadlock it never runs): check that race as if the acquire ran now.
  void add_backtracking_for_waiters(const Level& level) {
    const Machine& machine = runtime_.machine();
    for (std::uint32_t t = 0; t < level.enabled.size(); ++t) {
      if (level.enabled[t] || machine.threads[t].status != ThreadStatus::Runnable) continue;
      const std::int64_t lock = lock_waited_for(runtime_.program(), machine, t);
      if (lock < 0) continue;
      StepFootprint pending;
      pending.locks.push_back({static_cast<std::uint32_t>(lock), kLockAcquired});
      trace_.push(t, pending);
      add_backtracking();
      trace_.pop();
    }
  }

  void leaf(std::uint32_t preemptions) {
    const std::size_t index = outcomes_.index_of(runtime_.machine());
    if (index == result_.outcomes.size()) {
      result_.outcomes.push_back({outcomes_.outcome(index), 0, kUnbounded, {}});
      leaf_counts_.push_back(0);
    }
    OutcomeResult& r = result_.outcomes[index];
    ++leaf_counts_[index];
    ++traces_;
    offer_witness(r, schedule_, preemptions, limits_.witnesses);
  }

  void check_budget() {
    if (!budget_.holds()) stopped_by_ = budget_.exceeded_by();
    if (progress_ && (visited_ & 0x3fff) == 0) {
      Progress p;
      p.states = visited_;
      p.opcodes = runtime_.opcodes_executed();
      p.covered = std::to_string(traces_);
      p.phase = "dpor";
      p.depth = schedule_.size();
      progress_(p);
    }
  }

  FiberRuntime& runtime_;
  const ExplorationLimits& limits_;
  const ProgressSink& progress_;
  SearchBudget budget_;
  std::string stopped_by_;  // the limit that stopped the search, once one has
  Exploration result_;
  OutcomeCache outcomes_;
  DporTrace trace_;
  StepFootprint footprint_;
  std::vector<std::unique_ptr<Level>> levels_;  // boxed: growing the vector keeps each Level in place
  std::vector<std::uint64_t> leaf_counts_;
  std::uint64_t traces_ = 0;
  std::uint64_t sleep_blocked_ = 0;
  std::uint64_t visited_ = 0;
  Schedule schedule_;
};

class DporStrategy : public Strategy {
 public:
  std::string name() const override { return "dpor"; }
  Exploration explore(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress) override {
    return Dpor(runtime, limits, progress).run();
  }
};

}  // namespace

std::unique_ptr<Strategy> make_dpor_strategy() { return std::make_unique<DporStrategy>(); }

}  // namespace gilrace
