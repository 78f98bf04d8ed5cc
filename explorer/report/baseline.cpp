#include "explorer/report/baseline.hpp"

#include <algorithm>
#include <map>

#include "explorer/program/input_error.hpp"

namespace gilrace {
namespace {

using nlohmann::json;

std::string interleavings(const std::string& count) {
  return count + (count == "1" ? " interleaving" : " interleavings");
}

// The member `key` of `object` with the JSON type `is` checks, or an InputError.
template <typename Check>
const json& member(const json& object, const char* key, Check is, const char* type, const std::string& path,
                   const std::string& where) {
  if (!object.contains(key) || !is(object[key]))
    throw InputError({path, 0, 0}, where + ": \"" + key + "\" must be " + type + " (a baseline written by "
                                       "gilrace check --update)");
  return object[key];
}

}  // namespace

BaselineEntry baseline_entry(const ExploreSession& session, const Exploration& exploration) {
  const Program& program = session.program();
  BaselineEntry entry;
  entry.path = program.path;
  entry.sha256 = program.sha256;
  entry.params = program.params;
  entry.model = session.model().name;
  entry.strategy = session.options().strategy;
  entry.complete = exploration.complete;
  if (exploration.preemption_bound != kUnbounded) entry.preemption_bound = exploration.preemption_bound;
  entry.total = exploration.total.str();
  for (const OutcomeResult& o : exploration.outcomes)
    entry.outcomes.push_back({outcome_label(program, o.outcome), o.outcome.expected, o.count.str()});
  std::sort(entry.outcomes.begin(), entry.outcomes.end(),
            [](const BaselineOutcome& a, const BaselineOutcome& b) { return a.outcome < b.outcome; });
  return entry;
}

json baseline_to_json(const std::vector<BaselineEntry>& entries) {
  json scenarios = json::array();
  for (const BaselineEntry& e : entries) {
    json outcomes = json::array();
    for (const BaselineOutcome& o : e.outcomes)
      outcomes.push_back({{"outcome", o.outcome}, {"expected", o.expected}, {"count", o.count}});
    json entry{{"path", e.path},         {"sha256", e.sha256},     {"params", e.params},
               {"model", e.model},       {"strategy", e.strategy}, {"complete", e.complete},
               {"total", e.total},       {"outcomes", std::move(outcomes)}};
    if (e.preemption_bound) entry["preemption_bound"] = *e.preemption_bound;
    scenarios.push_back(std::move(entry));
  }
  return {{"format", "gilrace-baseline"}, {"version", 1}, {"scenarios", std::move(scenarios)}};
}

std::vector<BaselineEntry> baseline_from_json(const json& root, const std::string& path) {
  const auto is_string = [](const json& j) { return j.is_string(); };
  const auto is_bool = [](const json& j) { return j.is_boolean(); };
  const auto is_array = [](const json& j) { return j.is_array(); };
  // Parsed JSON holds a number >= 0 as unsigned; one built in memory may be signed.
  const auto is_whole = [](const json& j) {
    return j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0);
  };
  const auto is_count = [&](const json& j) { return is_whole(j) && j.get<std::uint64_t>() <= UINT32_MAX; };
  // Counts exceed 64 bits, so they are decimal strings.
  const auto is_decimal = [](const json& j) {
    if (!j.is_string()) return false;
    const std::string& text = j.get_ref<const std::string&>();
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const auto is_sha256 = [](const json& j) {
    if (!j.is_string()) return false;
    const std::string& text = j.get_ref<const std::string&>();
    return text.size() == 64 &&
           std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  };
  const auto is_params = [](const json& j) {
    return j.is_object() && std::all_of(j.begin(), j.end(), [](const json& v) { return v.is_number_integer(); });
  };
  if (!root.is_object() || !root.contains("format") || root["format"] != "gilrace-baseline")
    throw InputError({path, 0, 0}, "not a gilrace baseline (\"format\" is not \"gilrace-baseline\"; write one with "
                                   "gilrace check --update)");
  const auto is_number = [](const json& j) { return j.is_number(); };
  const json& version = member(root, "version", is_number, "a number", path, "the baseline");
  if (!is_whole(version) || version.get<std::uint64_t>() != 1)
    throw InputError({path, 0, 0},
                     "baseline version " + version.dump() + " is not supported (this gilrace reads version 1)");
  std::vector<BaselineEntry> entries;
  const json& scenarios = member(root, "scenarios", is_array, "an array", path, "the baseline");
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const json& s = scenarios[i];
    const std::string where = "scenario " + std::to_string(i + 1);
    if (!s.is_object()) throw InputError({path, 0, 0}, where + " must be an object");
    BaselineEntry e;
    e.path = member(s, "path", is_string, "a string", path, where);
    e.sha256 = member(s, "sha256", is_sha256, "64 lowercase hex digits", path, where);
    e.params = member(s, "params", is_params, "an object of integers", path, where);
    e.model = member(s, "model", is_string, "a string", path, where);
    e.strategy = member(s, "strategy", is_string, "a string", path, where);
    e.complete = member(s, "complete", is_bool, "true or false", path, where);
    e.total = member(s, "total", is_decimal, "a string of decimal digits", path, where);
    if (s.contains("preemption_bound"))
      e.preemption_bound =
          member(s, "preemption_bound", is_count, "a whole number below 2^32", path, where).get<std::uint32_t>();
    for (const json& o : member(s, "outcomes", is_array, "an array", path, where)) {
      if (!o.is_object()) throw InputError({path, 0, 0}, where + ": each outcome must be an object");
      e.outcomes.push_back({member(o, "outcome", is_string, "a string", path, where + ", an outcome"),
                            member(o, "expected", is_bool, "true or false", path, where + ", an outcome"),
                            member(o, "count", is_decimal, "a string of decimal digits", path, where + ", an outcome")});
      for (std::size_t k = 0; k + 1 < e.outcomes.size(); ++k)
        if (e.outcomes[k].outcome == e.outcomes.back().outcome)
          throw InputError({path, 0, 0}, where + ": the outcome \"" + e.outcomes.back().outcome + "\" is listed twice");
    }
    // One entry per scenario: with two, which one a check compares with would be a guess.
    for (std::size_t k = 0; k < entries.size(); ++k)
      if (entries[k].path == e.path)
        throw InputError({path, 0, 0}, where + ": " + e.path + " is in the baseline already, as scenario " +
                                           std::to_string(k + 1));
    entries.push_back(std::move(e));
  }
  return entries;
}

std::vector<std::string> baseline_changes(const BaselineEntry& before, const BaselineEntry& now) {
  std::vector<std::string> changes;
  std::map<std::string, const BaselineOutcome*> old_outcomes;
  for (const BaselineOutcome& o : before.outcomes) old_outcomes[o.outcome] = &o;
  for (const BaselineOutcome& o : now.outcomes) {
    const auto it = old_outcomes.find(o.outcome);
    if (it == old_outcomes.end()) {
      changes.push_back(std::string(o.expected ? "new outcome: " : "new unexpected outcome: ") + o.outcome + " (" +
                        interleavings(o.count) + ")");
      continue;
    }
    if (it->second->count != o.count)
      changes.push_back(o.outcome + ": " + it->second->count + " -> " + interleavings(o.count));
    old_outcomes.erase(it);
  }
  for (const auto& [label, o] : old_outcomes)
    changes.push_back(std::string(o->expected ? "expected outcome gone: " : "unexpected outcome gone: ") + label +
                      " (was " + interleavings(o->count) + ")");
  if (before.complete != now.complete)
    changes.push_back(std::string("complete: ") + (before.complete ? "yes" : "no") + " -> " +
                      (now.complete ? "yes" : "no"));
  if (before.preemption_bound != now.preemption_bound)
    changes.push_back("preemption bound: " +
                      (before.preemption_bound ? std::to_string(*before.preemption_bound) : std::string("none")) +
                      " -> " + (now.preemption_bound ? std::to_string(*now.preemption_bound) : std::string("none")));
  if (changes.empty() && before.total != now.total)
    changes.push_back("total: " + before.total + " -> " + interleavings(now.total));
  return changes;
}

}  // namespace gilrace
