// The report JSON (docs/report-json.md): what one exploration found.
#pragma once
#include <optional>
#include <string>
#include <nlohmann/json.hpp>
#include <vector>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

// `traces[i]` are the replayed witnesses of `exploration.outcomes[i]`.
nlohmann::json report_to_json(const ExploreSession& session, const Exploration& exploration,
                              const std::vector<std::vector<Trace>>& traces);

// count / total as a fraction in [0, 1] (for the `share` key and the table).
double share_of(const BigCount& count, const BigCount& total);

// The model's safety note when it applies: a complete search in which every
// outcome is expected, under a model with fewer switch points than every-op.
std::optional<std::string> applicable_safety_note(const ExploreSession& session, const Exploration& exploration);

}  // namespace gilrace
