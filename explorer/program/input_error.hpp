// Bad input (scenario, trace, flags): reported as FILE:LINE:COL: message,
// then the offending line and a caret, and exit status 2.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include "explorer/program/utf8.hpp"

namespace gilrace {

struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;    // 1-based; 0 when the error is not about a line
  std::uint32_t column = 0;  // 1-based
};

// The message and the line are kept printable (see printable_text): they
// quote the input, which may hold any bytes.
class InputError : public std::runtime_error {
 public:
  InputError(SourceLocation where, const std::string& message, const std::string& line_text = {})
      : std::runtime_error(printable_text(message)), where_(std::move(where)), line_text_(printable_text(line_text)) {}

  const SourceLocation& where() const { return where_; }
  const std::string& line_text() const { return line_text_; }

  // "file:3:5: message\n    text\n    ^" (the location part only as far as known).
  std::string formatted() const;

 private:
  SourceLocation where_;
  std::string line_text_;
};

}  // namespace gilrace
