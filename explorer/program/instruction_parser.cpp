#include "explorer/program/instruction_parser.hpp"

#include "explorer/program/lexer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace gilrace {
namespace {

struct Word {
  std::string_view text;
  std::size_t start;
};

std::vector<Word> split_words(std::string_view text, std::size_t limit) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < limit) {
    while (i < limit && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= limit) break;
    std::size_t j = i;
    while (j < limit && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    words.push_back({text.substr(i, j - i), i});
    i = j;
  }
  return words;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool looks_like_opname(std::string_view s) {
  return !s.empty() && (std::isupper(static_cast<unsigned char>(s[0])) || s[0] == '_') &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
         });
}

// A jump target: 3.13 prints `L1:`; a scenario may name one, as `top:`.
bool is_label(std::string_view s) {
  if (s.size() < 2 || s.back() != ':') return false;
  const std::string_view name = s.substr(0, s.size() - 1);
  return (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
         std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (std::toupper(static_cast<unsigned char>(a[i - 1])) ==
                                             std::toupper(static_cast<unsigned char>(b[j - 1]))
                                         ? 0
                                         : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

[[noreturn]] void fail(const SourceLocation& where, std::size_t column0, std::string_view text,
                       const std::string& message) {
  SourceLocation at = where;
  at.column = static_cast<std::uint32_t>(column0 + 1);
  throw InputError(at, message, std::string(text));
}

// The value of a run of digits at `column0` of the line; digits beyond 64 bits are an error there.
long long number_at(std::string_view digits, const SourceLocation& where, std::size_t column0, std::string_view text) {
  long long value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size())
    fail(where, column0, text, "integer " + std::string(digits) + " does not fit in 64 bits");
  return value;
}

// A keyword line indented by mistake lands in the body above it.
bool is_scenario_keyword(std::string_view word) {
  for (std::string_view keyword : {"param", "global", "def", "threads", "observe", "expect", "model"})
    if (word == keyword) return true;
  return false;
}

}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string best;
  std::size_t best_distance = 3;
  for (auto candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(candidate);
    }
  }
  return best;
}

bool is_exception_table_header(std::string_view line) { return line.rfind("ExceptionTable:", 0) == 0; }

bool is_exception_table_entry(std::string_view line) {
  return !line.empty() && (line[0] == ' ' || line[0] == '\t') && line.find(" to ") != std::string_view::npos &&
         line.find(" -> ") != std::string_view::npos;
}

std::optional<ParsedInstruction> parse_instruction_line(std::string_view text, const SourceLocation& where) {
  const std::size_t end = comment_start(text);
  std::vector<Word> words = split_words(text, end);
  if (words.empty()) return std::nullopt;
  if (words[0].text == "Disassembly") return std::nullopt;

  std::size_t i = 0;
  ParsedInstruction result;
  // 3.13 prints `--` for an instruction without a line number.
  for (; i < words.size() && (all_digits(words[i].text) || words[i].text == ">>" || words[i].text == "-->" ||
                              words[i].text == "--" || is_label(words[i].text));
       ++i) {
    if (words[i].text == ">>") result.marked_target = true;
    if (is_label(words[i].text)) result.label = std::string(words[i].text.substr(0, words[i].text.size() - 1));
    else if (all_digits(words[i].text)) result.offset = number_at(words[i].text, where, words[i].start, text);
  }
  if (i == words.size()) {
    if (!result.label.empty() && is_label(words.back().text)) {
      result.label_only = true;
      return result;
    }
    fail(where, words.back().start, text, "expected an opcode name after the offset");
  }
  const Word name = words[i];
  if (is_scenario_keyword(name.text))
    fail(where, name.start, text,
         "'" + std::string(name.text) + "' is a keyword: start its line in column 1 (an indented line under a `def` "
         "is part of its body)");
  if (!looks_like_opname(name.text))
    fail(where, name.start, text, "expected an opcode name, found '" + std::string(name.text) + "'");

  // 3.11+ `dis.dis(..., show_caches=True)` lists the inline cache entries
  // after an instruction; they are data, never executed.
  if (name.text == "CACHE") return std::nullopt;

  result.opcode_column = static_cast<std::uint32_t>(name.start + 1);
  const auto opcode = opcode_by_name(name.text);
  if (!opcode) {
    std::vector<std::string_view> names;
    names.reserve(static_cast<std::size_t>(Opcode::COUNT_));
    for (int k = 0; k < static_cast<int>(Opcode::COUNT_); ++k) names.push_back(opcode_name(static_cast<Opcode>(k)));
    std::string message = "unknown opcode '" + std::string(name.text) + "'";
    const std::string suggestion = closest_match(name.text, names);
    if (!suggestion.empty()) message += " (did you mean '" + suggestion + "'?)";
    fail(where, name.start, text, message);
  }
  result.opcode = *opcode;

  // What follows the name: `[oparg] [(argrepr)]` from dis, or the scenario's operand.
  std::size_t rest = name.start + name.text.size();
  while (rest < end && std::isspace(static_cast<unsigned char>(text[rest]))) ++rest;
  std::string_view tail = text.substr(rest, end - rest);
  while (!tail.empty() && std::isspace(static_cast<unsigned char>(tail.back()))) tail.remove_suffix(1);

  const std::size_t paren = tail.find('(');
  std::string_view before = tail;
  if (paren != std::string_view::npos && tail.back() == ')') {
    std::string_view head = tail.substr(0, paren);
    while (!head.empty() && std::isspace(static_cast<unsigned char>(head.back()))) head.remove_suffix(1);
    // `LOAD_CONST 1 (1)` or `(1)` alone: the parentheses are dis's argrepr.
    if (head.empty() || all_digits(head)) {
      result.from_argrepr = true;
      result.operand = std::string(tail.substr(paren + 1, tail.size() - paren - 2));
      result.operand_column = static_cast<std::uint32_t>(rest + paren + 2);
      before = head;
    }
  }
  if (!before.empty()) {
    if (result.from_argrepr || all_digits(before)) {
      result.oparg = number_at(before, where, rest, text);
      // dis's oparg column: 32 bits at most, EXTENDED_ARG prefixes included.
      if (result.from_argrepr && (*result.oparg < 0 || *result.oparg > 0xffffffffLL))
        fail(where, rest, text, "oparg " + std::string(before) + " is out of range (CPython's opargs are below 2**32)");
      if (!result.from_argrepr) {
        result.operand = std::string(before);
        result.operand_column = static_cast<std::uint32_t>(rest + 1);
      }
    } else {
      result.operand = std::string(before);
      result.operand_column = static_cast<std::uint32_t>(rest + 1);
    }
  }
  return result;
}

}  // namespace gilrace
