// Turns raw `dis.dis` output into scenario text: one `def` per code object
// (split at `Disassembly of <code object NAME ...>:` headers, else one
// function named after the file), a `global` line for every global the
// code touches, and a thread layout to edit.
#pragma once
#include <string>

namespace gilrace {

std::string import_dis(const std::string& path, const std::string& text);

}  // namespace gilrace
