#include "explorer/report/junit_xml.hpp"

#include <cstdio>

#include "explorer/program/utf8.hpp"
#include "explorer/report/text_report.hpp"

namespace gilrace {

JUnitCase junit_case_for(const ExploreSession& session, const Exploration& exploration,
                         const std::vector<std::vector<Trace>>& traces) {
  JUnitCase c;
  c.name = session.program().path;
  c.classname = "gilrace." + session.model().name;
  c.seconds = exploration.seconds;
  TextReportOptions table;
  table.detailed_outcomes = 0;
  c.system_out = render_text_report(session, exploration, traces, table);
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < exploration.outcomes.size(); ++i) {
    const OutcomeResult& o = exploration.outcomes[i];
    if (o.outcome.expected) continue;
    labels.push_back(outcome_label(session.program(), o.outcome));
    c.failure_text += labels.back() + " (" + o.count.str() + " of " + exploration.total.str() + ")\n";
    if (i < traces.size() && !traces[i].empty()) c.failure_text += render_trace(traces[i].front()) + "\n";
  }
  if (labels.empty()) return c;
  c.failed = true;
  c.failure_type = "unexpected-outcome";
  c.failure_message = std::to_string(labels.size()) + " unexpected outcome" + (labels.size() == 1 ? "" : "s") + ": ";
  for (std::size_t i = 0; i < labels.size() && i < 3; ++i) c.failure_message += (i ? "; " : "") + labels[i];
  if (labels.size() > 3) c.failure_message += "; ...";
  return c;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // A byte that is not UTF-8 (a path may hold one) would make the file unreadable as XML.
    const std::size_t length = utf8_char_length(text, i);
    if (length == 0) {
      out += '?';
      continue;
    }
    if (length > 1) {
      out.append(text, i, length);
      i += length - 1;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += '?';
        else out += c;
    }
  }
  return out;
}

std::string junit_xml(const std::string& suite, const std::vector<JUnitCase>& cases) {
  std::size_t failures = 0;
  double seconds = 0;
  for (const JUnitCase& c : cases) failures += c.failed, seconds += c.seconds;
  const auto time = [](double s) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", s);
    return std::string(buffer);
  };
  const std::string counts = " tests=\"" + std::to_string(cases.size()) + "\" failures=\"" + std::to_string(failures) +
                             "\" errors=\"0\" time=\"" + time(seconds) + "\"";
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites name=\"" + xml_escape(suite) + "\"" + counts + ">\n";
  xml += "  <testsuite name=\"" + xml_escape(suite) + "\"" + counts + ">\n";
  for (const JUnitCase& c : cases) {
    xml += "    <testcase classname=\"" + xml_escape(c.classname) + "\" name=\"" + xml_escape(c.name) + "\" time=\"" +
           time(c.seconds) + "\">\n";
    if (c.failed)
      xml += "      <failure message=\"" + xml_escape(c.failure_message) + "\" type=\"" + xml_escape(c.failure_type) +
             "\">" + xml_escape(c.failure_text) + "</failure>\n";
    if (!c.system_out.empty()) xml += "      <system-out>" + xml_escape(c.system_out) + "</system-out>\n";
    xml += "    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace gilrace
