// Fuzz target: a baseline as `gilrace check --baseline` reads it. A
// baseline that reads must also survive what check does with it: written
// back (as --update writes it) it reads as the same entries, and an entry
// compared with itself has no changes.
#include "tests/fuzz/fuzz_targets.hpp"

#include "explorer/report/baseline.hpp"
#include "explorer/report/json_reading.hpp"

namespace gilrace::fuzz {

void baseline_json(const std::string& bytes) {
  const std::string source = "input.json";
  std::vector<BaselineEntry> entries;
  try {
    entries = baseline_from_json(parse_json_text(source, bytes), source);
  } catch (const InputError& e) {
    check_location(e, source, bytes);
    throw;
  }
  const nlohmann::json written = baseline_to_json(entries);
  if (baseline_to_json(baseline_from_json(parse_json_text("written.json", written.dump(2)), "written.json")) != written)
    throw std::logic_error("a baseline written back reads differently: " + written.dump());
  for (const BaselineEntry& entry : entries)
    if (const auto changes = baseline_changes(entry, entry); !changes.empty())
      throw std::logic_error("an entry differs from itself: " + changes.front());
}

}  // namespace gilrace::fuzz

GILRACE_FUZZ_ENTRY(baseline_json)
