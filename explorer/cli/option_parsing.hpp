// Option values the subcommands share: -D NAME=VALUE, --jobs N, whole
// numbers and seconds, and writing an output file, each with the same
// messages everywhere.
#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "explorer/program/scenario_parser.hpp"

namespace gilrace {

// -D NAME=VALUE ... as a table; InputError for a malformed one.
Defines parse_defines(const std::vector<std::string>& raw);

// --jobs N: at least 1; every core when `text` is empty (not given).
std::uint32_t parse_jobs(const std::string& text);

// Checks a whole-number option before CLI11 converts it (which would read
// "-1" into an unsigned option as 2^64 - 1): "must not be negative",
// "expected a whole number, found 'x'", "must be at most MAX, found N".
CLI::Validator whole_number(std::uint64_t max);

// Checks a number of seconds: a finite number, not negative.
CLI::Validator seconds();

// Writes `text` to `path`; InputError "PATH: cannot write the file".
void write_file(const std::string& path, const std::string& text);

}  // namespace gilrace
