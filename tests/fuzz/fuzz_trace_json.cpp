// Fuzz target: a trace file as `gilrace replay` reads it (text to JSON with
// parse_json_text, then trace_from_json), short of replaying it.
#include "tests/fuzz/fuzz_targets.hpp"

#include "explorer/report/json_reading.hpp"
#include "explorer/report/trace_json.hpp"

namespace gilrace::fuzz {

void trace_json(const std::string& bytes) {
  const std::string source = "input.json";
  try {
    trace_from_json(parse_json_text(source, bytes), source);
  } catch (const InputError& e) {
    check_location(e, source, bytes);
    throw;
  }
}

}  // namespace gilrace::fuzz

GILRACE_FUZZ_ENTRY(trace_json)
