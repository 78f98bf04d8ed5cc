#include "explorer/report/json_reading.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "explorer/program/input_error.hpp"
#include "explorer/program/scenario_parser.hpp"
#include "explorer/program/utf8.hpp"

namespace gilrace {
namespace {

// 1-based line and column of byte `offset` of `text`, counted after a byte
// order mark (which the parser skips) as a scenario's are.
SourceLocation location_of(const std::string& source, const std::string& text, std::size_t offset) {
  std::uint32_t line = 1, column = 1;
  const std::size_t mark = byte_order_mark_length(text);
  const std::size_t start = offset >= mark ? mark : 0;
  for (std::size_t i = start; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {source, line, column};
}

// The offset of the bracket that opens a level deeper than kMaxJsonDepth in
// `text`, which is valid JSON, or npos.
std::size_t too_deep_at(const std::string& text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string::npos;
}

// The first number outside strings in `text` too large for a double
// (1e999), which the parser rejects without saying where; npos if none.
std::size_t overflowing_number_at(const std::string& text, std::string& number) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t end = i + 1;
      while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.' ||
                                   text[end] == 'e' || text[end] == 'E' || text[end] == '+' || text[end] == '-'))
        ++end;
      number = text.substr(i, end - i);
      if (!std::isfinite(std::strtod(number.c_str(), nullptr))) return i;
      i = end - 1;
    }
  }
  return std::string::npos;
}

}  // namespace

nlohmann::json parse_json_text(const std::string& source, const std::string& text) {
  // JSON text is UTF-8; the parser's message would point past the bad byte.
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_char_length(text, i);
    if (length == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
      throw InputError(location_of(source, text, i),
                       std::string("not valid JSON: invalid UTF-8 byte ") + hex + " (JSON text is UTF-8)");
    }
    i += length;
  }
  nlohmann::json json;
  try {
    // The parser itself keeps its own stack and frees deep values without
    // recursing; only what is done with the value afterwards recurses.
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based: the byte at which the parser gave up.
    const std::string message = e.what();
    const auto syntax = message.find("syntax error");
    throw InputError(location_of(source, text, e.byte > 0 ? e.byte - 1 : 0),
                     "not valid JSON: " + (syntax == std::string::npos ? message : message.substr(syntax)));
  } catch (const nlohmann::json::out_of_range&) {
    // The parser's only out_of_range: a number beyond a double's range.
    std::string number;
    const std::size_t at = overflowing_number_at(text, number);
    throw InputError(location_of(source, text, at == std::string::npos ? 0 : at),
                     "not valid JSON: the number " + number + " is out of range");
  }
  if (const std::size_t at = too_deep_at(text); at != std::string::npos)
    throw InputError(location_of(source, text, at),
                     "JSON nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
  return json;
}

nlohmann::json parse_json_file(const std::string& path) { return parse_json_text(path, read_text_file(path)); }

}  // namespace gilrace
