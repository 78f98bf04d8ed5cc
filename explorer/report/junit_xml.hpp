// JUnit XML for CI servers (`--junit PATH` on explore and check): one test
// case per scenario and model, failed when the scenario shows an
// unexpected outcome (explore) or changed against its baseline (check),
// with the witness swimlane of the first unexpected outcome in the failure.
// The schema is the one Jenkins, GitLab and GitHub test reporters read:
// testsuites > testsuite > testcase (> failure).
#pragma once
#include <string>
#include <vector>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

struct JUnitCase {
  std::string name;       // the scenario path
  std::string classname;  // "gilrace.MODEL"
  double seconds = 0;
  bool failed = false;
  std::string failure_message;  // one line
  std::string failure_type;     // "unexpected-outcome", "baseline-changed"
  std::string failure_text;     // the details: changes, witness swimlanes
  std::string system_out;       // the outcome table, for passing cases too
};

// The test case of one explored scenario: failed when an outcome is
// unexpected, with each unexpected outcome's first witness drawn.
JUnitCase junit_case_for(const ExploreSession& session, const Exploration& exploration,
                         const std::vector<std::vector<Trace>>& traces);

// The whole document, in the order given.
std::string junit_xml(const std::string& suite, const std::vector<JUnitCase>& cases);

// `text` with &, <, >, " and ' escaped, and the characters XML 1.0 forbids
// (other control characters) and bytes that are not UTF-8 replaced by '?'.
std::string xml_escape(const std::string& text);

}  // namespace gilrace
