// Trace files (docs/report-json.md): a witness interleaving with what each
// opcode did, enough to replay it against the scenario.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

constexpr int kTraceVersion = 1;
constexpr int kReportVersion = 1;

nlohmann::json outcome_to_json(const Program& program, const OutcomeValue& outcome);
nlohmann::json trace_to_json(const Program& program, const Trace& trace);

// A trace read back from JSON: its steps, and the outcome as recorded
// (compared as JSON with the outcome a replay reaches).
struct LoadedTrace {
  Trace trace;
  nlohmann::json outcome;
};

// Reads one trace object; `source` names the file in error messages.
// Throws InputError for a missing key or a value of the wrong type.
LoadedTrace trace_from_json(const nlohmann::json& json, const std::string& source);

// The traces a file holds: a trace file's one trace, or every witness of a
// report (`gilrace replay` takes either). Throws InputError.
std::vector<LoadedTrace> traces_from_json(const nlohmann::json& json, const std::string& source);

// Python-style names for an outcome's values: {"n": "99"}.
nlohmann::json observed_values(const Program& program, const OutcomeValue& outcome);

}  // namespace gilrace
