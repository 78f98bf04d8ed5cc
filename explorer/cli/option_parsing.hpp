// Option values the subcommands share: -D NAME=VALUE, --jobs N, and
// writing an output file, each with the same messages everywhere.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "explorer/program/scenario_parser.hpp"

namespace gilrace {

// -D NAME=VALUE ... as a table; InputError for a malformed one.
Defines parse_defines(const std::vector<std::string>& raw);

// --jobs N: at least 1; every core when `text` is empty (not given).
std::uint32_t parse_jobs(const std::string& text);

// Writes `text` to `path`; InputError "PATH: cannot write the file".
void write_file(const std::string& path, const std::string& text);

}  // namespace gilrace
