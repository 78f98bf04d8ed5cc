// The dpor strategy: it must reach exactly the outcomes the exhaustive
// search reaches, and its per-outcome trace counts must equal the number of
// Mazurkiewicz classes that a brute-force reference finds by running every
// interleaving and grouping them by their dependence order (the same
// footprints decide dependence in both, so this checks that DPOR misses no
// class and that sleep sets never run one class twice).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <tuple>

#include "explorer/runtime/outcome_cache.hpp"
#include "explorer/strategy/dpor_trace.hpp"
#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::explore;
using testing_support::scenario_path;

struct Case {
  std::string scenario;
  Defines defines;
  std::string model = {};
  std::uint32_t max_steps = 10000;
};

std::string name_of(const Case& c) {
  std::string name = c.scenario;
  for (const auto& [k, v] : c.defines) name += " " + k + "=" + v;
  return name + " --model " + (c.model.empty() ? "default" : c.model);
}

ExploreOptions options_for(const Case& c, const std::string& strategy) {
  ExploreOptions options;
  options.scenario_path = c.scenario.starts_with("/") ? c.scenario : scenario_path(c.scenario);
  options.defines = c.defines;
  options.model = c.model;
  options.max_steps = c.max_steps;
  options.strategy = strategy;
  return options;
}

std::map<std::string, std::string> trace_counts(const Exploration& e) {
  std::map<std::string, std::string> counts;
  for (const auto& o : e.outcomes) counts[o.outcome.key()] = o.count.str();
  return counts;
}

// Runs every interleaving and counts, per outcome, the distinct classes:
// an interleaving's class is fixed by its events (thread, index, footprint)
// and the order of each pair of dependent events of different threads.
class TraceClassCounter {
 public:
  explicit TraceClassCounter(ExploreSession& session)
      : runtime_(session.runtime()), outcomes_(session.program()) {}

  std::map<std::string, std::string> run() {
    runtime_.reset();
    visit();
    std::map<std::string, std::string> counts;
    for (const auto& [outcome, classes] : classes_) counts[outcome] = std::to_string(classes.size());
    return counts;
  }

 private:
  struct Event {
    std::uint32_t thread, index;
    StepFootprint footprint;
  };
  using ClassKey = std::tuple<std::vector<std::tuple<std::uint32_t, std::uint32_t, std::vector<std::uint64_t>,
                                                     std::vector<std::uint64_t>, std::vector<std::uint64_t>>>,
                              std::set<std::pair<std::uint64_t, std::uint64_t>>>;

  void visit() {
    std::vector<std::uint32_t> runnable;
    for (std::uint32_t t = 0; t < runtime_.thread_count(); ++t)
      if (runtime_.runnable(t)) runnable.push_back(t);
    if (runnable.empty()) return leaf();
    Machine saved;
    saved.copy_from(runtime_.machine());
    for (std::uint32_t t : runnable) {
      runtime_.load(saved);
      StepFootprint footprint;
      runtime_.step(t, nullptr, &footprint);
      std::uint32_t index = 1;
      for (const Event& e : path_) index += e.thread == t;
      path_.push_back({t, index, footprint});
      visit();
      path_.pop_back();
    }
  }

  void leaf() {
    ClassKey key;
    auto& [events, order] = key;
    for (std::size_t i = 0; i < path_.size(); ++i) {
      const Event& a = path_[i];
      std::vector<std::uint64_t> locks;
      for (const LockAccess& l : a.footprint.locks) locks.push_back(std::uint64_t{l.lock} << 8 | l.uses);
      events.emplace_back(a.thread, a.index, a.footprint.reads, a.footprint.writes, locks);
      for (std::size_t j = i + 1; j < path_.size(); ++j) {
        const Event& b = path_[j];
        if (a.thread != b.thread && footprints_conflict(a.footprint, b.footprint))
          order.insert({std::uint64_t{a.thread} << 32 | a.index, std::uint64_t{b.thread} << 32 | b.index});
      }
    }
    std::sort(events.begin(), events.end());
    classes_[outcomes_.outcome(outcomes_.index_of(runtime_.machine())).key()].insert(std::move(key));
  }

  FiberRuntime& runtime_;
  OutcomeCache outcomes_;
  std::vector<Event> path_;
  std::map<std::string, std::set<ClassKey>> classes_;
};

// Small enough for the brute force (at most a few hundred thousand interleavings).
const std::vector<Case> kBruteForceCases = {
    {"seed_counter.scn", {{"THREADS", "2"}}},
    {"seed_counter.scn", {{"THREADS", "3"}}},
    {"seed_counter.scn", {{"THREADS", "3"}}, "cpython-3.9"},
    {"seed_counter_locked.scn", {{"THREADS", "2"}}},
    {"seed_counter_locked.scn", {{"THREADS", "3"}}, "cpython-3.11"},
    {"with_lock_counter.scn", {{"THREADS", "2"}}, "cpython-3.9"},
    {"lock_order_deadlock.scn", {}},
    {"lock_order_deadlock.scn", {}, "cpython-3.11"},
    {"check_then_act.scn", {}, "cpython-3.9"},
    {"check_then_act_dict.scn", {}, "cpython-3.9"},
    {"dict_increment.scn", {}, "cpython-3.9"},
    {"pop_if_nonempty.scn", {}, "cpython-3.11"},
    {"lazy_singleton.scn", {}, "cpython-3.9"},
    {"audit_invariant.scn", {}, "cpython-3.9"},
    {"call_counter.scn", {{"THREADS", "3"}}, "cpython-3.11"},
    {"list_sort.scn", {{"SORTERS", "1"}}, "cpython-3.13"},
    {"loop_counter.scn", {}, "cpython-3.11"},
    {"spin_wait.scn", {}, "cpython-3.12", 30},
};

// Shapes the catalogue lacks: an RLock taken twice, a lock tried without
// blocking and released by another thread, objects made and shared by the
// threads, and a dict iterated while another thread adds to it.
const char* const kRLockTwice =
    "global n = 0\nglobal lock = threading.RLock()\ndef worker():\n"
    "    LOAD_GLOBAL lock\n    LOAD_METHOD acquire\n    CALL_METHOD 0\n    POP_TOP\n"
    "    LOAD_GLOBAL lock\n    LOAD_METHOD acquire\n    CALL_METHOD 0\n    POP_TOP\n"
    "    LOAD_GLOBAL n\n    LOAD_CONST 1\n    INPLACE_ADD\n    STORE_GLOBAL n\n"
    "    LOAD_GLOBAL lock\n    LOAD_METHOD release\n    CALL_METHOD 0\n    POP_TOP\n"
    "    LOAD_GLOBAL lock\n    LOAD_METHOD release\n    CALL_METHOD 0\n    POP_TOP\n"
    "threads 2 x worker\nobserve n\n";
const char* const kTryAndSteal =
    "global got = 0\nglobal lock = threading.Lock()\n"
    "def trier():\n    LOAD_GLOBAL lock\n    LOAD_METHOD acquire\n    LOAD_CONST False\n    CALL_METHOD 1\n"
    "    STORE_GLOBAL got\n"
    "def holder():\n    LOAD_GLOBAL lock\n    LOAD_METHOD acquire\n    CALL_METHOD 0\n    POP_TOP\n"
    "def releaser():\n    LOAD_GLOBAL lock\n    LOAD_METHOD release\n    CALL_METHOD 0\n    POP_TOP\n"
    "threads 1 x trier\nthreads 1 x holder\nthreads 1 x releaser\nobserve got, lock\n";
const char* const kSharedNewLists =
    "global shared = []\n"
    "global last = None\n"
    "def maker():\n"
    "    BUILD_LIST 0\n"
    "    STORE_GLOBAL last\n"
    "    LOAD_GLOBAL shared\n"
    "    LOAD_METHOD append\n"
    "    LOAD_GLOBAL last\n"
    "    CALL_METHOD 1\n"
    "    POP_TOP\n"
    "threads 2 x maker\n"
    "observe shared, last\n";
const char* const kIterateWhileAdding =
    "global d = {'a': 1}\n"
    "global seen = 0\n"
    "def reader():\n"
    "  1           0 LOAD_GLOBAL              0 (d)\n"
    "              2 GET_ITER\n"
    "        >>    4 FOR_ITER                12 (to 18)\n"
    "              6 POP_TOP\n"
    "              8 LOAD_GLOBAL              1 (seen)\n"
    "             10 LOAD_CONST               1 (1)\n"
    "             12 INPLACE_ADD\n"
    "             14 STORE_GLOBAL             1 (seen)\n"
    "             16 JUMP_ABSOLUTE            4\n"
    "        >>   18 LOAD_CONST               0 (None)\n"
    "             20 RETURN_VALUE\n"
    "def writer():\n"
    "    LOAD_CONST 2\n"
    "    LOAD_GLOBAL d\n"
    "    LOAD_CONST 'b'\n"
    "    STORE_SUBSCR\n"
    "threads 1 x reader\n"
    "threads 1 x writer\n"
    "observe d, seen\n";

TEST(Dpor, TraceCountsEqualTheClassesOfEveryInterleavingOfShapesTheCatalogueLacks) {
  for (const char* text : {kRLockTwice, kTryAndSteal, kSharedNewLists, kIterateWhileAdding}) {
    const Case c{testing_support::temp_scenario(text), {}};
    SCOPED_TRACE(text);
    ExploreSession dpor(options_for(c, "dpor"));
    const Exploration e = dpor.explore({});
    ExploreSession reference(options_for(c, "dfs"));
    const auto classes = TraceClassCounter(reference).run();
    EXPECT_EQ(trace_counts(e), classes);
    EXPECT_GE(e.total, 2);  // each one races
    std::filesystem::remove_all(std::filesystem::path(c.scenario).parent_path());
  }
}

TEST(Dpor, TraceCountsEqualTheClassesOfEveryInterleaving) {
  for (const Case& c : kBruteForceCases) {
    SCOPED_TRACE(name_of(c));
    ExploreSession dpor(options_for(c, "dpor"));
    const Exploration e = dpor.explore({});
    ExploreSession reference(options_for(c, "dfs"));
    EXPECT_EQ(trace_counts(e), TraceClassCounter(reference).run());
    EXPECT_TRUE(e.complete);
    EXPECT_TRUE(e.counts_traces);
  }
}

// Random small scenarios mixing counters, lists, new objects and locks
// (RE2's habit: a fast engine against a simple reference on many inputs).
std::string random_scenario(std::mt19937& random) {
  const std::vector<std::string> plain = {
      "    LOAD_GLOBAL a\n    LOAD_CONST 1\n    INPLACE_ADD\n    STORE_GLOBAL a\n",
      "    LOAD_GLOBAL b\n    STORE_GLOBAL a\n",
      "    LOAD_GLOBAL a\n    STORE_GLOBAL b\n",
      "    LOAD_GLOBAL l\n    LOAD_METHOD append\n    LOAD_GLOBAL a\n    CALL_METHOD 1\n    POP_TOP\n",
      "    LOAD_GLOBAL l\n    LOAD_METHOD pop\n    CALL_METHOD 0\n    STORE_GLOBAL b\n",
      "    BUILD_LIST 0\n    STORE_GLOBAL c\n",
      "    LOAD_GLOBAL c\n    LOAD_METHOD append\n    LOAD_CONST 2\n    CALL_METHOD 1\n    POP_TOP\n",
      "    LOAD_GLOBAL lock\n    LOAD_METHOD acquire\n    LOAD_CONST False\n    CALL_METHOD 1\n    STORE_GLOBAL b\n",
      "    LOAD_GLOBAL lock\n    LOAD_METHOD release\n    CALL_METHOD 0\n    POP_TOP\n",
  };
  const std::string acquire = "    LOAD_GLOBAL lock\n    LOAD_METHOD acquire\n    CALL_METHOD 0\n    POP_TOP\n";
  const std::string release = "    LOAD_GLOBAL lock\n    LOAD_METHOD release\n    CALL_METHOD 0\n    POP_TOP\n";
  std::string text = "global a = 0\nglobal b = 0\nglobal l = [1]\nglobal c = []\nglobal lock = threading.Lock()\n";
  const std::uint32_t threads = 2 + random() % 2;
  for (std::uint32_t t = 0; t < threads; ++t) {
    text += "def t" + std::to_string(t) + "():\n";
    const std::uint32_t pieces = 1 + random() % (threads == 2 ? 3 : 2);
    for (std::uint32_t p = 0; p < pieces; ++p) {
      const std::string& piece = plain[random() % plain.size()];
      text += random() % 4 == 0 ? acquire + piece + release : piece;
    }
  }
  for (std::uint32_t t = 0; t < threads; ++t) text += "threads 1 x t" + std::to_string(t) + "\n";
  return text + "observe a, b, l, c, lock\n";
}

TEST(Dpor, TraceCountsEqualTheClassesOfEveryInterleavingOfRandomScenarios) {
  std::mt19937 random(20261126);
  std::uint32_t checked = 0;
  for (std::uint32_t i = 0; i < 400 && checked < 120; ++i) {
    const std::string text = random_scenario(random);
    const Case c{testing_support::temp_scenario(text), {}, i % 2 ? "cpython-3.9" : "every-op"};
    SCOPED_TRACE(c.model + "\n" + text);
    ExploreSession exhaustive(options_for(c, "exhaustive"));
    const Exploration all = exhaustive.explore({});
    if (all.total <= 20000) {
      ++checked;
      ExploreSession dpor(options_for(c, "dpor"));
      const Exploration e = dpor.explore({});
      ExploreSession reference(options_for(c, "dfs"));
      EXPECT_EQ(trace_counts(e), TraceClassCounter(reference).run());
      std::set<std::string> want, got;
      for (const auto& o : all.outcomes) want.insert(o.outcome.key());
      for (const auto& o : e.outcomes) got.insert(o.outcome.key());
      EXPECT_EQ(got, want);
    }
    std::filesystem::remove_all(std::filesystem::path(c.scenario).parent_path());
  }
  EXPECT_GE(checked, 100u);
}

// Every catalogue scenario small enough for both, under four models.
TEST(Dpor, ReachesExactlyTheOutcomesOfTheExhaustiveSearch) {
  std::vector<Case> cases;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(GILRACE_SOURCE_DIR) + "/scenarios")) {
    const std::string file = entry.path().filename().string();
    Defines defines;
    if (file == "seed_counter.scn" || file == "seed_counter_locked.scn" || file == "with_lock_counter.scn" ||
        file == "call_counter.scn")
      defines = {{"THREADS", "3"}};
    for (const char* model : {"every-op", "cpython-3.9", "cpython-3.11", "cpython-3.13t"})
      cases.push_back({file, defines, model, file == "spin_wait.scn" ? 30u : 10000u});
  }
  ASSERT_GE(cases.size(), 16u * 4);
  for (const Case& c : cases) {
    SCOPED_TRACE(name_of(c));
    const auto exhaustive = explore(c.scenario, "exhaustive", c.defines, kUnbounded, c.model, c.max_steps);
    const auto dpor = explore(c.scenario, "dpor", c.defines, kUnbounded, c.model, c.max_steps);
    std::set<std::string> want, got;
    for (const auto& [label, count] : exhaustive.counts) want.insert(label);
    for (const auto& [label, count] : dpor.counts) got.insert(label);
    EXPECT_EQ(got, want);
    EXPECT_TRUE(dpor.complete);
  }
}

// Worked out by hand (and by an independent enumeration in Python): two
// threads of `n += 1` read n, write n; only the order of the reads is
// free, so 6 interleavings of the four shared steps fall into 4 classes.
TEST(Dpor, SeedGoldenTraceCounts) {
  const auto two = explore("seed_counter.scn", "dpor", {{"THREADS", "2"}});
  EXPECT_EQ(two.counts, (std::map<std::string, std::string>{{"1", "2"}, {"2", "2"}}));
  EXPECT_EQ(two.total, "4");
  const auto three = explore("seed_counter.scn", "dpor", {{"THREADS", "3"}});
  EXPECT_EQ(three.counts, (std::map<std::string, std::string>{{"1", "12"}, {"2", "18"}, {"3", "6"}}));
  EXPECT_EQ(three.total, "36");
  // A lock orders everything: one class per order of the critical sections.
  const auto locked = explore("seed_counter_locked.scn", "dpor", {{"THREADS", "4"}});
  EXPECT_EQ(locked.counts, (std::map<std::string, std::string>{{"4", "24"}}));
}

TEST(Dpor, WitnessesReplayToTheirOutcome) {
  for (const Case& c : kBruteForceCases) {
    SCOPED_TRACE(name_of(c));
    ExploreSession session(options_for(c, "dpor"));
    const Exploration e = session.explore({});
    for (const auto& o : e.outcomes) {
      ASSERT_FALSE(o.witnesses.empty());
      for (const auto& w : o.witnesses) {
        const Trace trace = session.trace_of(w);
        EXPECT_EQ(trace.outcome.key(), o.outcome.key());
        EXPECT_EQ(trace.preemptions, w.preemptions);
      }
    }
  }
}

// The first run is the serial one, so an expected outcome has a witness
// without preemptions, as the other strategies give.
TEST(Dpor, FirstRunHasNoPreemption) {
  const auto e = explore("seed_counter.scn", "dpor", {{"THREADS", "4"}});
  EXPECT_EQ(e.min_preemptions.at("4"), 0u);
  EXPECT_EQ(e.min_preemptions.at("3"), 1u);
}

}  // namespace
}  // namespace gilrace
