// Helpers for the suites of the sampling strategies (random, pct): a
// session with the sampling options set, and its JSON report.
#pragma once
#include <string>

#include "explorer/report/report_json.hpp"
#include "tests/test_support.hpp"

namespace gilrace::testing_support {

struct SamplingCase {
  std::string scenario;
  Defines defines;
  std::string model = {};
};

inline std::string name_of(const SamplingCase& c) {
  std::string name = c.scenario;
  for (const auto& [k, v] : c.defines) name += " -D " + k + "=" + v;
  if (!c.model.empty()) name += " --model " + c.model;
  return name;
}

inline ExploreOptions sampling_options(const SamplingCase& c, const std::string& strategy, std::uint64_t runs,
                                       std::uint64_t seed, std::uint32_t pct_depth = 3) {
  ExploreOptions options;
  options.scenario_path = scenario_path(c.scenario);
  options.defines = c.defines;
  options.model = c.model;
  options.strategy = strategy;
  options.limits.sampling.runs = runs;
  options.limits.sampling.seed = seed;
  options.limits.sampling.pct_depth = pct_depth;
  return options;
}

// The report as `--json` writes it, without `seconds` (the one key that
// depends on the machine rather than on the inputs).
inline std::string report_text(ExploreSession& session, const Exploration& e) {
  std::vector<std::vector<Trace>> traces;
  for (const auto& outcome : e.outcomes) {
    traces.emplace_back();
    for (const auto& witness : outcome.witnesses) traces.back().push_back(session.trace_of(witness));
  }
  nlohmann::json report = report_to_json(session, e, traces);
  report.erase("seconds");
  return report.dump(2);
}

inline std::string sampled_report(const SamplingCase& c, const std::string& strategy, std::uint64_t runs,
                                  std::uint64_t seed, std::uint32_t pct_depth = 3) {
  ExploreSession session(sampling_options(c, strategy, runs, seed, pct_depth));
  return report_text(session, session.explore({}));
}

inline Exploration sample(const SamplingCase& c, const std::string& strategy, std::uint64_t runs, std::uint64_t seed,
                          std::uint32_t pct_depth = 3) {
  ExploreSession session(sampling_options(c, strategy, runs, seed, pct_depth));
  return session.explore({});
}

}  // namespace gilrace::testing_support
