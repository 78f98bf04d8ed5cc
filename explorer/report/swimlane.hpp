// Renders a trace as swimlanes: one column per thread that did something
// interesting (was interrupted, or took part in a lost update); threads
// that ran start to finish without interest are folded into one line such
// as `T3..T100 ran to completion (n: 1 -> 99)`.
#pragma once
#include <string>
#include <vector>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

std::string render_swimlanes(const std::vector<StepRecord>& steps, std::uint32_t thread_count);

// "T3..T100", "T1, T4..T6": thread numbers (0-based in, 1-based out) as ranges.
std::string thread_ranges(const std::vector<std::uint32_t>& threads);

}  // namespace gilrace
