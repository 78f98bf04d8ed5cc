// A witness as an SVG picture for the HTML report: one lane per thread
// that matters (the same lanes as the text swimlanes), one box per opcode
// in schedule order, a dashed red line where a thread is preempted, and an
// arrow from a lost update's stale load to the store that overwrote.
#pragma once
#include <string>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

// An <svg> element, self-contained (no external references).
std::string svg_swimlane(const Trace& trace);

}  // namespace gilrace
