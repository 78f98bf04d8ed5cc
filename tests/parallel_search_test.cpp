// --jobs: the stateful search on several threads gives exactly the result
// of one thread (counts, fewest preemptions, witnesses, states, the report
// JSON apart from `seconds`), for every scenario of the catalogue. The
// layer and batch sizes are lowered so that even these small graphs take
// the parallel path, in many batches.
#include <gtest/gtest.h>

#include <filesystem>

#include "explorer/report/report_json.hpp"
#include "tests/test_support.hpp"

namespace gilrace {
namespace {

struct Result {
  Exploration exploration;
  std::string json;  // the report, without its timings
};

struct Scenario {
  std::string scenario;
  std::string model;
  Defines defines;
  std::uint32_t max_steps = 10000;
};

Result run(const Scenario& setup, const std::string& strategy, std::uint32_t bound, std::uint32_t jobs,
        std::uint32_t batch = 3) {
  ExploreOptions options;
  options.scenario_path = testing_support::scenario_path(setup.scenario);
  options.model = setup.model;
  options.defines = setup.defines;
  options.max_steps = setup.max_steps;
  options.strategy = strategy;
  options.limits.preemption_bound = bound;
  options.limits.jobs = jobs;
  options.limits.parallel_min_layer = 1;
  options.limits.parallel_batch = batch;
  ExploreSession session(options);
  Result result;
  result.exploration = session.explore({});
  std::vector<std::vector<Trace>> traces;
  for (const auto& outcome : result.exploration.outcomes) {
    traces.emplace_back();
    for (const auto& witness : outcome.witnesses) {
      traces.back().push_back(session.trace_of(witness));
      EXPECT_TRUE(traces.back().back().outcome == outcome.outcome) << setup.scenario << " replays elsewhere";
    }
  }
  nlohmann::json json = report_to_json(session, result.exploration, traces);
  json.erase("seconds");
  result.json = json.dump(2);
  return result;
}

void expect_same(const Exploration& a, const Exploration& b, const std::string& what) {
  EXPECT_EQ(a.total, b.total) << what;
  EXPECT_EQ(a.states, b.states) << what;
  EXPECT_EQ(a.opcodes, b.opcodes) << what;
  EXPECT_EQ(a.complete, b.complete) << what;
  EXPECT_EQ(a.bound, b.bound) << what;
  EXPECT_EQ(a.strategy, b.strategy) << what;
  EXPECT_EQ(a.neglected_probability, b.neglected_probability) << what;
  ASSERT_EQ(a.outcomes.size(), b.outcomes.size()) << what;
  for (std::size_t o = 0; o < a.outcomes.size(); ++o) {
    const OutcomeResult &x = a.outcomes[o], &y = b.outcomes[o];
    EXPECT_EQ(x.outcome.key(), y.outcome.key()) << what;
    EXPECT_EQ(x.count, y.count) << what;
    EXPECT_EQ(x.min_preemptions, y.min_preemptions) << what;
    EXPECT_EQ(x.probability, y.probability) << what;
    ASSERT_EQ(x.witnesses.size(), y.witnesses.size()) << what;
    for (std::size_t w = 0; w < x.witnesses.size(); ++w) {
      EXPECT_EQ(x.witnesses[w].schedule, y.witnesses[w].schedule) << what;
      EXPECT_EQ(x.witnesses[w].preemptions, y.witnesses[w].preemptions) << what;
    }
  }
}

std::string name_of(const Scenario& s, const std::string& strategy, std::uint32_t bound) {
  std::string name = s.scenario + " --model " + s.model + " --strategy " + strategy;
  for (const auto& [k, v] : s.defines) name += " -D " + k + "=" + v;
  if (bound != kUnbounded) name += " --preemptions " + std::to_string(bound);
  return name;
}

// Every scenario of scenarios/, under the models the catalogue covers.
std::vector<Scenario> catalogue() {
  std::vector<Scenario> setups;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(GILRACE_SOURCE_DIR) + "/scenarios")) {
    const std::string file = entry.path().filename().string();
    if (entry.path().extension() != ".scn") continue;
    Defines defines;
    if (file == "seed_counter.scn") defines = {{"THREADS", "4"}};
    if (file == "seed_counter_locked.scn") defines = {{"THREADS", "3"}};
    const std::uint32_t max_steps = file == "spin_wait.scn" ? 30 : 10000;
    for (const std::string model : {"every-op", "cpython-3.9", "cpython-3.11", "cpython-3.13t"})
      setups.push_back({file, model, defines, max_steps});
  }
  std::sort(setups.begin(), setups.end(), [](const Scenario& a, const Scenario& b) {
    return std::tie(a.scenario, a.model) < std::tie(b.scenario, b.model);
  });
  return setups;
}

TEST(ParallelSearch, EveryScenarioGivesTheSameResultOnAnyNumberOfJobs) {
  const auto setups = catalogue();
  ASSERT_GE(setups.size(), 4u * 16);
  for (const Scenario& setup : setups)
    for (const auto& [strategy, bound] : {std::pair<std::string, std::uint32_t>{"exhaustive", kUnbounded},
                                          {"bounded", 1},
                                          {"bounded", 2}}) {
      const std::string what = name_of(setup, strategy, bound);
      const Result one = run(setup, strategy, bound, 1);
      EXPECT_FALSE(one.exploration.outcomes.empty()) << what;
      for (const std::uint32_t jobs : {2u, 3u}) {
        const Result many = run(setup, strategy, bound, jobs);
        expect_same(one.exploration, many.exploration, what + " --jobs " + std::to_string(jobs));
        EXPECT_EQ(one.json, many.json) << what << " --jobs " << jobs;
      }
    }
}

// Larger graphs: layers of thousands of states, in batches of the default
// size and of odd sizes, with probabilities and a lock.
TEST(ParallelSearch, LargerGraphsInBatchesOfAnySize) {
  Scenario seed{"seed_counter.scn", "every-op", {{"THREADS", "7"}}};
  const Result one = run(seed, "exhaustive", kUnbounded, 1);
  EXPECT_EQ(one.exploration.states, 9797u);
  EXPECT_EQ(one.exploration.total.str(), "66475579247327250000");
  for (const std::uint32_t batch : {1u, 37u, 2048u}) {
    const Result many = run(seed, "exhaustive", kUnbounded, 2, batch);
    expect_same(one.exploration, many.exploration, "seed THREADS=7, batch " + std::to_string(batch));
    EXPECT_EQ(one.json, many.json) << batch;
  }
  Scenario locked{"seed_counter_locked.scn", "cpython-3.13t", {{"THREADS", "3"}}};
  const Result k3 = run(locked, "bounded", 3, 1);
  expect_same(k3.exploration, run(locked, "bounded", 3, 4, 50).exploration, "locked seed K=3");
}

TEST(ParallelSearch, ProbabilitiesAreTheSameOnAnyNumberOfJobs) {
  ExploreOptions options;
  options.scenario_path = testing_support::scenario_path("seed_counter.scn");
  options.defines = {{"THREADS", "5"}};
  options.strategy = "bounded";
  options.limits.preemption_bound = 2;
  options.limits.switch_probability = parse_switch_probability("0.01");
  options.limits.parallel_min_layer = 1;
  options.limits.parallel_batch = 5;
  Exploration results[2];
  for (const std::uint32_t jobs : {1u, 2u}) {
    options.limits.jobs = jobs;
    ExploreSession session(options);
    results[jobs - 1] = session.explore({});
  }
  expect_same(results[0], results[1], "seed THREADS=5 --switch-prob 0.01 --preemptions 2");
  EXPECT_NE(results[0].neglected_probability, 0);
}

// The state limit stops the search at the same state whoever expands it.
TEST(ParallelSearch, StateLimitStopsAtTheSameBound) {
  Scenario seed{"seed_counter.scn", "every-op", {{"THREADS", "6"}}};
  ExploreOptions options;
  options.scenario_path = testing_support::scenario_path("seed_counter.scn");
  options.defines = seed.defines;
  options.strategy = "bounded";
  options.limits.preemption_bound = 5;
  options.limits.max_states = 1500;
  options.limits.parallel_min_layer = 1;
  options.limits.parallel_batch = 16;
  Exploration results[2];
  for (const std::uint32_t jobs : {1u, 2u}) {
    options.limits.jobs = jobs;
    ExploreSession session(options);
    results[jobs - 1] = session.explore({});
  }
  EXPECT_TRUE(results[0].limit_hit);
  expect_same(results[0], results[1], "seed THREADS=6 --preemptions 5 --max-states 1500");
}

}  // namespace
}  // namespace gilrace
