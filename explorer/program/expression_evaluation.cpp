// Evaluating scenario expressions: Python's semantics for the values a
// scenario's constants and expectations hold, with 64-bit overflow checks.
#include <algorithm>
#include <limits>
#include <stdexcept>

#include "explorer/program/expression.hpp"

namespace gilrace {
namespace {

using Kind = Expression::Kind;

std::int64_t as_int(const PlainValue& v, const std::string& op) {
  if (v.kind != PlainValue::Kind::Int && v.kind != PlainValue::Kind::Bool)
    throw std::runtime_error("unsupported operand for " + op + ": " + python_repr(v));
  return v.integer;
}

bool less(const PlainValue& a, const PlainValue& b, const std::string& op) {
  if (a.kind == PlainValue::Kind::Str && b.kind == PlainValue::Kind::Str) return a.text < b.text;
  if (a.kind == PlainValue::Kind::List && b.kind == PlainValue::Kind::List) {
    for (std::size_t i = 0; i < a.items.size() && i < b.items.size(); ++i) {
      if (!(a.items[i] == b.items[i])) return less(a.items[i], b.items[i], op);
    }
    return a.items.size() < b.items.size();
  }
  return as_int(a, op) < as_int(b, op);
}

}  // namespace

PlainValue evaluate(const Expression& expr, const std::function<PlainValue(const std::string&)>& lookup) {
  switch (expr.kind) {
    case Kind::Literal: return expr.literal;
    case Kind::Name: return lookup(expr.name);
    case Kind::List:
    case Kind::Tuple: {
      std::vector<PlainValue> items;
      for (const auto& item : expr.operands) items.push_back(evaluate(item, lookup));
      return expr.kind == Kind::List ? PlainValue::list(std::move(items)) : PlainValue::tuple(std::move(items));
    }
    case Kind::Dict: {
      PlainValue dict = PlainValue::dict();
      for (std::size_t i = 0; i < expr.operands.size(); i += 2) {
        PlainValue key = evaluate(expr.operands[i], lookup);
        if (auto reason = unhashable_reason(key)) throw std::runtime_error(*reason);
        dict.set_item(std::move(key), evaluate(expr.operands[i + 1], lookup));
      }
      return dict;
    }
    case Kind::Unary: {
      const PlainValue v = evaluate(expr.operands[0], lookup);
      if (expr.op == "not") return PlainValue::boolean(!v.truthy());
      const std::int64_t x = as_int(v, "unary -");
      if (x == std::numeric_limits<std::int64_t>::min())
        throw std::runtime_error("integer overflow: the result does not fit in 64 bits");
      return PlainValue::int_value(-x);
    }
    case Kind::Call: {
      if (expr.name == "Lock" || expr.name == "threading.Lock") return PlainValue::lock(false);
      if (expr.name == "RLock" || expr.name == "threading.RLock") {
        PlainValue rlock = PlainValue::lock(false);
        rlock.text = "RLock";  // reentrant: its holder may acquire it again
        return rlock;
      }
      PlainValue v = evaluate(expr.operands[0], lookup);
      const bool sized = v.kind == PlainValue::Kind::Str || v.kind == PlainValue::Kind::List ||
                         v.kind == PlainValue::Kind::Tuple || v.kind == PlainValue::Kind::Dict;
      if (expr.name == "len") {
        if (sized) return PlainValue::int_value(static_cast<std::int64_t>(v.length()));
        throw std::runtime_error("object of this type has no len(): " + python_repr(v));
      }
      // sorted() of any iterable is a list; a dict gives its keys.
      if (v.kind == PlainValue::Kind::Tuple) v.kind = PlainValue::Kind::List;
      if (v.kind == PlainValue::Kind::Dict) {
        std::vector<PlainValue> keys;
        for (std::size_t i = 0; i < v.items.size(); i += 2) keys.push_back(v.items[i]);
        v = PlainValue::list(std::move(keys));
      }
      if (v.kind != PlainValue::Kind::List) throw std::runtime_error("sorted() needs a list, a tuple or a dict: " + python_repr(v));
      std::stable_sort(v.items.begin(), v.items.end(),
                       [](const PlainValue& a, const PlainValue& b) { return less(a, b, "<"); });
      return v;
    }
    case Kind::Binary: {
      const PlainValue a = evaluate(expr.operands[0], lookup);
      if (expr.op == "and") return a.truthy() ? evaluate(expr.operands[1], lookup) : a;
      if (expr.op == "or") return a.truthy() ? a : evaluate(expr.operands[1], lookup);
      const PlainValue b = evaluate(expr.operands[1], lookup);
      if (expr.op == "==") return PlainValue::boolean(a == b);
      if (expr.op == "!=") return PlainValue::boolean(!(a == b));
      if (expr.op == "<") return PlainValue::boolean(less(a, b, expr.op));
      if (expr.op == ">") return PlainValue::boolean(less(b, a, expr.op));
      if (expr.op == "<=") return PlainValue::boolean(!less(b, a, expr.op));
      if (expr.op == ">=") return PlainValue::boolean(!less(a, b, expr.op));
      if (expr.op == "in") {
        if (b.kind == PlainValue::Kind::Dict) {  // the keys
          if (auto reason = unhashable_reason(a)) throw std::runtime_error(*reason);
          return PlainValue::boolean(b.find_key(a).has_value());
        }
        if (b.kind != PlainValue::Kind::List && b.kind != PlainValue::Kind::Tuple)
          throw std::runtime_error("'in' needs a list, a tuple or a dict on its right");
        for (const auto& item : b.items)
          if (item == a) return PlainValue::boolean(true);
        return PlainValue::boolean(false);
      }
      const std::int64_t x = as_int(a, expr.op), y = as_int(b, expr.op);
      std::int64_t result = 0;
      const bool overflow = expr.op == "+"   ? __builtin_add_overflow(x, y, &result)
                            : expr.op == "-" ? __builtin_sub_overflow(x, y, &result)
                                             : __builtin_mul_overflow(x, y, &result);
      if (overflow) throw std::runtime_error("integer overflow: the result does not fit in 64 bits");
      return PlainValue::int_value(result);
    }
  }
  return {};
}

PlainValue evaluate_constant(const Expression& expr) {
  return evaluate(expr, [](const std::string& name) -> PlainValue {
    throw std::runtime_error("name '" + name + "' is not a constant");
  });
}

}  // namespace gilrace
