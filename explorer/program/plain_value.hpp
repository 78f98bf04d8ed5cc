// A self-contained Python value (no heap references): what scenario
// literals, observed final values and `expect` expressions work with.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gilrace {

struct PlainValue {
  enum class Kind : std::uint8_t { None, Bool, Int, Str, List, Lock, Dict, Tuple };
  Kind kind = Kind::None;
  std::int64_t integer = 0;       // Int, Bool (0/1), Lock (1 when held)
  std::string text;               // Str
  std::vector<PlainValue> items;  // List, Tuple; Dict: key, value, key, value, ... in insertion order

  static PlainValue none() { return {}; }
  static PlainValue boolean(bool b) { return {Kind::Bool, b ? 1 : 0, {}, {}}; }
  static PlainValue int_value(std::int64_t i) { return {Kind::Int, i, {}, {}}; }
  static PlainValue str(std::string s) { return {Kind::Str, 0, std::move(s), {}}; }
  static PlainValue list(std::vector<PlainValue> items) { return {Kind::List, 0, {}, std::move(items)}; }
  static PlainValue tuple(std::vector<PlainValue> items) { return {Kind::Tuple, 0, {}, std::move(items)}; }
  static PlainValue dict() { return {Kind::Dict, 0, {}, {}}; }
  static PlainValue lock(bool held) { return {Kind::Lock, held ? 1 : 0, {}, {}}; }

  bool operator==(const PlainValue& other) const;
  bool truthy() const;
  std::size_t length() const { return kind == Kind::Str ? text.size() : kind == Kind::Dict ? items.size() / 2 : items.size(); }

  // Dicts: the entry whose key equals `key` (Python's ==, so 1 and True
  // are one key), as its index in `items` / 2.
  std::optional<std::size_t> find_key(const PlainValue& key) const;
  // d[key] = value: overwrites the value of an equal key (which keeps its
  // first spelling and place, as CPython does), else appends an entry.
  void set_item(PlainValue key, PlainValue value);
};

// Why `value` cannot be a dict key ("unhashable type: 'list'"), or
// nothing when it can: lists and dicts cannot, nor tuples holding them.
std::optional<std::string> unhashable_reason(const PlainValue& value);

// Python's repr(): 1, 'a', [1, 2], (1,), {'a': 0}, None, True, <unlocked _thread.lock object>.
std::string python_repr(const PlainValue& value);
std::string python_str_repr(const std::string& text);

}  // namespace gilrace
