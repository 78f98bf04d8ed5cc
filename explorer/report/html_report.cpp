#include "explorer/report/html_report.hpp"

#include <algorithm>

#include "explorer/report/junit_xml.hpp"
#include "explorer/report/lost_update.hpp"
#include "explorer/report/report_json.hpp"
#include "explorer/report/svg_swimlane.hpp"
#include "explorer/report/text_report.hpp"

namespace gilrace {
namespace {

constexpr const char* kStyle = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; } h3 { font-size: 1em; }
table.outcomes { border-collapse: collapse; }
table.outcomes th, table.outcomes td { border: 1px solid #ccc; padding: 3px 10px; text-align: left; }
table.outcomes td.number { text-align: right; font-variant-numeric: tabular-nums; }
.expected { color: #2e7d32; } .unexpected { color: #c62828; font-weight: bold; }
svg text { font: 12px ui-monospace, monospace; fill: #222; }
svg .lane-title { font-weight: bold; }
svg .step-number { fill: #888; }
svg rect.op { fill: #e3f2fd; stroke: #90caf9; }
svg rect.load { fill: #fff8e1; stroke: #ffb300; }
svg rect.store { fill: #fce4ec; stroke: #ec407a; }
svg rect.folded { fill: #f5f5f5; stroke: #ddd; }
svg rect.bar-expected { fill: #66bb6a; } svg rect.bar-unexpected { fill: #ef5350; }
svg line.preemption { stroke: #c62828; stroke-width: 2; stroke-dasharray: 5 3; }
svg path.lost-update { fill: none; stroke: #c62828; stroke-width: 2; }
p.lost { color: #c62828; margin: 0.2em 0; }
)";

std::string bar_chart(const Program& program, const Exploration& e) {
  constexpr int kLabel = 260, kBar = 520, kRow = 22;
  const int height = static_cast<int>(e.outcomes.size()) * kRow + 8;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"distribution\" width=\"" +
                    std::to_string(kLabel + kBar + 90) + "\" height=\"" + std::to_string(height) + "\">\n";
  for (std::size_t i = 0; i < e.outcomes.size(); ++i) {
    const OutcomeResult& o = e.outcomes[i];
    const double share = share_of(o.count, e.total);  // counts beyond a double's range too
    const int y = static_cast<int>(i) * kRow + 4;
    const int width = std::max(1, static_cast<int>(share * kBar));  // a rare outcome still shows
    std::string label = outcome_label(program, o.outcome);
    if (label.size() > 36) label = label.substr(0, 33) + "...";
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 14) + "\">" + xml_escape(label) + "</text>";
    svg += "<rect class=\"" + std::string(o.outcome.expected ? "bar-expected" : "bar-unexpected") + "\" x=\"" +
           std::to_string(kLabel) + "\" y=\"" + std::to_string(y + 2) + "\" width=\"" + std::to_string(width) +
           "\" height=\"" + std::to_string(kRow - 6) + "\"><title>" + xml_escape(o.count.str()) + "</title></rect>";
    svg += "<text x=\"" + std::to_string(kLabel + width + 6) + "\" y=\"" + std::to_string(y + 14) + "\">" +
           percent(share) + "</text>\n";
  }
  return svg + "</svg>\n";
}

}  // namespace

std::string render_html_report(const ExploreSession& session, const Exploration& e,
                               const std::vector<std::vector<Trace>>& traces) {
  const Program& program = session.program();
  std::string params;
  for (const auto& [name, value] : program.params) params += (params.empty() ? "" : ", ") + name + "=" + std::to_string(value);
  const std::string counted = e.sample ? "runs" : e.counts_traces ? "traces" : "interleavings";
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>gilrace: " +
                     xml_escape(program.path) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  html += "<h1>" + xml_escape(program.path) + (params.empty() ? "" : " (" + xml_escape(params) + ")") + "</h1>\n";
  html += "<p>" + std::to_string(program.thread_count()) + " threads, model " + xml_escape(session.model().name) +
          ", strategy " + xml_escape(e.strategy) + ". Explored " + e.total.str() + " " + counted + " through " +
          std::to_string(e.states) + " states" + (e.complete ? " (complete)." : " (not complete: " + xml_escape(e.bound) + ").") +
          "</p>\n";
  html += "<table class=\"outcomes\">\n<tr><th>outcome</th><th>expected</th><th>min preemptions</th><th>share</th><th>" +
          counted + "</th></tr>\n";
  for (const OutcomeResult& o : e.outcomes)
    html += "<tr><td>" + xml_escape(outcome_label(program, o.outcome)) + "</td><td class=\"" +
            (o.outcome.expected ? "expected\">yes" : "unexpected\">NO") + "</td><td class=\"number\">" +
            std::to_string(o.min_preemptions) + "</td><td class=\"number\">" + percent(share_of(o.count, e.total)) +
            "</td><td class=\"number\">" + o.count.str() + "</td></tr>\n";
  html += "</table>\n<h2>Distribution</h2>\n" + bar_chart(program, e);
  html += "<h2>Witnesses</h2>\n";
  for (std::size_t i = 0; i < e.outcomes.size() && i < traces.size(); ++i) {
    const std::string label = xml_escape(outcome_label(program, e.outcomes[i].outcome));
    for (std::size_t w = 0; w < traces[i].size(); ++w) {
      const Trace& trace = traces[i][w];
      html += "<h3>" + label + ": witness " + std::to_string(w + 1) + " of " + std::to_string(traces[i].size()) + " (" +
              std::to_string(trace.preemptions) + (trace.preemptions == 1 ? " preemption" : " preemptions") + ")</h3>\n";
      for (const LostUpdate& lost : find_lost_updates(trace.steps))
        html += "<p class=\"lost\">" + xml_escape(describe(lost)) + ".</p>\n";
      html += svg_swimlane(trace);
    }
  }
  return html + "</body>\n</html>\n";
}

}  // namespace gilrace
