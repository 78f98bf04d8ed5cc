#include "explorer/program/program.hpp"

namespace gilrace {

std::string Program::line_text(std::uint32_t number) const {
  std::size_t at = 0;
  for (std::uint32_t n = 1; n < number && at != std::string::npos; ++n) {
    at = text.find('\n', at);
    if (at != std::string::npos) ++at;
  }
  if (number == 0 || at == std::string::npos) return {};
  std::string line = text.substr(at, text.find('\n', at) - at);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // the byte order mark, as the parser reads it
  return line;
}

}  // namespace gilrace
