// Splits one line of a scenario into tokens with their columns; shared by
// the scenario parser, literals and `expect` expressions.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "explorer/program/input_error.hpp"

namespace gilrace {

struct Token {
  enum class Kind : std::uint8_t { Name, Int, Str, Op, End };
  Kind kind = Kind::End;
  std::string text;         // Name/Op spelling, Str contents (unescaped), Int digits
  std::uint32_t column = 0;  // 1-based
};

// Tokens of `text` (a whole line, comments included); a `#` outside a
// string starts a comment. Throws InputError at `where` (line set) on a bad
// character or an unterminated string.
std::vector<Token> tokenize(std::string_view text, const SourceLocation& where);

// Where a `#` comment starts in `line` (a `#` inside quotes is text), or
// line.size() when there is none.
std::size_t comment_start(std::string_view line);

// A cursor over tokens that reports errors against the line they came from.
class TokenCursor {
 public:
  TokenCursor(std::vector<Token> tokens, SourceLocation where, std::string line_text);

  const Token& peek(std::size_t ahead = 0) const;
  Token next();
  bool at_end() const { return peek().kind == Token::Kind::End; }
  bool accept_op(std::string_view op);
  bool accept_name(std::string_view name);
  void expect_op(std::string_view op, std::string_view what);
  Token expect_name(std::string_view what);
  void expect_end(std::string_view after) const;
  [[noreturn]] void fail(const Token& at, const std::string& message) const;
  [[noreturn]] void fail_here(const std::string& message) const { fail(peek(), message); }
  const std::string& line_text() const { return line_text_; }
  const SourceLocation& where() const { return where_; }

 private:
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  SourceLocation where_;
  std::string line_text_;
};

std::string describe(const Token& token);

}  // namespace gilrace
