// A self-contained Python value (no heap references): what scenario
// literals, observed final values and `expect` expressions work with.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace gilrace {

struct PlainValue {
  enum class Kind : std::uint8_t { None, Bool, Int, Str, List, Lock };
  Kind kind = Kind::None;
  std::int64_t integer = 0;       // Int, Bool (0/1), Lock (1 when held)
  std::string text;               // Str
  std::vector<PlainValue> items;  // List

  static PlainValue none() { return {}; }
  static PlainValue boolean(bool b) { return {Kind::Bool, b ? 1 : 0, {}, {}}; }
  static PlainValue int_value(std::int64_t i) { return {Kind::Int, i, {}, {}}; }
  static PlainValue str(std::string s) { return {Kind::Str, 0, std::move(s), {}}; }
  static PlainValue list(std::vector<PlainValue> items) { return {Kind::List, 0, {}, std::move(items)}; }
  static PlainValue lock(bool held) { return {Kind::Lock, held ? 1 : 0, {}, {}}; }

  bool operator==(const PlainValue& other) const;
  bool truthy() const;
};

// Python's repr(): 1, 'a', [1, 2], None, True, <unlocked _thread.lock object>.
std::string python_repr(const PlainValue& value);
std::string python_str_repr(const std::string& text);

}  // namespace gilrace
