#include "explorer/report/trace_json.hpp"

#include "explorer/program/input_error.hpp"

namespace gilrace {
namespace {

using nlohmann::json;

constexpr long long kMaxThreadNumber = 100000;  // the parser's limit on threads
constexpr long long kMaxPc = 0x7fffffff;

[[noreturn]] void bad(const std::string& source, const std::string& message) {
  throw InputError({source, 0, 0}, message);
}

const json& require(const json& object, const char* key, json::value_t type, const std::string& source,
                     const std::string& where) {
  if (!object.is_object()) bad(source, where + " is not a JSON object");
  const auto it = object.find(key);
  if (it == object.end()) bad(source, where + " has no \"" + key + "\"");
  const bool ok = it->type() == type ||
                  (type == json::value_t::number_unsigned && it->type() == json::value_t::number_integer &&
                   it->get<long long>() >= 0);
  if (!ok) bad(source, where + ": \"" + key + "\" has the wrong type (" + it->type_name() + ")");
  return *it;
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
  const auto& version = require(j, "version", json::value_t::number_unsigned, source, "the trace");
  if (version.get<long long>() != kTraceVersion)
    bad(source, "trace version " + std::to_string(version.get<long long>()) + " is not supported (this gilrace reads version " +
                    std::to_string(kTraceVersion) + ")");
  Trace trace;
  const auto& scenario = require(j, "scenario", json::value_t::object, source, "the trace");
  trace.scenario_path = require(scenario, "path", json::value_t::string, source, "\"scenario\"").get<std::string>();
  trace.scenario_sha256 = require(scenario, "sha256", json::value_t::string, source, "\"scenario\"").get<std::string>();
  trace.model = require(j, "model", json::value_t::string, source, "the trace").get<std::string>();
  if (j.contains("max_steps")) {
    const auto steps = require(j, "max_steps", json::value_t::number_unsigned, source, "the trace").get<long long>();
    if (steps < 1 || steps > 0xffffffffLL) bad(source, "\"max_steps\" must be between 1 and 4294967295");
    trace.max_steps = static_cast<std::uint32_t>(steps);
  }
  if (j.contains("params")) {
    const auto& params = require(j, "params", json::value_t::object, source, "the trace");
    for (const auto& [name, value] : params.items()) {
      if (!value.is_number_integer()) bad(source, "\"params\": \"" + name + "\" is not an integer");
      trace.params[name] = value.get<std::int64_t>();
    }
  }
  const auto& steps = require(j, "steps", json::value_t::array, source, "the trace");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string where = "step " + std::to_string(i + 1);
    const json& s = steps[i];
    StepRecord record;
    const auto thread = require(s, "thread", json::value_t::number_unsigned, source, where).get<long long>();
    if (thread < 1 || thread > kMaxThreadNumber)
      bad(source, where + ": \"thread\" must be from 1 to " + std::to_string(kMaxThreadNumber));
    record.thread = static_cast<std::uint32_t>(thread - 1);
    const auto pc = require(s, "pc", json::value_t::number_unsigned, source, where).get<long long>();
    if (pc > kMaxPc) bad(source, where + ": \"pc\" is out of range");
    record.pc = static_cast<std::uint32_t>(pc);
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
    const auto preemptions = require(j, "preemptions", json::value_t::number_unsigned, source, "the trace").get<long long>();
    if (preemptions > kMaxPc) bad(source, "the trace: \"preemptions\" is out of range");
    trace.preemptions = static_cast<std::uint32_t>(preemptions);
  }
  json recorded = outcome;
  if (!recorded.contains("errors")) recorded["errors"] = json::array();
  if (!recorded.contains("deadlock")) recorded["deadlock"] = false;
  recorded.erase("expected");
  return {std::move(trace), std::move(recorded)};
}

json parse_json_file(const std::string& path) {
  const std::string text = read_text_file(path);
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // Turn the byte offset into line:column.
    std::uint32_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string message = e.what();
    const auto colon = message.find("syntax error");
    throw InputError({path, line, column}, "not valid JSON: " + (colon == std::string::npos ? message : message.substr(colon)));
  }
}

}  // namespace gilrace
