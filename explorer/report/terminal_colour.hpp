// Colour for the text report: on when stdout is a terminal and NO_COLOR is
// unset or empty (https://no-color.org), or when CLICOLOR_FORCE is set to
// something other than 0 (for pagers such as `less -R`); plain otherwise.
#pragma once
#include <string>

namespace gilrace {

// What the environment asks for, given whether stdout is a terminal.
bool colour_wanted(bool stdout_is_terminal);

enum class Paint { Good, Bad, Emphasis };

// `text` wrapped in the ANSI SGR codes for `paint` when `on`; else `text`.
std::string paint(const std::string& text, Paint paint, bool on);

}  // namespace gilrace
