// `gilrace diff`: the outcomes one scenario gains and loses against another,
// as text (with a witness of each gained outcome) and as JSON.
#pragma once
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

// One side of a diff: the session (for its program, model and witness
// replays) and what its exploration found.
struct ExploredScenario {
  ExploreSession& session;
  const Exploration& exploration;
};

struct OutcomeDiff {
  std::vector<std::size_t> gained;  // indices into the new exploration's outcomes, in report order
  std::vector<std::size_t> lost;    // indices into the old exploration's outcomes, in report order
  std::size_t kept = 0;             // outcomes found by both
  // The first witness of each gained outcome, replayed (none when the
  // search kept no witnesses).
  std::vector<std::optional<Trace>> gained_witnesses;
};

// Matches outcomes by their observed globals' names and OutcomeValue::key()
// (values, errors, deadlock), and replays a witness of each gained one.
OutcomeDiff compare_outcomes(const ExploredScenario& old_side, const ExploredScenario& new_side);

// True when the new scenario has an unexpected outcome the old one lacks.
bool gains_unexpected(const ExploredScenario& new_side, const OutcomeDiff& diff);

std::string render_diff_text(const ExploredScenario& old_side, const ExploredScenario& new_side,
                             const OutcomeDiff& diff);

// The "gilrace-diff" object of docs/report-json.md.
nlohmann::json diff_to_json(const ExploredScenario& old_side, const ExploredScenario& new_side,
                            const OutcomeDiff& diff);

}  // namespace gilrace
