#include "explorer/report/terminal_colour.hpp"

#include <cstdlib>
#include <cstring>

namespace gilrace {

bool colour_wanted(bool stdout_is_terminal) {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour && *no_colour) return false;
  const char* force = std::getenv("CLICOLOR_FORCE");
  if (force && *force && std::strcmp(force, "0") != 0) return true;
  return stdout_is_terminal;
}

std::string paint(const std::string& text, Paint paint, bool on) {
  if (!on) return text;
  const char* code = "1";  // bold
  if (paint == Paint::Good) code = "32";    // green
  if (paint == Paint::Bad) code = "1;31";   // bold red
  return std::string("\033[") + code + "m" + text + "\033[0m";
}

}  // namespace gilrace
