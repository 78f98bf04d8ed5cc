// Renders a trace as swimlanes: one column per thread that did something
// interesting (was interrupted, took part in a lost update, or did not end
// normally); threads that ran start to finish without interest are folded
// into one line such as `T3..T100 ran to completion (n: 1 -> 99)`.
#pragma once
#include <string>
#include <vector>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

// `ends[t]` is how thread t ended; only Finished threads are ever folded.
std::string render_swimlanes(const std::vector<StepRecord>& steps, const std::vector<ThreadStatus>& ends);

// "T3..T100", "T1, T4..T6": thread numbers (0-based in, 1-based out) as ranges.
std::string thread_ranges(const std::vector<std::uint32_t>& threads);

}  // namespace gilrace
