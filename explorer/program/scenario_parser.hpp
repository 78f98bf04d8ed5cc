// Scenario files (docs/scenario-format.md): params, globals, defs with
// opcode bodies, thread layout, observed names and expectations.
#pragma once
#include <cstddef>
#include <map>
#include <string>

#include "explorer/program/program.hpp"

namespace gilrace {

// -D NAME=VALUE overrides, as given on the command line.
using Defines = std::map<std::string, std::string>;

// The largest scenario file: a real one is a few kilobytes, and the limit
// keeps a wrong file (a log, a binary) from being read and parsed at length.
constexpr std::size_t kMaxScenarioBytes = std::size_t{1024} * 1024;

// Parses and resolves `text` as read from `path`. Throws InputError with the
// file, line and column of the first mistake. `defines_source` says where
// the overrides come from, for messages: empty for -D flags, else the trace
// file whose "params" they are.
Program parse_scenario(const std::string& path, const std::string& text, const Defines& defines = {},
                       const std::string& defines_source = {});

// Reads `path` and parses it; an unreadable file is an InputError too.
Program load_scenario(const std::string& path, const Defines& defines = {});

// The whole file; InputError "PATH: cannot read the file: REASON".
std::string read_text_file(const std::string& path);

// At most kMaxScenarioBytes + 1 bytes of the file, enough for
// parse_scenario to refuse one that is too large without reading it all.
std::string read_scenario_file(const std::string& path);

}  // namespace gilrace
