// Fuzz target: raw `dis.dis` output as `gilrace import-dis` reads it. The
// scenario it writes is parsed too, since that is what a user explores
// next; a scenario that fails to parse must fail with an InputError.
#include "tests/fuzz/fuzz_targets.hpp"

#include "explorer/program/dis_import.hpp"
#include "explorer/program/scenario_parser.hpp"

namespace gilrace::fuzz {

void dis_import(const std::string& bytes) {
  const std::string source = "input.txt";
  std::string scenario;
  try {
    scenario = import_dis(source, bytes);
  } catch (const InputError& e) {
    check_location(e, source, bytes);
    throw;
  }
  const std::string imported = "imported.scn";
  try {
    parse_scenario(imported, scenario);
  } catch (const InputError& e) {
    check_location(e, imported, scenario);
    throw;
  }
}

}  // namespace gilrace::fuzz

GILRACE_FUZZ_ENTRY(dis_import)
