// Fuzz target: a report JSON with witness traces (or a lone trace), read
// by traces_from_json exactly as `gilrace replay REPORT.json` reads it
// before replaying each witness.
#include "tests/fuzz/fuzz_targets.hpp"

#include "explorer/report/json_reading.hpp"
#include "explorer/report/trace_json.hpp"

namespace gilrace::fuzz {

void report_json(const std::string& bytes) {
  const std::string source = "input.json";
  try {
    traces_from_json(parse_json_text(source, bytes), source);
  } catch (const InputError& e) {
    check_location(e, source, bytes);
    throw;
  }
}

}  // namespace gilrace::fuzz

GILRACE_FUZZ_ENTRY(report_json)
