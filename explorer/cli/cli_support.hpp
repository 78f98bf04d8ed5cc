// Helpers the subcommands share: -D overrides and writing output files.
#pragma once
#include <string>
#include <vector>

#include "explorer/program/scenario_parser.hpp"

namespace gilrace {

// Each "NAME=VALUE" of -D; throws InputError for one without a name or `=`.
Defines parse_defines(const std::vector<std::string>& raw);

// Writes `text` to `path`; throws InputError when it cannot.
void write_file(const std::string& path, const std::string& text);

}  // namespace gilrace
