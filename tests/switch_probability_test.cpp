// Exact outcome probabilities (--switch-prob): the parser and the printed
// form, a hand-derived case, an independent reference computation for the
// seed, and the state-graph search against the stateless DFS on small
// scenarios, with and without a preemption bound.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include <nlohmann/json.hpp>

#include "explorer/strategy/switch_probability.hpp"
#include "tests/cli_runner.hpp"
#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using Probabilities = std::map<std::string, std::string>;  // outcome label -> exact probability

struct ProbabilityRun {
  Probabilities probabilities;
  std::string neglected;
  bool complete = false;
};

ProbabilityRun run(const std::string& scenario, const std::string& strategy, const std::string& p, Defines defines = {},
        std::uint32_t bound = kUnbounded, const std::string& model = {}) {
  ExploreOptions options;
  options.scenario_path = testing_support::scenario_path(scenario);
  options.defines = std::move(defines);
  options.strategy = strategy;
  options.model = model;
  options.limits.preemption_bound = bound;
  options.limits.switch_probability = parse_switch_probability(p);
  ExploreSession session(options);
  const Exploration e = session.explore({});
  ProbabilityRun r;
  BigRational sum = 0;
  for (const auto& o : e.outcomes) {
    r.probabilities[testing_support::label(o)] = exact_text(o.probability);
    sum += o.probability;
  }
  EXPECT_EQ(sum + e.neglected_probability, 1) << scenario;
  r.neglected = exact_text(e.neglected_probability);
  r.complete = e.complete;
  return r;
}

TEST(SwitchProbability, ParsesDecimalsFractionsAndExponents) {
  EXPECT_EQ(exact_text(parse_switch_probability("0.01")), "1/100");
  EXPECT_EQ(exact_text(parse_switch_probability("1/100")), "1/100");
  EXPECT_EQ(exact_text(parse_switch_probability("1e-3")), "1/1000");
  EXPECT_EQ(exact_text(parse_switch_probability("2.5E-1")), "1/4");
  EXPECT_EQ(exact_text(parse_switch_probability(".5")), "1/2");
  EXPECT_EQ(exact_text(parse_switch_probability("0")), "0");
  EXPECT_EQ(exact_text(parse_switch_probability("1")), "1");
  const auto error_of = [](const std::string& text) {
    try {
      parse_switch_probability(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("1.5"), "'1.5' is more than 1");
  EXPECT_EQ(error_of("3/2"), "'3/2' is more than 1");
  EXPECT_EQ(error_of("-0.1"), "'-0.1' is not a probability (write it as 0.01, 1/100 or 1e-2)");
  EXPECT_EQ(error_of("1/0"), "'1/0' is not a probability (write it as 0.01, 1/100 or 1e-2)");
  EXPECT_EQ(error_of("abc"), "'abc' is not a probability (write it as 0.01, 1/100 or 1e-2)");
  EXPECT_EQ(error_of(""), "'' is not a probability (write it as 0.01, 1/100 or 1e-2)");
}

TEST(SwitchProbability, PrintsFourSignificantDigits) {
  EXPECT_EQ(probability_text(BigRational(1, 3)), "0.3333");
  EXPECT_EQ(probability_text(BigRational(2, 3)), "0.6667");
  EXPECT_EQ(probability_text(BigRational(99, 100)), "0.99");
  EXPECT_EQ(probability_text(BigRational(1, 2)), "0.5");
  EXPECT_EQ(probability_text(BigRational(1)), "1");
  EXPECT_EQ(probability_text(BigRational(0)), "0");
  EXPECT_EQ(probability_text(BigRational(1, 10000)), "0.0001");
  EXPECT_EQ(probability_text(BigRational(1, 100000)), "1e-5");
  EXPECT_EQ(probability_text(BigRational(99999, 100000)), "1");  // rounds up to 1.000
  EXPECT_EQ(probability_text(BigRational(29701, 1000000)), "0.0297");
  EXPECT_EQ(probability_text(BigRational(31, 1000000000)), "3.1e-8");
  EXPECT_EQ(probability_text(BigRational(1, 7), 17), "0.14285714285714286");
}

TEST(SwitchProbability, TwoSeedThreadsLoseAnUpdateUnlessTheFirstRunsThreeSwitchPointsOn) {
  // The first thread loads n at its first opcode; the other's load comes
  // first only if one of the first thread's next three switch points preempts.
  const ProbabilityRun r = run("seed_counter.scn", "exhaustive", "1/100", {{"THREADS", "2"}});
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.probabilities, (Probabilities{{"2", "970299/1000000"}, {"1", "29701/1000000"}}));
  EXPECT_EQ(r.neglected, "0");
}

// The seed's threads abstracted to (opcodes done, value loaded) with n:
// the probability of each final n under the scheduler model, computed
// without the interpreter, the state encoder or the search.
std::map<std::int64_t, BigRational> seed_reference(std::uint32_t threads, const BigRational& p) {
  std::map<std::int64_t, BigRational> result;
  std::vector<int> done(threads, 0);
  std::vector<std::int64_t> loaded(threads, 0);
  std::int64_t n = 0;
  std::function<void(int, const BigRational&)> go = [&](int last, const BigRational& mass) {
    std::vector<std::uint32_t> runnable;
    for (std::uint32_t t = 0; t < threads; ++t)
      if (done[t] < 4) runnable.push_back(t);
    if (runnable.empty()) {
      result[n] += mass;
      return;
    }
    const bool last_can_run = last >= 0 && done[static_cast<std::size_t>(last)] < 4;
    for (std::uint32_t t : runnable) {
      const auto r = static_cast<std::int64_t>(runnable.size());
      BigRational share(1);
      if (!last_can_run) share /= r;
      else if (static_cast<int>(t) != last) share = p, share /= r - 1;
      else if (r > 1) share -= p;
      const std::int64_t saved_n = n, saved_loaded = loaded[t];
      if (done[t] == 0) loaded[t] = n;       // LOAD_GLOBAL n
      if (done[t] == 3) n = loaded[t] + 1;   // STORE_GLOBAL n
      ++done[t];
      go(static_cast<int>(t), mass * share);
      --done[t];
      n = saved_n;
      loaded[t] = saved_loaded;
    }
  };
  go(-1, 1);
  return result;
}

TEST(SwitchProbability, ThreeSeedThreadsMatchAnIndependentReference) {
  for (const std::string p : {"1/2", "1/100", "0", "1"}) {
    const auto reference = seed_reference(3, parse_switch_probability(p));
    Probabilities expected;
    for (const auto& [n, mass] : reference)
      if (mass != 0) expected[std::to_string(n)] = exact_text(mass);
    Probabilities found;
    for (const auto& [label, probability] : run("seed_counter.scn", "exhaustive", p, {{"THREADS", "3"}}).probabilities)
      if (probability != "0") found[label] = probability;
    EXPECT_EQ(found, expected) << "p = " << p;
  }
}

TEST(SwitchProbability, StateGraphMatchesStatelessDfs) {
  struct Case {
    std::string scenario;
    Defines defines;
    std::string model;
    std::uint32_t bound;
  };
  const std::vector<Case> cases = {
      {"seed_counter.scn", {{"THREADS", "3"}}, "", kUnbounded},
      {"seed_counter.scn", {{"THREADS", "3"}}, "", 1},
      {"seed_counter.scn", {{"THREADS", "4"}}, "", 2},
      {"seed_counter.scn", {{"THREADS", "3"}}, "cpython-3.9", 1},
      {"lock_order_deadlock.scn", {}, "", kUnbounded},
      {"lock_order_deadlock.scn", {}, "", 1},
      {"seed_counter_locked.scn", {{"THREADS", "2"}}, "", kUnbounded},
      {"call_counter.scn", {}, "cpython-3.11", kUnbounded},
      {"call_counter.scn", {}, "", 2},
      {"list_sort.scn", {{"SORTERS", "1"}}, "", 1},
  };
  for (const Case& c : cases) {
    const std::string strategy = c.bound == kUnbounded ? "exhaustive" : "bounded";
    const ProbabilityRun graph = run(c.scenario, strategy, "3/10", c.defines, c.bound, c.model);
    const ProbabilityRun dfs = run(c.scenario, "dfs", "3/10", c.defines, c.bound, c.model);
    EXPECT_EQ(graph.probabilities, dfs.probabilities) << c.scenario << " bound " << c.bound << " " << c.model;
    EXPECT_EQ(graph.neglected, dfs.neglected) << c.scenario << " bound " << c.bound << " " << c.model;
    EXPECT_EQ(graph.neglected == "0", c.bound == kUnbounded) << c.scenario;
  }
}

TEST(SwitchProbability, CommandLineAndJson) {
  using testing_support::run_cli;
  const auto r = run_cli("explore scenarios/seed_counter.scn -D THREADS=2 --switch-prob 0.01 --json - --no-progress");
  EXPECT_EQ(r.status, 1);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["switch_prob"], "1/100");
  EXPECT_EQ(j["neglected_probability"], "0");
  EXPECT_EQ(j["neglected_probability_exact"], "0");
  EXPECT_EQ(j["outcomes"][0]["probability"], "0.970299");
  EXPECT_EQ(j["outcomes"][0]["probability_exact"], "970299/1000000");
  const auto text = run_cli("explore scenarios/seed_counter.scn -D THREADS=2 --switch-prob 1/100 --details 0 --no-progress");
  EXPECT_NE(text.out.find("  n = 2    yes       0                2.86%     0.9703       2\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("probability: each switch point preempts with probability 0.01, to one of the other runnable "
                          "threads; the interleavings counted carry all of it\n"),
            std::string::npos)
      << text.out;
  const auto bad = run_cli("explore scenarios/seed_counter.scn --switch-prob 2");
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err, "--switch-prob 2: '2' is more than 1\n");
}

}  // namespace
}  // namespace gilrace
