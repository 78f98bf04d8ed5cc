#include "explorer/report/outcome_diff.hpp"

#include <algorithm>
#include <unordered_set>

#include "explorer/report/text_report.hpp"
#include "explorer/report/trace_json.hpp"

namespace gilrace {
namespace {

constexpr int kDiffVersion = 1;

// The values of an outcome are positional, so the observed names go into the
// key too: `n = 1` never matches `m = 1`.
std::string match_key(const Program& program, const OutcomeValue& outcome) {
  std::string key;
  for (std::uint32_t slot : program.observed) key += program.global_names[slot] + '\x1f';
  return key + '\x1d' + outcome.key();
}

std::unordered_set<std::string> keys_of(const ExploredScenario& side) {
  std::unordered_set<std::string> keys;
  for (const auto& o : side.exploration.outcomes) keys.insert(match_key(side.session.program(), o.outcome));
  return keys;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string plural(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// The explore header, its first line marked old or new and the rest indented.
std::string side_header(const std::string& which, const ExploredScenario& side) {
  const std::string header = render_report_header(side.session, side.exploration);
  std::string out = which + ": ";
  for (std::size_t i = 0; i < header.size(); ++i) {
    out += header[i];
    if (header[i] == '\n' && i + 1 < header.size()) out += std::string(which.size() + 2, ' ');
  }
  return out;
}

// A table of outcomes from one side: label, expected, then the columns given.
std::string outcome_table(const ExploredScenario& side, const std::vector<std::size_t>& indices, bool with_preemptions) {
  const Program& program = side.session.program();
  std::vector<std::string> labels;
  std::size_t width = 7;
  for (std::size_t i : indices) {
    labels.push_back(outcome_label(program, side.exploration.outcomes[i].outcome));
    width = std::max(width, labels.back().size());
  }
  const std::string unit = side.exploration.sample ? "runs" : side.exploration.counts_traces ? "traces" : "count";
  std::string out = "  " + pad("outcome", width) + "  expected  " + (with_preemptions ? "min preemptions  " : "") +
                    unit + "\n";
  for (std::size_t row = 0; row < indices.size(); ++row) {
    const OutcomeResult& o = side.exploration.outcomes[indices[row]];
    out += "  " + pad(labels[row], width) + "  " + pad(o.outcome.expected ? "yes" : "NO", 8) + "  " +
           (with_preemptions ? pad(std::to_string(o.min_preemptions), 15) + "  " : "") + o.count.str() + "\n";
  }
  return out;
}

nlohmann::json outcome_entry(const Program& program, const OutcomeResult& o) {
  nlohmann::json entry = outcome_to_json(program, o.outcome);
  entry["count"] = o.count.str();
  if (!o.outcome.failed_expectation.empty()) entry["failed_expectation"] = o.outcome.failed_expectation;
  return entry;
}

nlohmann::json side_json(const ExploredScenario& side) {
  const Program& program = side.session.program();
  nlohmann::json json{{"path", program.path},
                      {"sha256", program.sha256},
                      {"params", program.params},
                      {"complete", side.exploration.complete}};
  if (!side.exploration.complete) json["bound"] = side.exploration.bound;
  return json;
}

}  // namespace

OutcomeDiff compare_outcomes(const ExploredScenario& old_side, const ExploredScenario& new_side) {
  const auto old_keys = keys_of(old_side), new_keys = keys_of(new_side);
  OutcomeDiff diff;
  const auto& new_outcomes = new_side.exploration.outcomes;
  for (std::size_t i = 0; i < new_outcomes.size(); ++i) {
    if (old_keys.contains(match_key(new_side.session.program(), new_outcomes[i].outcome))) {
      ++diff.kept;
      continue;
    }
    diff.gained.push_back(i);
    const auto& witnesses = new_outcomes[i].witnesses;
    diff.gained_witnesses.push_back(witnesses.empty() ? std::nullopt
                                                      : std::optional(new_side.session.trace_of(witnesses.front())));
  }
  const auto& old_outcomes = old_side.exploration.outcomes;
  for (std::size_t i = 0; i < old_outcomes.size(); ++i)
    if (!new_keys.contains(match_key(old_side.session.program(), old_outcomes[i].outcome))) diff.lost.push_back(i);
  return diff;
}

bool gains_unexpected(const ExploredScenario& new_side, const OutcomeDiff& diff) {
  return std::any_of(diff.gained.begin(), diff.gained.end(),
                     [&](std::size_t i) { return !new_side.exploration.outcomes[i].outcome.expected; });
}

std::string render_diff_text(const ExploredScenario& old_side, const ExploredScenario& new_side,
                             const OutcomeDiff& diff) {
  std::string out = side_header("old", old_side) + side_header("new", new_side) + "\n";
  if (diff.gained.empty()) {
    out += "gained: none\n";
  } else {
    out += "gained (in new, not in old): " + plural(diff.gained.size(), "outcome") + "\n";
    out += outcome_table(new_side, diff.gained, true);
  }
  if (diff.lost.empty()) {
    out += "lost: none\n";
  } else {
    out += "lost (in old, not in new): " + plural(diff.lost.size(), "outcome") + "\n";
    out += outcome_table(old_side, diff.lost, false);
  }
  out += "kept: " + plural(diff.kept, "outcome") + " in both\n";

  const Program& program = new_side.session.program();
  for (std::size_t g = 0; g < diff.gained.size(); ++g) {
    const OutcomeResult& o = new_side.exploration.outcomes[diff.gained[g]];
    out += "\n" + outcome_label(program, o.outcome) + " is gained" + (o.outcome.expected ? "" : " and unexpected");
    if (!o.outcome.failed_expectation.empty()) out += " (expect " + o.outcome.failed_expectation + " fails)";
    if (!diff.gained_witnesses[g]) {
      out += "; no witness kept\n";
      continue;
    }
    const Trace& trace = *diff.gained_witnesses[g];
    out += "; witness (" + plural(trace.preemptions, "preemption") + "):\n" + render_trace(trace);
  }

  out += "\n";
  const std::size_t unexpected = std::count_if(diff.gained.begin(), diff.gained.end(), [&](std::size_t i) {
    return !new_side.exploration.outcomes[i].outcome.expected;
  });
  out += unexpected == 0 ? std::string("new gains no unexpected outcome\n")
                         : "new gains " + plural(unexpected, "unexpected outcome") + "\n";
  return out;
}

nlohmann::json diff_to_json(const ExploredScenario& old_side, const ExploredScenario& new_side,
                            const OutcomeDiff& diff) {
  nlohmann::json gained = nlohmann::json::array(), lost = nlohmann::json::array();
  const Program& new_program = new_side.session.program();
  for (std::size_t g = 0; g < diff.gained.size(); ++g) {
    const OutcomeResult& o = new_side.exploration.outcomes[diff.gained[g]];
    nlohmann::json entry = outcome_entry(new_program, o);
    entry["min_preemptions"] = o.min_preemptions;
    if (diff.gained_witnesses[g]) entry["witness"] = trace_to_json(new_program, *diff.gained_witnesses[g]);
    gained.push_back(std::move(entry));
  }
  for (std::size_t i : diff.lost)
    lost.push_back(outcome_entry(old_side.session.program(), old_side.exploration.outcomes[i]));
  return {{"format", "gilrace-diff"},
          {"version", kDiffVersion},
          {"old", side_json(old_side)},
          {"new", side_json(new_side)},
          {"gained", std::move(gained)},
          {"lost", std::move(lost)},
          {"kept", diff.kept}};
}

}  // namespace gilrace
