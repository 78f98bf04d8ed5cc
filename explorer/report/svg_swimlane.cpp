#include "explorer/report/svg_swimlane.hpp"

#include <map>

#include "explorer/report/junit_xml.hpp"
#include "explorer/report/lost_update.hpp"
#include "explorer/report/swimlane.hpp"

namespace gilrace {
namespace {

constexpr int kNumberWidth = 48;  // the step-number column
constexpr int kLaneWidth = 250;
constexpr int kRowHeight = 22;
constexpr int kHeader = 26;
constexpr std::size_t kMaxBoxText = 36;

std::string shortened(const std::string& text) {
  return text.size() <= kMaxBoxText ? text : text.substr(0, kMaxBoxText - 3) + "...";
}

// The stale load behind a lost update: the writer's last load of the global before its store.
std::size_t stale_load(const std::vector<StepRecord>& steps, const LostUpdate& lost) {
  for (std::size_t i = lost.step; i-- > 0;)
    if (steps[i].thread == lost.writer && steps[i].opcode == Opcode::LOAD_GLOBAL && steps[i].effect.global_name == lost.global)
      return i;
  return lost.step;
}

}  // namespace

std::string svg_swimlane(const Trace& trace) {
  const std::vector<StepRecord>& steps = trace.steps;
  const SwimlaneLayout layout = swimlane_layout(steps, trace.thread_status);
  std::map<std::uint32_t, int> lane_x;
  for (std::size_t l = 0; l < layout.lanes.size(); ++l)
    lane_x[layout.lanes[l]] = kNumberWidth + static_cast<int>(l) * kLaneWidth;
  // Room on the right for the lost-update arrows of the last lane.
  const int width = kNumberWidth + static_cast<int>(std::max<std::size_t>(layout.lanes.size(), 1)) * kLaneWidth + 36;
  const int height = kHeader + static_cast<int>(layout.rows.size()) * kRowHeight + 6;
  const auto row_y = [](std::size_t row) { return kHeader + static_cast<int>(row) * kRowHeight; };

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swimlane\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\">\n";
  svg += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
         "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c62828\"/></marker></defs>\n";
  for (std::uint32_t t : layout.lanes)
    svg += "<text class=\"lane-title\" x=\"" + std::to_string(lane_x[t] + 6) + "\" y=\"17\">T" + std::to_string(t + 1) +
           "</text>\n";

  std::map<std::size_t, std::size_t> row_of_step;
  std::map<std::uint32_t, std::size_t> last_row_of_thread;
  for (std::size_t r = 0; r < layout.rows.size(); ++r) {
    const SwimlaneRow& row = layout.rows[r];
    const int y = row_y(r);
    if (!row.folded.empty()) {
      svg += "<rect class=\"folded\" x=\"" + std::to_string(kNumberWidth) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
             std::to_string(width - kNumberWidth - 4) + "\" height=\"" + std::to_string(kRowHeight - 4) + "\"/>\n";
      svg += "<text x=\"" + std::to_string(kNumberWidth + 6) + "\" y=\"" + std::to_string(y + 14) + "\">" +
             xml_escape(row.folded) + "</text>\n";
      continue;
    }
    const StepRecord& s = steps[row.step];
    row_of_step[row.step] = r;
    // A switch away from a thread that runs again later: a preemption (or a wait).
    if (r > 0 && layout.rows[r - 1].folded.empty()) {
      const std::uint32_t before = steps[layout.rows[r - 1].step].thread;
      bool runs_again = false;
      for (std::size_t later = row.step; later < steps.size() && !runs_again; ++later) runs_again = steps[later].thread == before;
      if (before != s.thread && runs_again)
        svg += "<line class=\"preemption\" x1=\"" + std::to_string(lane_x[before]) + "\" y1=\"" + std::to_string(y - 2) +
               "\" x2=\"" + std::to_string(lane_x[before] + kLaneWidth - 6) + "\" y2=\"" + std::to_string(y - 2) +
               "\"><title>T" + std::to_string(before + 1) + " preempted after step " + std::to_string(row.step) +
               "</title></line>\n";
    }
    const std::string kind = s.opcode == Opcode::STORE_GLOBAL ? "op store" : s.opcode == Opcode::LOAD_GLOBAL ? "op load" : "op";
    svg += "<text class=\"step-number\" x=\"4\" y=\"" + std::to_string(y + 14) + "\">" + std::to_string(row.step + 1) +
           "</text>\n";
    svg += "<g><title>" + xml_escape(step_text(s)) + "</title><rect class=\"" + kind + "\" x=\"" +
           std::to_string(lane_x[s.thread] + 2) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(kLaneWidth - 8) + "\" height=\"" + std::to_string(kRowHeight - 4) + "\" rx=\"3\"/>";
    svg += "<text x=\"" + std::to_string(lane_x[s.thread] + 7) + "\" y=\"" + std::to_string(y + 13) + "\">" +
           xml_escape(shortened(step_text(s))) + "</text></g>\n";
    last_row_of_thread[s.thread] = r;
  }
  // Each lost update: an arrow from the stale load to the overwriting store.
  for (const LostUpdate& lost : find_lost_updates(steps)) {
    const std::size_t load = stale_load(steps, lost);
    if (!row_of_step.count(load) || !row_of_step.count(lost.step) || load == lost.step) continue;
    const int x = lane_x[lost.writer] + kLaneWidth - 10;
    const int y1 = row_y(row_of_step[load]) + kRowHeight / 2 - 2;
    const int y2 = row_y(row_of_step[lost.step]) + kRowHeight / 2 - 2;
    svg += "<path class=\"lost-update\" d=\"M" + std::to_string(x) + "," + std::to_string(y1) + " C" +
           std::to_string(x + 30) + "," + std::to_string(y1) + " " + std::to_string(x + 30) + "," + std::to_string(y2) +
           " " + std::to_string(x + 2) + "," + std::to_string(y2) + "\" marker-end=\"url(#arrow)\"><title>" +
           xml_escape(describe(lost)) + "</title></path>\n";
  }
  return svg + "</svg>\n";
}

}  // namespace gilrace
