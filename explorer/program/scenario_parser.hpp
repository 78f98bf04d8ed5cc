// Scenario files (docs/scenario-format.md): params, globals, defs with
// opcode bodies, thread layout, observed names and expectations.
#pragma once
#include <map>
#include <string>

#include "explorer/program/program.hpp"

namespace gilrace {

// -D NAME=VALUE overrides, as given on the command line.
using Defines = std::map<std::string, std::string>;

// Parses and resolves `text` as read from `path`. Throws InputError with the
// file, line and column of the first mistake.
Program parse_scenario(const std::string& path, const std::string& text, const Defines& defines = {});

// Reads `path` and parses it; an unreadable file is an InputError too.
Program load_scenario(const std::string& path, const Defines& defines = {});

std::string read_text_file(const std::string& path);  // throws InputError

}  // namespace gilrace
