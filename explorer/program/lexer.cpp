#include "explorer/program/lexer.hpp"

#include <algorithm>
#include <cctype>

#include "explorer/program/utf8.hpp"

namespace gilrace {
namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

[[noreturn]] void fail_at(const SourceLocation& where, std::uint32_t column, std::string_view text,
                          const std::string& message) {
  SourceLocation at = where;
  at.column = column;
  throw InputError(at, message, std::string(text));
}

}  // namespace

std::size_t comment_start(std::string_view line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '#') {
      return i;
    }
  }
  return line.size();
}

std::vector<Token> tokenize(std::string_view text, const SourceLocation& where) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const auto column = static_cast<std::uint32_t>(i + 1);
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '#') {
      break;
    } else if (is_name_start(c)) {
      std::size_t j = i;
      while (j < text.size() && is_name_char(text[j])) ++j;
      tokens.push_back({Token::Kind::Name, std::string(text.substr(i, j - i)), column});
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t j = i;
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      tokens.push_back({Token::Kind::Int, std::string(text.substr(i, j - i)), column});
      i = j;
    } else if (c == '\'' || c == '"') {
      std::string value;
      std::size_t j = i + 1;
      bool closed = false;
      while (j < text.size()) {
        if (text[j] == '\\' && j + 1 < text.size()) {
          const char e = text[j + 1];
          value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
          j += 2;
        } else if (text[j] == c) {
          closed = true;
          ++j;
          break;
        } else {
          value += text[j++];
        }
      }
      if (!closed) fail_at(where, column, text, "unterminated string");
      tokens.push_back({Token::Kind::Str, value, column});
      i = j;
    } else {
      static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">=", "+=", "-=", "*=", "->", ">>"};
      std::string op(1, c);
      for (auto two : kTwo)
        if (text.substr(i, 2) == two) op = std::string(two);
      static constexpr std::string_view kOne = "()[]{},=:<>+-*/%|&";
      if (op.size() == 1 && kOne.find(c) == std::string_view::npos) {
        // The whole character, not its first byte: `é` in a name.
        const std::string shown(text.substr(i, std::max<std::size_t>(1, utf8_char_length(text, i))));
        fail_at(where, column, text,
                "unexpected character '" + shown + "'" +
                    (static_cast<unsigned char>(c) >= 0x80 ? " (names are ASCII: letters, digits and '_')" : ""));
      }
      tokens.push_back({Token::Kind::Op, op, column});
      i += op.size();
    }
  }
  tokens.push_back({Token::Kind::End, "", static_cast<std::uint32_t>(text.size() + 1)});
  return tokens;
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case Token::Kind::End: return "end of line";
    case Token::Kind::Str: return "string '" + token.text + "'";
    default: return "'" + token.text + "'";
  }
}

TokenCursor::TokenCursor(std::vector<Token> tokens, SourceLocation where, std::string line_text)
    : tokens_(std::move(tokens)), where_(std::move(where)), line_text_(std::move(line_text)) {}

const Token& TokenCursor::peek(std::size_t ahead) const {
  const std::size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

Token TokenCursor::next() {
  Token t = peek();
  if (pos_ < tokens_.size() - 1) ++pos_;
  return t;
}

bool TokenCursor::accept_op(std::string_view op) {
  if (peek().kind == Token::Kind::Op && peek().text == op) {
    next();
    return true;
  }
  return false;
}

bool TokenCursor::accept_name(std::string_view name) {
  if (peek().kind == Token::Kind::Name && peek().text == name) {
    next();
    return true;
  }
  return false;
}

void TokenCursor::expect_op(std::string_view op, std::string_view what) {
  if (!accept_op(op)) fail_here("expected '" + std::string(op) + "' " + std::string(what) + ", found " + describe(peek()));
}

Token TokenCursor::expect_name(std::string_view what) {
  if (peek().kind != Token::Kind::Name) fail_here("expected " + std::string(what) + ", found " + describe(peek()));
  return next();
}

void TokenCursor::expect_end(std::string_view after) const {
  if (!at_end()) fail_here("unexpected " + describe(peek()) + " after " + std::string(after));
}

void TokenCursor::fail(const Token& at, const std::string& message) const {
  SourceLocation location = where_;
  location.column = at.column;
  throw InputError(location, message, line_text_);
}

}  // namespace gilrace
