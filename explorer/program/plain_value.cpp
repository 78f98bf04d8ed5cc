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
    case Kind::List: return items == other.items;
    case Kind::Lock: return integer == other.integer;
    default: return false;
  }
}

bool PlainValue::truthy() const {
  switch (kind) {
    case Kind::None: return false;
    case Kind::Bool:
    case Kind::Int: return integer != 0;
    case Kind::Str: return !text.empty();
    case Kind::List: return !items.empty();
    case Kind::Lock: return true;
  }
  return false;
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

std::string python_repr(const PlainValue& value) {
  switch (value.kind) {
    case PlainValue::Kind::None: return "None";
    case PlainValue::Kind::Bool: return value.integer ? "True" : "False";
    case PlainValue::Kind::Int: return std::to_string(value.integer);
    case PlainValue::Kind::Str: return python_str_repr(value.text);
    case PlainValue::Kind::Lock:
      if (value.text == "RLock") return value.integer ? "<locked _thread.RLock object>" : "<unlocked _thread.RLock object>";
      return value.integer ? "<locked _thread.lock object>" : "<unlocked _thread.lock object>";
    case PlainValue::Kind::List: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        if (i) out += ", ";
        out += python_repr(value.items[i]);
      }
      return out + "]";
    }
  }
  return "?";
}

}  // namespace gilrace
