#include "explorer/report/report_json.hpp"

#include <algorithm>
#include <cmath>

#include "explorer/report/trace_json.hpp"

namespace gilrace {

namespace {

// A positive count as mantissa * 2^exponent with its top 62 bits kept.
double top_bits(const BigCount& value, long& exponent) {
  const long bits = static_cast<long>(boost::multiprecision::msb(value)) + 1;
  const long shift = bits > 62 ? bits - 62 : 0;
  exponent = shift;
  return static_cast<double>(static_cast<std::uint64_t>(value >> shift));
}

}  // namespace

// Exact to double precision however large the counts and however small the
// share (1 in 10^150 and less still prints as a number, not 0).
double share_of(const BigCount& count, const BigCount& total) {
  if (total.is_zero() || count.is_zero()) return 0;
  long count_exponent = 0, total_exponent = 0;
  const double c = top_bits(count, count_exponent);
  const double t = top_bits(total, total_exponent);
  return std::ldexp(c / t, static_cast<int>(count_exponent - total_exponent));
}

std::optional<std::string> applicable_safety_note(const ExploreSession& session, const Exploration& e) {
  const bool all_expected =
      std::all_of(e.outcomes.begin(), e.outcomes.end(), [](const OutcomeResult& o) { return o.outcome.expected; });
  if (!all_expected || !e.complete || session.model().safety_note.empty()) return std::nullopt;
  return session.model().safety_note;
}

nlohmann::json report_to_json(const ExploreSession& session, const Exploration& e,
                              const std::vector<std::vector<Trace>>& traces) {
  using nlohmann::json;
  const Program& program = session.program();
  json outcomes = json::array();
  for (std::size_t i = 0; i < e.outcomes.size(); ++i) {
    const OutcomeResult& o = e.outcomes[i];
    json witnesses = json::array();
    for (const Trace& t : traces[i]) witnesses.push_back(trace_to_json(program, t));
    json entry{{"values", observed_values(program, o.outcome)},
               {"count", o.count.str()},
               {"share", share_of(o.count, e.total)},
               {"min_preemptions", o.min_preemptions},
               {"expected", o.outcome.expected},
               {"errors", o.outcome.errors},
               {"deadlock", o.outcome.deadlock},
               {"step_limit", o.outcome.step_limit},
               {"witnesses", std::move(witnesses)}};
    if (!o.outcome.failed_expectation.empty()) entry["failed_expectation"] = o.outcome.failed_expectation;
    if (e.switch_probability) {
      entry["probability"] = probability_text(o.probability, 17);
      entry["probability_exact"] = exact_text(o.probability);
    }
    outcomes.push_back(std::move(entry));
  }
  json report{{"format", "gilrace-report"},
              {"version", kReportVersion},
              {"scenario", {{"path", program.path}, {"sha256", program.sha256}}},
              {"params", program.params},
              {"model", session.model().name},
              {"strategy", session.options().strategy},
              {"engine", e.strategy},
              {"complete", e.complete},
              {"total", e.total.str()},
              {"states", e.states},
              {"opcodes", e.opcodes},
              {"seconds", e.seconds},
              {"outcomes", std::move(outcomes)}};
  if (e.preemption_bound != kUnbounded) report["preemption_bound"] = e.preemption_bound;
  if (const auto note = applicable_safety_note(session, e)) report["model_note"] = "by implementation, not by guarantee: " + *note;
  if (!e.complete) report["bound"] = e.bound;
  report["partial"] = e.partial;
  if (e.limit_hit) report["limit"] = e.limit_message;
  // A sample's counts and total are runs, not interleavings.
  report["sampled"] = e.sample.has_value();
  if (e.sample) {
    report["runs"] = e.sample->runs;
    report["seed"] = e.sample->seed;
    if (e.sample->pct_depth > 0) {
      report["pct_depth"] = e.sample->pct_depth;
      report["pct_steps"] = e.sample->pct_steps;
    }
  }
  // dpor counts classes of interleavings equal up to independent steps.
  if (e.counts_traces) {
    report["counts_traces"] = true;
    report["sleep_blocked"] = e.sleep_blocked;
  }
  if (e.first_unexpected) {
    nlohmann::json found = outcome_to_json(program, e.first_unexpected->outcome);
    found["seconds"] = e.first_unexpected->seconds;
    found["method"] = e.first_unexpected->method;
    report["first_unexpected"] = std::move(found);
  }
  if (e.switch_probability) {
    report["switch_prob"] = exact_text(*e.switch_probability);
    report["neglected_probability"] = probability_text(e.neglected_probability, 17);
    report["neglected_probability_exact"] = exact_text(e.neglected_probability);
  }
  return report;
}

}  // namespace gilrace
