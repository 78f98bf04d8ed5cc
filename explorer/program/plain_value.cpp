#include "explorer/program/plain_value.hpp"

namespace gilrace {

bool PlainValue::operator==(const PlainValue& other) const {
  // Python: True == 1 and False == 0.
  const bool numeric = (kind == Kind::Int || kind == Kind::Bool);
  const bool other_numeric = (other.kind == Kind::Int || other.kind == Kind::Bool);
  if (numeric && other_numeric) return integer == other.integer;
  if (kind != other.kind) return false;
  switch (kind) {
    case Kind::None: return true;
    case Kind::Str: return text == other.text;
    case Kind::List:
    case Kind::Tuple: return items == other.items;
    case Kind::Lock: return integer == other.integer;
    case Kind::Dict: {
      // Objects/dictobject.c dict_equal: same size, and every key maps to an equal value; order does not matter.
      if (items.size() != other.items.size()) return false;
      for (std::size_t i = 0; i < items.size(); i += 2) {
        const auto at = other.find_key(items[i]);
        if (!at || !(items[i + 1] == other.items[2 * *at + 1])) return false;
      }
      return true;
    }
    default: return false;
  }
}

bool PlainValue::truthy() const {
  switch (kind) {
    case Kind::None: return false;
    case Kind::Bool:
    case Kind::Int: return integer != 0;
    case Kind::Str: return !text.empty();
    case Kind::List:
    case Kind::Tuple:
    case Kind::Dict: return !items.empty();
    case Kind::Lock: return true;
  }
  return false;
}

std::optional<std::size_t> PlainValue::find_key(const PlainValue& key) const {
  for (std::size_t i = 0; i < items.size(); i += 2)
    if (items[i] == key) return i / 2;
  return std::nullopt;
}

void PlainValue::set_item(PlainValue key, PlainValue value) {
  if (const auto at = find_key(key)) {
    items[2 * *at + 1] = std::move(value);
    return;
  }
  items.push_back(std::move(key));
  items.push_back(std::move(value));
}

std::optional<std::string> unhashable_reason(const PlainValue& value) {
  if (value.kind == PlainValue::Kind::List) return "unhashable type: 'list'";
  if (value.kind == PlainValue::Kind::Dict) return "unhashable type: 'dict'";
  if (value.kind == PlainValue::Kind::Tuple)
    for (const auto& item : value.items)
      if (auto reason = unhashable_reason(item)) return reason;
  return std::nullopt;
}

std::string python_str_repr(const std::string& text) {
  // CPython picks double quotes only when the text has a ' and no ".
  const bool use_double = text.find('\'') != std::string::npos && text.find('"') == std::string::npos;
  const char quote = use_double ? '"' : '\'';
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  out += quote;
  return out;
}

namespace {

std::string joined(const std::vector<PlainValue>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += python_repr(items[i]);
  }
  return out;
}

}  // namespace

std::string python_repr(const PlainValue& value) {
  switch (value.kind) {
    case PlainValue::Kind::None: return "None";
    case PlainValue::Kind::Bool: return value.integer ? "True" : "False";
    case PlainValue::Kind::Int: return std::to_string(value.integer);
    case PlainValue::Kind::Str: return python_str_repr(value.text);
    case PlainValue::Kind::Lock:
      if (value.text == "RLock") return value.integer ? "<locked _thread.RLock object>" : "<unlocked _thread.RLock object>";
      return value.integer ? "<locked _thread.lock object>" : "<unlocked _thread.lock object>";
    case PlainValue::Kind::List: return "[" + joined(value.items) + "]";
    // Objects/tupleobject.c tuplerepr: a 1-tuple keeps its comma.
    case PlainValue::Kind::Tuple: return "(" + joined(value.items) + (value.items.size() == 1 ? ",)" : ")");
    case PlainValue::Kind::Dict: {  // Objects/dictobject.c dict_repr
      std::string out = "{";
      for (std::size_t i = 0; i < value.items.size(); i += 2) {
        if (i) out += ", ";
        out += python_repr(value.items[i]) + ": " + python_repr(value.items[i + 1]);
      }
      return out + "}";
    }
  }
  return "?";
}

}  // namespace gilrace
