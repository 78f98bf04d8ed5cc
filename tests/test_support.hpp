// Helpers shared by the test suites.
#pragma once
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
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

struct Explored {
  std::map<std::string, std::string> counts;  // label -> count
  std::string total;
};

// Writes `text` to a new scenario file in a fresh temporary directory.
inline std::string temp_scenario(const std::string& text) {
  std::string pattern = (std::filesystem::temp_directory_path() / "gilrace-text-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  std::string path = pattern + "/s.scn";
  std::ofstream(path) << text;
  return path;
}

// Explores a scenario given as text (written to a temporary file), and
// checks that every witness replays to its outcome.
inline Explored explore_text(const std::string& text, const std::string& strategy, std::uint32_t max_steps = 10000,
                             const std::string& model = {}) {
  const std::string path = temp_scenario(text);
  ExploreOptions options;
  options.scenario_path = path;
  options.strategy = strategy;
  options.max_steps = max_steps;
  options.model = model;
  Explored run;
  {
    ExploreSession session(options);
    const Exploration e = session.explore({});
    for (const auto& o : e.outcomes) run.counts[label(o)] = o.count.str();
    run.total = e.total.str();
    for (const auto& o : e.outcomes)
      for (const auto& w : o.witnesses)
        if (!(session.trace_of(w).outcome == o.outcome)) run.total = "a witness replayed to another outcome";
  }
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
  return run;
}

}  // namespace gilrace::testing_support
