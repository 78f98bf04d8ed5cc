#include "explorer/report/report_json.hpp"

#include <boost/multiprecision/cpp_bin_float.hpp>

#include "explorer/report/trace_json.hpp"

namespace gilrace {

double share_of(const BigCount& count, const BigCount& total) {
  if (total.is_zero()) return 0;
  using Float = boost::multiprecision::cpp_bin_float_50;
  return static_cast<double>(Float(count) / Float(total));
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
               {"witnesses", std::move(witnesses)}};
    if (!o.outcome.failed_expectation.empty()) entry["failed_expectation"] = o.outcome.failed_expectation;
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
  if (!e.complete) report["bound"] = e.bound;
  return report;
}

}  // namespace gilrace
