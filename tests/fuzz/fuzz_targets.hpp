// The fuzz targets: each feeds bytes to one of gilrace's input readers the
// way the command line does. A target returns, or throws InputError (bad
// input, the expected rejection); anything else (another exception, a
// crash, a sanitizer report, a hang) is a finding. The libFuzzer programs
// (tests/fuzz/fuzz_*.cpp built with GILRACE_FUZZ=ON) and the regression
// test (tests/fuzz_regression_test.cpp) call these same functions.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "explorer/program/input_error.hpp"
#include "explorer/program/utf8.hpp"

namespace gilrace::fuzz {

// A scenario as `gilrace explore` reads it, then every model applied to it
// and the initial machine built, short of running any thread.
void scenario_parser(const std::string& bytes);
// `gilrace import-dis` output, which is then parsed as a scenario.
void dis_import(const std::string& bytes);
// A trace file as `gilrace replay` reads it.
void trace_json(const std::string& bytes);
// A report with witnesses as `gilrace replay` reads it (or a trace file).
void report_json(const std::string& bytes);
// A baseline as `gilrace check` reads it; written back, it must read the same.
void baseline_json(const std::string& bytes);

struct Target {
  std::string_view name;  // also the name of its corpus and regression directories
  void (*run)(const std::string& bytes);
};

inline constexpr Target kTargets[] = {
    {"scenario_parser", scenario_parser}, {"dis_import", dis_import},       {"trace_json", trace_json},
    {"report_json", report_json},         {"baseline_json", baseline_json},
};

// A rejection must point into the text it rejects: FILE:LINE:COL within
// `text` when the file is `source`, and the quoted line must be that line.
// A location elsewhere is a finding (std::logic_error).
inline void check_location(const InputError& error, const std::string& source, const std::string& text) {
  const SourceLocation& where = error.where();
  if (where.file != source || where.line == 0) return;
  std::vector<std::string> lines;  // as std::getline splits them
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  // A position just past the last line is where a truncated file ends.
  const bool past_end = where.line == lines.size() + 1 && error.line_text().empty();
  if (where.line > lines.size() && !past_end)
    throw std::logic_error("rejection at line " + std::to_string(where.line) + " of a text of " +
                           std::to_string(lines.size()) + " lines: " + error.formatted());
  std::string line = past_end ? std::string() : lines[where.line - 1];
  // Columns on the first line count from after a byte order mark, as the parser reads it.
  if (where.line == 1) line.erase(0, byte_order_mark_length(line));
  // The quote is printable_text of the line (a bad byte becomes one '?', so
  // columns still count bytes), with or without the '\r' before the newline.
  std::string without_cr = line;
  if (!without_cr.empty() && without_cr.back() == '\r') without_cr.pop_back();
  const std::string& quoted = error.line_text();
  if (!quoted.empty() && quoted != printable_text(without_cr) && quoted != printable_text(line))
    throw std::logic_error("rejection quotes another line than line " + std::to_string(where.line) + ": " +
                           error.formatted());
  if (where.column > line.size() + 1)  // one past the last character: the end of the line
    throw std::logic_error("rejection at column " + std::to_string(where.column) + " of a line of " +
                           std::to_string(line.size()) + " characters: " + error.formatted());
}

// One libFuzzer input: a rejection is fine, anything else escapes.
inline int run_input(void (*run)(const std::string&), const std::uint8_t* data, std::size_t size) {
  try {
    run(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace gilrace::fuzz

// Each fuzz_*.cpp defines libFuzzer's entry point for its target only in
// the fuzzer build; the regression test links all targets' functions.
#ifdef GILRACE_LIBFUZZER
#define GILRACE_FUZZ_ENTRY(target)                                                    \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    return ::gilrace::fuzz::run_input(::gilrace::fuzz::target, data, size);           \
  }
#else
#define GILRACE_FUZZ_ENTRY(target)
#endif
