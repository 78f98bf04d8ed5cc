// Renders a trace as swimlanes: one column per thread that did something
// interesting (was interrupted, took part in a lost update, or did not end
// normally); threads that ran start to finish without interest are folded
// into one line such as `T3..T100 ran to completion (n: 1 -> 99)`.
#pragma once
#include <string>
#include <vector>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

// Which threads get a lane and what each row shows; the text and the SVG
// drawings share it. A row is one step of a laned thread, or a block of
// other threads that each ran start to finish, folded into one line. Past
// 400 rows only the first and last 200 are kept, with one folded row
// between them naming the steps left out.
struct SwimlaneRow {
  std::size_t step = 0;  // index into the steps (the block's first step when folded)
  std::string folded;    // "T3..T100 ran to completion (n: 1 -> 99)"; empty for a step
};
struct SwimlaneLayout {
  std::vector<std::uint32_t> lanes;  // threads, in number order
  std::vector<SwimlaneRow> rows;
};
SwimlaneLayout swimlane_layout(const std::vector<StepRecord>& steps, const std::vector<ThreadStatus>& ends);

// "LOAD_GLOBAL n  [loaded n=0]", "add: LOAD_FAST a": one step, in full.
std::string step_text(const StepRecord& step);

// `ends[t]` is how thread t ended; only Finished threads are ever folded.
std::string render_swimlanes(const std::vector<StepRecord>& steps, const std::vector<ThreadStatus>& ends);

// "T3..T100", "T1, T4..T6": thread numbers (0-based in, 1-based out) as ranges.
std::string thread_ranges(const std::vector<std::uint32_t>& threads);

}  // namespace gilrace
