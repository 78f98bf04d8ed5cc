#include "explorer/report/swimlane.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "explorer/report/lost_update.hpp"

namespace gilrace {
namespace {

constexpr std::size_t kMaxCell = 40;
// Rows drawn at most: the first and last half of a longer trace (a spin
// loop can run for 10^5 steps; the trace file keeps every one).
constexpr std::size_t kMaxRows = 400;

std::string cell_text(const StepRecord& step) {
  std::string text = step_text(step);
  if (text.size() > kMaxCell) text = text.substr(0, kMaxCell - 3) + "...";
  return text;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

// Threads whose steps do not form one unbroken run.
std::set<std::uint32_t> interrupted_threads(const std::vector<StepRecord>& steps) {
  std::set<std::uint32_t> interrupted;
  std::set<std::uint32_t> closed;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::uint32_t t = steps[i].thread;
    if (closed.count(t)) interrupted.insert(t);
    if (i + 1 == steps.size() || steps[i + 1].thread != t) closed.insert(t);
  }
  return interrupted;
}

}  // namespace

std::string thread_ranges(const std::vector<std::uint32_t>& threads) {
  std::string out;
  for (std::size_t i = 0; i < threads.size();) {
    std::size_t j = i;
    while (j + 1 < threads.size() && threads[j + 1] == threads[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += "T" + std::to_string(threads[i] + 1);
    if (j > i) out += (j == i + 1 ? ", T" : "..T") + std::to_string(threads[j] + 1);
    i = j + 1;
  }
  return out;
}

SwimlaneLayout swimlane_layout(const std::vector<StepRecord>& steps, const std::vector<ThreadStatus>& ends) {
  std::set<std::uint32_t> lanes = interrupted_threads(steps);
  for (const LostUpdate& lost : find_lost_updates(steps)) {
    lanes.insert(lost.writer);
    lanes.insert(lost.overwritten.begin(), lost.overwritten.end());
  }
  for (const StepRecord& s : steps)
    if (s.thread >= ends.size() || ends[s.thread] != ThreadStatus::Finished) lanes.insert(s.thread);
  SwimlaneLayout layout;
  layout.lanes.assign(lanes.begin(), lanes.end());

  std::map<std::string, std::string> known;  // global -> last value seen in the trace
  for (std::size_t i = 0; i < steps.size();) {
    const StepRecord& s = steps[i];
    if (lanes.count(s.thread)) {
      layout.rows.push_back({i, {}});
      if (!s.effect.global_name.empty()) known[s.effect.global_name] = s.effect.value;
      ++i;
      continue;
    }
    // Fold a block of uninteresting threads, each of which ran start to finish.
    std::vector<std::uint32_t> block;
    std::map<std::string, std::pair<std::string, std::string>> changes;  // global -> (before, after)
    std::size_t j = i;
    for (; j < steps.size() && !lanes.count(steps[j].thread); ++j) {
      if (block.empty() || block.back() != steps[j].thread) block.push_back(steps[j].thread);
      const StepRecord& b = steps[j];
      if (b.opcode == Opcode::STORE_GLOBAL) {
        auto [it, inserted] = changes.try_emplace(b.effect.global_name, known.count(b.effect.global_name) ? known[b.effect.global_name] : "?", "");
        it->second.second = b.effect.value;
      }
      if (!b.effect.global_name.empty()) known[b.effect.global_name] = b.effect.value;
    }
    std::vector<std::uint32_t> sorted = block;
    std::sort(sorted.begin(), sorted.end());
    std::string text = thread_ranges(sorted) + " ran to completion";
    if (!changes.empty()) {
      text += " (";
      bool first = true;
      for (const auto& [global, change] : changes) {
        text += (first ? "" : ", ") + global + ": " +
                (change.first == "?" ? "now " + change.second : change.first + " -> " + change.second);
        first = false;
      }
      text += ")";
    }
    layout.rows.push_back({i, std::move(text)});
    i = j;
  }
  if (layout.rows.size() > kMaxRows) {
    const std::size_t keep = kMaxRows / 2;
    const std::size_t first_hidden = layout.rows[keep].step, next_shown = layout.rows[layout.rows.size() - keep].step;
    std::vector<SwimlaneRow> rows(layout.rows.begin(), layout.rows.begin() + keep);
    rows.push_back({first_hidden, "... steps " + std::to_string(first_hidden + 1) + " to " + std::to_string(next_shown) +
                                      " not drawn (" + std::to_string(next_shown - first_hidden) +
                                      " steps; the trace JSON holds every step) ..."});
    rows.insert(rows.end(), layout.rows.end() - keep, layout.rows.end());
    layout.rows = std::move(rows);
  }
  return layout;
}

std::string step_text(const StepRecord& step) {
  std::string text = (step.function.empty() ? "" : step.function + ": ") + std::string(opcode_name(step.opcode));
  if (!step.arg.empty()) text += " " + step.arg;
  if (!step.effect.effect.empty()) text += "  [" + step.effect.effect + "]";
  return text;
}

std::string render_swimlanes(const std::vector<StepRecord>& steps, const std::vector<ThreadStatus>& ends) {
  const SwimlaneLayout layout = swimlane_layout(steps, ends);
  std::map<std::uint32_t, std::size_t> width;
  for (std::uint32_t t : layout.lanes) width[t] = ("T" + std::to_string(t + 1)).size();
  for (const SwimlaneRow& row : layout.rows)
    if (row.folded.empty()) width[steps[row.step].thread] = std::max(width[steps[row.step].thread], cell_text(steps[row.step]).size());

  const std::size_t number_width = std::max<std::size_t>(4, std::to_string(steps.size()).size());
  std::string out = "  " + pad("step", number_width) + "  ";
  for (std::uint32_t t : layout.lanes) out += pad("T" + std::to_string(t + 1), width[t] + 2);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += "\n";
  for (const SwimlaneRow& row : layout.rows) {
    if (!row.folded.empty()) {
      out += std::string(number_width + 4, ' ') + row.folded + "\n";
      continue;
    }
    const StepRecord& s = steps[row.step];
    std::string line = "  " + pad(std::to_string(row.step + 1), number_width) + "  ";
    for (std::uint32_t t : layout.lanes) line += pad(t == s.thread ? cell_text(s) : "", width[t] + 2);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace gilrace
