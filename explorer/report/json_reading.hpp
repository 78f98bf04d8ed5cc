// Reading the JSON files gilrace writes (traces, reports, baselines) back:
// syntax errors and absurd nesting become InputErrors with a line and
// column, so a damaged file is bad input, never a crash.
#pragma once
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace gilrace {

// Deeper than any file gilrace writes (a report nests 7 levels); copying
// or printing a JSON value recurses once per level, so a file nested
// 100000 levels deep would overflow the stack.
constexpr std::size_t kMaxJsonDepth = 100;

// Parses `text`, read from `source` (named in errors). Throws InputError at
// the line and column of a syntax error or of the bracket that opens a
// level deeper than kMaxJsonDepth.
nlohmann::json parse_json_text(const std::string& source, const std::string& text);

// Reads `path` and parses it as parse_json_text does; an unreadable file is
// an InputError too.
nlohmann::json parse_json_file(const std::string& path);

}  // namespace gilrace
