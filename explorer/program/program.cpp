#include "explorer/program/program.hpp"

#include "explorer/program/utf8.hpp"

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
  if (number == 1) line.erase(0, byte_order_mark_length(line));  // as the parser reads it
  return line;
}

}  // namespace gilrace
