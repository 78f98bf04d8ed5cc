#include "explorer/report/trace_json.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "explorer/program/input_error.hpp"
#include "explorer/program/utf8.hpp"

namespace gilrace {
namespace {

using nlohmann::json;

constexpr std::uint64_t kMaxThreadNumber = 100000;  // the parser's limit on threads
constexpr std::uint64_t kMaxPc = 0x7fffffff;

[[noreturn]] void bad(const std::string& source, const std::string& message) {
  throw InputError({source, 0, 0}, message);
}

// object[key], which must have the JSON type `type` (or, with `any_number`, be a number).
const json& require(const json& object, const char* key, json::value_t type, const std::string& source,
                     const std::string& where, bool any_number = false) {
  if (!object.is_object()) bad(source, where + " is not a JSON object");
  const auto it = object.find(key);
  if (it == object.end()) bad(source, where + " has no \"" + key + "\"");
  const bool ok = it->type() == type || (any_number && it->is_number()) ||
                  (type == json::value_t::number_unsigned && it->type() == json::value_t::number_integer &&
                   it->get<long long>() >= 0);
  if (!ok) bad(source, where + ": \"" + key + "\" has the wrong type (" + it->type_name() + ")");
  return *it;
}

// Parsed JSON holds a number >= 0 as unsigned; one built in memory may be signed.
bool is_whole(const json& value) {
  return value.is_number_unsigned() || (value.is_number_integer() && value.get<std::int64_t>() >= 0);
}

// A whole number from `low` to `high`: a negative, fractional or too large
// number says so with the value found, another type is the wrong type.
std::uint64_t whole_number(const json& object, const char* key, std::uint64_t low, std::uint64_t high,
                           const std::string& source, const std::string& where) {
  const json& value = require(object, key, json::value_t::number_float, source, where, true);
  if (!is_whole(value) || value.get<std::uint64_t>() < low || value.get<std::uint64_t>() > high)
    bad(source, where + ": \"" + key + "\" must be a whole number from " + std::to_string(low) + " to " +
                    std::to_string(high) + ", found " + value.dump());
  return value.get<std::uint64_t>();
}

bool is_sha256(const std::string& text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

json observed_values(const Program& program, const OutcomeValue& outcome) {
  json values = json::object();
  for (std::size_t i = 0; i < program.observed.size() && i < outcome.values.size(); ++i)
    values[program.global_names[program.observed[i]]] = outcome.values[i];
  return values;
}

json outcome_to_json(const Program& program, const OutcomeValue& outcome) {
  return json{{"values", observed_values(program, outcome)},
              {"errors", outcome.errors},
              {"deadlock", outcome.deadlock},
              {"expected", outcome.expected}};
}

json trace_to_json(const Program& program, const Trace& trace) {
  json steps = json::array();
  for (const StepRecord& s : trace.steps) {
    json step{{"thread", s.thread + 1},
              {"pc", s.pc},
              {"opcode", std::string(opcode_name(s.opcode))},
              {"arg", s.arg},
              {"effect", s.effect.effect}};
    if (!s.function.empty()) step["function"] = s.function;  // a step inside a called function
    steps.push_back(std::move(step));
  }
  return json{{"format", "gilrace-trace"},
              {"version", kTraceVersion},
              {"scenario", {{"path", trace.scenario_path}, {"sha256", trace.scenario_sha256}}},
              {"params", trace.params},
              {"model", trace.model},
              {"max_steps", trace.max_steps},
              {"preemptions", trace.preemptions},
              {"steps", std::move(steps)},
              {"outcome", outcome_to_json(program, trace.outcome)}};
}

LoadedTrace trace_from_json(const json& j, const std::string& source) {
  const auto& format = require(j, "format", json::value_t::string, source, "the trace");
  if (format != "gilrace-trace") bad(source, "not a gilrace trace (format is \"" + format.get<std::string>() + "\")");
  const auto& version = require(j, "version", json::value_t::number_unsigned, source, "the trace", true);
  if (!is_whole(version) || version.get<std::uint64_t>() != kTraceVersion)
    bad(source, "trace version " + version.dump() + " is not supported (this gilrace reads version " +
                    std::to_string(kTraceVersion) + ")");
  Trace trace;
  const auto& scenario = require(j, "scenario", json::value_t::object, source, "the trace");
  trace.scenario_path = require(scenario, "path", json::value_t::string, source, "\"scenario\"").get<std::string>();
  trace.scenario_sha256 = require(scenario, "sha256", json::value_t::string, source, "\"scenario\"").get<std::string>();
  if (!is_sha256(trace.scenario_sha256))
    bad(source, "\"scenario\": \"sha256\" must be 64 lowercase hex digits, found " + scenario["sha256"].dump());
  trace.model = require(j, "model", json::value_t::string, source, "the trace").get<std::string>();
  if (j.contains("max_steps")) {
    trace.max_steps = static_cast<std::uint32_t>(whole_number(j, "max_steps", 1, 0xffffffffULL, source, "the trace"));
  }
  if (j.contains("params")) {
    const auto& params = require(j, "params", json::value_t::object, source, "the trace");
    for (const auto& [name, value] : params.items()) {
      if (!value.is_number_integer()) bad(source, "\"params\": \"" + name + "\" is not an integer");
      if (value.is_number_unsigned() && value.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max())
        bad(source, "\"params\": \"" + name + "\" does not fit in 64 bits, found " + value.dump());
      trace.params[name] = value.get<std::int64_t>();
    }
  }
  const auto& steps = require(j, "steps", json::value_t::array, source, "the trace");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string where = "step " + std::to_string(i + 1);
    const json& s = steps[i];
    StepRecord record;
    record.thread = static_cast<std::uint32_t>(whole_number(s, "thread", 1, kMaxThreadNumber, source, where) - 1);
    record.pc = static_cast<std::uint32_t>(whole_number(s, "pc", 0, kMaxPc, source, where));
    const auto opcode = require(s, "opcode", json::value_t::string, source, where).get<std::string>();
    const auto op = opcode_by_name(opcode);
    // NOLINTNEXTLINE(performance-inefficient-string-concatenation): bad() throws, so this runs once
    if (!op) bad(source, where + ": unknown opcode '" + opcode + "'");
    record.opcode = *op;
    record.arg = require(s, "arg", json::value_t::string, source, where).get<std::string>();
    record.effect.effect = require(s, "effect", json::value_t::string, source, where).get<std::string>();
    if (s.contains("function"))
      record.function = require(s, "function", json::value_t::string, source, where).get<std::string>();
    trace.steps.push_back(std::move(record));
  }
  const auto& outcome = require(j, "outcome", json::value_t::object, source, "the trace");
  const auto& values = require(outcome, "values", json::value_t::object, source, "\"outcome\"");
  for (const auto& [name, value] : values.items())
    if (!value.is_string()) bad(source, "\"outcome\": value of \"" + name + "\" is not a string");
  if (j.contains("preemptions")) {
    trace.preemptions = static_cast<std::uint32_t>(whole_number(j, "preemptions", 0, kMaxPc, source, "the trace"));
  }
  json recorded = outcome;
  if (!recorded.contains("errors")) recorded["errors"] = json::array();
  if (!recorded.contains("deadlock")) recorded["deadlock"] = false;
  recorded.erase("expected");
  return {std::move(trace), std::move(recorded)};
}

std::vector<LoadedTrace> traces_from_json(const json& j, const std::string& source) {
  const auto format = j.is_object() ? j.find("format") : j.end();
  if (format == j.end() || *format != "gilrace-report") return {trace_from_json(j, source)};
  const auto outcomes = j.find("outcomes");
  if (outcomes == j.end() || !outcomes->is_array()) bad(source, "the report has no \"outcomes\" array");
  std::vector<LoadedTrace> traces;
  for (std::size_t i = 0; i < outcomes->size(); ++i) {
    const json& outcome = (*outcomes)[i];
    const auto witnesses = outcome.is_object() ? outcome.find("witnesses") : outcome.end();
    if (witnesses == outcome.end() || !witnesses->is_array()) continue;
    for (std::size_t w = 0; w < witnesses->size(); ++w) {
      try {
        traces.push_back(trace_from_json((*witnesses)[w], source));
      } catch (const InputError& e) {
        // Name the witness: a report holds many traces.
        throw InputError({source, 0, 0},
                         "outcome " + std::to_string(i + 1) + ", witness " + std::to_string(w + 1) + ": " + e.what());
      }
    }
  }
  if (traces.empty()) bad(source, "the report holds no witness traces to replay");
  return traces;
}

}  // namespace gilrace
