#include "explorer/program/input_error.hpp"

namespace gilrace {

std::string InputError::formatted() const {
  std::string out = where_.file;
  if (where_.line > 0) {
    out += ":" + std::to_string(where_.line);
    if (where_.column > 0) out += ":" + std::to_string(where_.column);
  }
  if (!out.empty()) out += ": ";
  out += what();
  if (!line_text_.empty()) {
    out += "\n    " + line_text_;
    if (where_.column > 0) {
      std::string caret(where_.column - 1, ' ');
      // keep tabs so the caret lines up under tab-indented text
      for (std::size_t i = 0; i < caret.size() && i < line_text_.size(); ++i)
        if (line_text_[i] == '\t') caret[i] = '\t';
      out += "\n    " + caret + "^";
    }
  }
  return out;
}

}  // namespace gilrace
