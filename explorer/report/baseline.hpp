// Baselines for `gilrace check`: the outcomes of each scenario as counted
// once, stored as small, sorted JSON that diffs well in review, and the
// comparison of a new exploration with them. Outcomes are named by their
// label ("n = 1", "... raised IndexError ...", "deadlock"), which holds
// everything that tells two outcomes apart.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

struct BaselineOutcome {
  std::string outcome;  // its label
  bool expected = false;
  std::string count;    // decimal
  bool operator==(const BaselineOutcome&) const = default;
};

struct BaselineEntry {
  std::string path;    // the scenario, as named on the command line
  std::string sha256;  // of its text
  nlohmann::json params = nlohmann::json::object();
  std::string model;
  std::string strategy;
  bool complete = true;
  std::optional<std::uint32_t> preemption_bound;  // the bound the counts are for, if any
  std::string total;
  std::vector<BaselineOutcome> outcomes;  // sorted by label
};

// What `exploration` of `session`'s scenario gives.
BaselineEntry baseline_entry(const ExploreSession& session, const Exploration& exploration);

nlohmann::json baseline_to_json(const std::vector<BaselineEntry>& entries);
// Throws InputError naming `path` when `root` is not a baseline.
std::vector<BaselineEntry> baseline_from_json(const nlohmann::json& root, const std::string& path);

// How `now` differs from `before`, one line each, e.g.
// "new unexpected outcome: n = 1 (68 interleavings)"; empty when equal.
// The scenario's text may have changed (sha256) without any of these.
std::vector<std::string> baseline_changes(const BaselineEntry& before, const BaselineEntry& now);

}  // namespace gilrace
