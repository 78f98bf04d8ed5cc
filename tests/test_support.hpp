// Helpers shared by the test suites.
#pragma once
#include <map>
#include <string>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace::testing_support {

inline std::string scenario_path(const std::string& name) {
  return std::string(GILRACE_SOURCE_DIR) + "/scenarios/" + name;
}

// Explores `scenario` with `strategy` and returns outcome key -> count.
struct Summary {
  std::map<std::string, std::string> counts;  // "n=1" style label -> count
  std::map<std::string, std::uint32_t> min_preemptions;
  std::string total;
  bool complete = false;
  Exploration exploration;
};

inline std::string label(const OutcomeResult& o) {
  std::string text;
  for (const auto& v : o.outcome.values) text += (text.empty() ? "" : ",") + v;
  for (const auto& e : o.outcome.errors) text += ";" + e;
  if (o.outcome.deadlock) text += ";deadlock";
  return text;
}

inline Summary explore(const std::string& scenario, const std::string& strategy, Defines defines = {},
                       std::uint32_t bound = kUnbounded, const std::string& model = {},
                       std::uint32_t max_steps = 10000) {
  ExploreOptions options;
  options.model = model;
  options.max_steps = max_steps;
  options.scenario_path = scenario_path(scenario);
  options.defines = std::move(defines);
  options.strategy = strategy;
  options.limits.preemption_bound = bound;
  ExploreSession session(options);
  Summary summary;
  summary.exploration = session.explore({});
  for (const auto& o : summary.exploration.outcomes) {
    summary.counts[label(o)] = o.count.str();
    summary.min_preemptions[label(o)] = o.min_preemptions;
  }
  summary.total = summary.exploration.total.str();
  summary.complete = summary.exploration.complete;
  return summary;
}

}  // namespace gilrace::testing_support
