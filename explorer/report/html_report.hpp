// `--html PATH`: one self-contained HTML file (inline CSS and SVG, no
// scripts, no network): the outcome table with counts, shares and fewest
// preemptions, a bar chart of the outcome distribution, and an SVG
// swimlane for every witness (svg_swimlane.hpp).
#pragma once
#include <string>
#include <vector>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

std::string render_html_report(const ExploreSession& session, const Exploration& exploration,
                               const std::vector<std::vector<Trace>>& traces);

}  // namespace gilrace
