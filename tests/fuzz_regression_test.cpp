// Replays every seed input (tests/fuzz/corpus/TARGET/) and every input a
// fuzzer found a bug with (tests/fuzz/regression/TARGET/) through the fuzz
// targets' own functions (tests/fuzz/fuzz_targets.hpp). A seed is real
// input and must be accepted; a regression input must give exactly the
// rejection listed below, the one its fix introduced.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/fuzz/fuzz_targets.hpp"

namespace gilrace {
namespace {

namespace fs = std::filesystem;

const fs::path kFuzzDir = fs::path(GILRACE_SOURCE_DIR) / "tests" / "fuzz";

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (fs::is_directory(dir))
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

const fuzz::Target* target_named(std::string_view name) {
  for (const fuzz::Target& target : fuzz::kTargets)
    if (target.name == name) return &target;
  return nullptr;
}

// "accepted", or the InputError as "FILE:LINE:COL: message" (the first
// line of InputError::formatted(); the target itself checks that the
// location lies in the input and that the quoted line is that line). Any
// other exception propagates and fails the test that asked.
std::string result_of(const fuzz::Target& target, const std::string& bytes) {
  try {
    target.run(bytes);
  } catch (const InputError& e) {
    const std::string formatted = e.formatted();
    return formatted.substr(0, formatted.find('\n'));
  }
  return "accepted";
}

struct Regression {
  std::string_view target;
  std::string_view file;       // in tests/fuzz/regression/TARGET/
  std::string_view rejection;  // what result_of gives since the fix
};

const std::vector<Regression> kRegressions = {
    {"scenario_parser", "call_count_beyond_int.scn",
     "input.scn:4:19: CALL_FUNCTION 2147483647: more than the 65535 stack values a thread may hold"},
    {"scenario_parser", "calls_101_deep.scn",
     "input.scn:5:408: expression too deep: more than 100 levels of brackets or operators"},
    {"scenario_parser", "constant_overflows_64_bits.scn",
     "input.scn:2:16: bad constant `9223372036854775807 + 1`: integer overflow: the result does not fit in 64 bits"},
    {"scenario_parser", "constant_type_error.scn",
     "input.scn:2:16: bad constant `len(1)`: object of this type has no len(): 1"},
    {"scenario_parser", "expect_not_101_deep.scn",
     "input.scn:5:408: expression too deep: more than 100 levels of brackets or operators"},
    {"scenario_parser", "global_lists_nested_3000_deep.scn",
     "input.scn:1:112: expression too deep: more than 100 levels of brackets or operators"},
    {"scenario_parser", "invalid_byte_in_expect_line.scn",
     "input.scn:5:28: invalid UTF-8 byte 0x98 (a scenario is UTF-8 text; only comments may hold other bytes)"},
    {"scenario_parser", "load_const_parens_101_deep.scn",
     "input.scn:2:16: bad constant `(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1,)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))`: expression too deep: more than 100 levels of brackets or operators"},
    {"scenario_parser", "nul_byte_after_byte_order_mark.scn",
     "input.scn:1:47: unexpected NUL byte (a scenario is a text file)"},
    {"scenario_parser", "nul_byte_in_def_with_versions.scn",
     "input.scn:1:6: unexpected NUL byte (a scenario is a text file)"},
    {"scenario_parser", "threads_need_more_slots_than_a_machine.scn",
     "input.scn:7:5: the threads need 6209500000 slots in all (100000 threads of 'f' need 62095 each), more than the 16777216 a scenario may use"},
    {"scenario_parser", "unary_minus_101_deep.scn",
     "input.scn:1:111: expression too deep: more than 100 levels of brackets or operators"},
    {"dis_import", "invalid_bytes_in_oparg.txt",
     "input.txt:3:42: invalid UTF-8 byte 0xFF (dis output is UTF-8 text)"},
    {"dis_import", "local_index_400000000.txt",
     "input.txt:7:17: local variable index 400000000 is out of range (a function has at most 65535 slots)"},
    {"dis_import", "nul_bytes_after_byte_order_mark.txt",
     "input.txt:1:12: unexpected NUL byte (dis output is text)"},
    {"dis_import", "oparg_beyond_64_bits.txt",
     "input.txt:1:35: integer 99999999999999999999 does not fit in 64 bits"},
    {"trace_json", "bom_then_control_character_in_key.json",
     "input.json:1:134: not valid JSON: syntax error while parsing object key - invalid string: control character "
     "U+000A (LF) must be escaped to \\u000A or \\n; last read: "
     "'\"outcome[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]-tr]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}<U+000A>'; "
     "expected string literal"},
    {"trace_json", "nested_101_deep.json",
     "input.json:1:149: JSON nested more than 100 levels deep"},
    {"trace_json", "number_beyond_double.json",
     "input.json:1:40: not valid JSON: the number 1e999 is out of range"},
    {"report_json", "bom_then_invalid_utf8.json",
     "input.json:1:9: not valid JSON: invalid UTF-8 byte 0xE5 (JSON text is UTF-8)"},
    {"report_json", "format_is_a_number.json",
     "input.json: the trace: \"format\" has the wrong type (number)"},
    {"report_json", "number_beyond_double.json",
     "input.json:3:43: not valid JSON: the number -1e400 is out of range"},
    {"baseline_json", "bom_then_cut_number.json",
     "input.json:1:3: not valid JSON: syntax error while parsing value - invalid number; expected digit after '-'; "
     "last read: '-'"},
    {"baseline_json", "format_is_a_number.json",
     "input.json: not a gilrace baseline (\"format\" is not \"gilrace-baseline\"; write one with gilrace check --update)"},
    {"baseline_json", "number_beyond_double.json",
     "input.json:2:16: not valid JSON: the number 1E+9999 is out of range"},
    {"baseline_json", "outcome_listed_twice.json",
     "input.json: scenario 1: the outcome \"n = 1\" is listed twice"},
    {"baseline_json", "preemption_bound_beyond_32_bits.json",
     "input.json: scenario 1: \"preemption_bound\" must be a whole number below 2^32 (a baseline written by gilrace check --update)"},
    {"baseline_json", "version_is_a_string.json",
     "input.json: the baseline: \"version\" must be a number (a baseline written by gilrace check --update)"},
};

TEST(FuzzCorpus, EverySeedIsAccepted) {
  for (const fuzz::Target& target : fuzz::kTargets) {
    const std::vector<fs::path> seeds = files_in(kFuzzDir / "corpus" / std::string(target.name));
    EXPECT_GE(seeds.size(), 5u) << target.name << " has too few seeds";
    for (const fs::path& seed : seeds) {
      SCOPED_TRACE(seed.string());
      EXPECT_EQ(result_of(target, read_bytes(seed)), "accepted");
    }
  }
}

TEST(FuzzRegression, EachInputGivesItsRejection) {
  for (const Regression& r : kRegressions) {
    const fs::path path = kFuzzDir / "regression" / std::string(r.target) / std::string(r.file);
    SCOPED_TRACE(path.string());
    const fuzz::Target* target = target_named(r.target);
    ASSERT_NE(target, nullptr) << "no fuzz target " << r.target;
    ASSERT_TRUE(fs::is_regular_file(path));
    EXPECT_EQ(result_of(*target, read_bytes(path)), r.rejection);
  }
}

// A file added to a regression directory is checked only once listed.
TEST(FuzzRegression, EveryInputIsListed) {
  std::set<std::string> listed;
  for (const Regression& r : kRegressions) listed.insert(std::string(r.target) + "/" + std::string(r.file));
  for (const auto& dir : fs::directory_iterator(kFuzzDir / "regression")) {
    ASSERT_NE(target_named(dir.path().filename().string()), nullptr) << dir.path() << " names no fuzz target";
    for (const fs::path& file : files_in(dir.path()))
      EXPECT_TRUE(listed.count(dir.path().filename().string() + "/" + file.filename().string())) << file;
  }
}

}  // namespace
}  // namespace gilrace
