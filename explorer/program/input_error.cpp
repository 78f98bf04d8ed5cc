#include "explorer/program/input_error.hpp"

#include <algorithm>

namespace gilrace {
namespace {

// A long line (generated, or a whole file without newlines) is shown as the
// part around the column, so that one mistake does not print a megabyte.
constexpr std::size_t kShownBytes = 100;

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string InputError::formatted() const {
  std::string out = where_.file;
  if (where_.line > 0) {
    out += ":" + std::to_string(where_.line);
    if (where_.column > 0) out += ":" + std::to_string(where_.column);
  }
  if (!out.empty()) out += ": ";
  out += what();
  if (!line_text_.empty()) {
    std::string shown = line_text_;
    std::size_t caret_at = where_.column > 0 ? where_.column - 1 : 0;
    if (shown.size() > kShownBytes) {
      std::size_t start = caret_at > kShownBytes / 2 ? caret_at - kShownBytes / 2 : 0;
      start = std::min(start, shown.size() - kShownBytes);
      while (start > 0 && is_continuation_byte(shown[start])) --start;
      std::size_t end = std::min(shown.size(), start + kShownBytes);
      while (end < shown.size() && is_continuation_byte(shown[end])) ++end;
      shown = (start > 0 ? "..." : "") + line_text_.substr(start, end - start) + (end < line_text_.size() ? "..." : "");
      caret_at = caret_at - start + (start > 0 ? 3 : 0);
    }
    out += "\n    " + shown;
    if (where_.column > 0) {
      std::string caret(caret_at, ' ');
      // keep tabs so the caret lines up under tab-indented text
      for (std::size_t i = 0; i < caret.size() && i < shown.size(); ++i)
        if (shown[i] == '\t') caret[i] = '\t';
      out += "\n    " + caret + "^";
    }
  }
  return out;
}

}  // namespace gilrace
