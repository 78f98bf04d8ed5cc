// The human-readable report: a header, the outcome table, then witnesses of
// unexpected outcomes as swimlanes with their lost updates named.
#pragma once
#include <string>
#include <vector>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

// A share between 0 and 1 as the reports print it: "94.89%", "0.017%", "0%".
std::string percent(double share);

struct TextReportOptions {
  std::size_t detailed_outcomes = 2;  // unexpected outcomes whose witnesses are drawn
  bool colour = false;                // ANSI colours for a terminal (terminal_colour.hpp)
};

std::string render_text_report(const ExploreSession& session, const Exploration& exploration,
                               const std::vector<std::vector<Trace>>& traces, const TextReportOptions& options);

// The header lines: scenario, params, threads, model, strategy, then what
// was explored and whether it is complete (the report's first lines).
std::string render_report_header(const ExploreSession& session, const Exploration& exploration);

// The witness drawing of one trace: swimlanes, then one line per lost update.
std::string render_trace(const Trace& trace);

}  // namespace gilrace
