#include "explorer/program/expression.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace gilrace {
namespace {

using Kind = Expression::Kind;

class ExpressionParser {
 public:
  ExpressionParser(TokenCursor& cursor, const ParamTable& params,
                   const std::function<bool(const std::string&)>& known_name, const std::string& unknown_hint)
      : cursor_(cursor), params_(params), known_name_(known_name), unknown_hint_(unknown_hint) {}

  Expression parse_or() {
    const Nesting nesting(*this);
    Expression left = parse_and();
    while (cursor_.peek().kind == Token::Kind::Name && cursor_.peek().text == "or") {
      const auto column = cursor_.next().column;
      left = binary("or", std::move(left), parse_and(), column);
    }
    return left;
  }

 private:
  // Evaluating, printing and destroying an expression recurse through its
  // tree, and parsing through its brackets: both are bounded, so that a
  // line of 100000 brackets is an error and not a stack overflow.
  static constexpr std::uint32_t kMaxDepth = 100;
  static constexpr const char* kTooDeep = "expression too deep: more than 100 levels of brackets or operators";

  struct Nesting {
    explicit Nesting(ExpressionParser& parser) : parser_(parser) {
      if (++parser_.nesting_ > kMaxDepth) parser_.cursor_.fail_here(kTooDeep);
    }
    ~Nesting() { --parser_.nesting_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    ExpressionParser& parser_;
  };

  // Appends `child` to `parent`'s operands, keeping the tree within kMaxDepth.
  void add_operand(Expression& parent, Expression child) {
    parent.depth = std::max(parent.depth, child.depth + 1);
    if (parent.depth > kMaxDepth) {
      Token at;
      at.column = parent.column;
      cursor_.fail(at, kTooDeep);
    }
    parent.operands.push_back(std::move(child));
  }

  Expression binary(std::string op, Expression a, Expression b, std::uint32_t column) {
    Expression e;
    e.kind = Kind::Binary;
    e.op = std::move(op);
    e.column = column;
    add_operand(e, std::move(a));
    add_operand(e, std::move(b));
    return e;
  }

  Expression parse_and() {
    Expression left = parse_not();
    while (cursor_.peek().kind == Token::Kind::Name && cursor_.peek().text == "and") {
      const auto column = cursor_.next().column;
      left = binary("and", std::move(left), parse_not(), column);
    }
    return left;
  }

  Expression parse_not() {
    if (cursor_.peek().kind == Token::Kind::Name && cursor_.peek().text == "not") {
      Expression e;
      e.kind = Kind::Unary;
      e.op = "not";
      e.column = cursor_.next().column;
      const Nesting nesting(*this);
      add_operand(e, parse_not());
      return e;
    }
    return parse_comparison();
  }

  Expression parse_comparison() {
    Expression left = parse_sum();
    static const char* kOps[] = {"==", "!=", "<=", ">=", "<", ">"};
    for (const char* op : kOps) {
      if (cursor_.peek().kind == Token::Kind::Op && cursor_.peek().text == op) {
        const auto column = cursor_.next().column;
        return binary(op, std::move(left), parse_sum(), column);
      }
    }
    if (cursor_.peek().kind == Token::Kind::Name && cursor_.peek().text == "in") {
      const auto column = cursor_.next().column;
      return binary("in", std::move(left), parse_sum(), column);
    }
    return left;
  }

  Expression parse_sum() {
    Expression left = parse_product();
    while (cursor_.peek().kind == Token::Kind::Op && (cursor_.peek().text == "+" || cursor_.peek().text == "-")) {
      const Token op = cursor_.next();
      left = binary(op.text, std::move(left), parse_product(), op.column);
    }
    return left;
  }

  Expression parse_product() {
    Expression left = parse_unary();
    while (cursor_.peek().kind == Token::Kind::Op && cursor_.peek().text == "*") {
      const Token op = cursor_.next();
      left = binary(op.text, std::move(left), parse_unary(), op.column);
    }
    return left;
  }

  Expression parse_unary() {
    if (cursor_.peek().kind == Token::Kind::Op && cursor_.peek().text == "-") {
      // -9223372036854775808 is a 64-bit integer although its digits alone are not.
      if (cursor_.peek(1).kind == Token::Kind::Int && cursor_.peek(1).text == "9223372036854775808") {
        Expression e;
        e.column = cursor_.next().column;
        cursor_.next();
        e.literal = PlainValue::int_value(std::numeric_limits<std::int64_t>::min());
        return e;
      }
      Expression e;
      e.kind = Kind::Unary;
      e.op = "-";
      e.column = cursor_.next().column;
      const Nesting nesting(*this);
      add_operand(e, parse_unary());
      return e;
    }
    return parse_atom();
  }

  Expression parse_atom() {
    const Token token = cursor_.peek();
    Expression e;
    e.column = token.column;
    switch (token.kind) {
      case Token::Kind::Int: {
        cursor_.next();
        try {
          e.literal = PlainValue::int_value(std::stoll(token.text));
        } catch (const std::out_of_range&) {
          cursor_.fail(token, "integer " + token.text + " does not fit in 64 bits");
        }
        return e;
      }
      case Token::Kind::Str:
        cursor_.next();
        e.literal = PlainValue::str(token.text);
        return e;
      case Token::Kind::Op:
        if (token.text == "(") return parse_parenthesised();
        if (token.text == "{") return parse_dict();
        if (token.text == "[") {
          cursor_.next();
          e.kind = Kind::List;
          if (!cursor_.accept_op("]")) {
            do {
              if (cursor_.peek().kind == Token::Kind::Op && cursor_.peek().text == "]") break;
              add_operand(e, parse_or());
            } while (cursor_.accept_op(","));
            cursor_.expect_op("]", "to close the list");
          }
          return e;
        }
        break;
      case Token::Kind::Name:
        return parse_name();
      case Token::Kind::End:
        break;
    }
    cursor_.fail(token, "expected a value, found " + describe(token));
  }

  // `(x)` groups; `()`, `(x,)` and `(x, y)` are tuples.
  Expression parse_parenthesised() {
    Expression e;
    e.column = cursor_.next().column;
    e.kind = Kind::Tuple;
    if (cursor_.accept_op(")")) return e;
    Expression first = parse_or();
    if (!cursor_.accept_op(",")) {
      cursor_.expect_op(")", "to close '('");
      return first;
    }
    add_operand(e, std::move(first));
    while (!cursor_.accept_op(")")) {
      add_operand(e, parse_or());
      if (!cursor_.accept_op(",")) {
        cursor_.expect_op(")", "to close the tuple");
        break;
      }
    }
    return e;
  }

  // `{}` or `{key: value, ...}`.
  Expression parse_dict() {
    Expression e;
    e.column = cursor_.next().column;
    e.kind = Kind::Dict;
    while (!cursor_.accept_op("}")) {
      add_operand(e, parse_or());
      cursor_.expect_op(":", "between a key and its value");
      add_operand(e, parse_or());
      if (!cursor_.accept_op(",")) {
        cursor_.expect_op("}", "to close the dict");
        break;
      }
    }
    return e;
  }

  Expression parse_name() {
    const Token token = cursor_.next();
    Expression e;
    e.column = token.column;
    if (token.text == "None") return e;
    if (token.text == "True" || token.text == "False") {
      e.literal = PlainValue::boolean(token.text == "True");
      return e;
    }
    if (cursor_.accept_op("(")) {
      e.kind = Kind::Call;
      e.name = token.text;
      static const char* kCallable[] = {"len", "sorted", "Lock", "threading.Lock", "RLock", "threading.RLock"};
      bool known = false;
      for (const char* name : kCallable) known = known || token.text == name;
      if (!known)
        cursor_.fail(token, "unknown function '" + token.text + "' (expressions may call len, sorted, Lock, RLock)");
      if (!cursor_.accept_op(")")) {
        do add_operand(e, parse_or());
        while (cursor_.accept_op(","));
        cursor_.expect_op(")", "to close the call");
      }
      const std::size_t wanted = (e.name == "len" || e.name == "sorted") ? 1 : 0;
      if (e.operands.size() != wanted)
        cursor_.fail(token, e.name + "() takes " + std::to_string(wanted) + " argument" + (wanted == 1 ? "" : "s") +
                                ", got " + std::to_string(e.operands.size()));
      return e;
    }
    if (auto it = params_.find(token.text); it != params_.end()) {
      e.literal = PlainValue::int_value(it->second);
      return e;
    }
    if (!known_name_(token.text))
      cursor_.fail(token, "unknown name '" + token.text + "'" + unknown_hint_);
    e.kind = Kind::Name;
    e.name = token.text;
    return e;
  }

  TokenCursor& cursor_;
  std::uint32_t nesting_ = 0;
  const ParamTable& params_;
  const std::function<bool(const std::string&)>& known_name_;
  const std::string& unknown_hint_;
};

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

Expression parse_expression(TokenCursor& cursor, const ParamTable& params,
                            const std::function<bool(const std::string&)>& known_name,
                            const std::string& unknown_hint) {
  ExpressionParser parser(cursor, params, known_name, unknown_hint);
  return parser.parse_or();
}

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

std::string to_text(const Expression& expr) {
  switch (expr.kind) {
    case Kind::Literal: return python_repr(expr.literal);
    case Kind::Name: return expr.name;
    case Kind::List:
    case Kind::Tuple: {
      std::string out;
      for (std::size_t i = 0; i < expr.operands.size(); ++i) out += (i ? ", " : "") + to_text(expr.operands[i]);
      if (expr.kind == Kind::List) return "[" + out + "]";
      return "(" + out + (expr.operands.size() == 1 ? ",)" : ")");
    }
    case Kind::Dict: {
      std::string out = "{";
      for (std::size_t i = 0; i < expr.operands.size(); i += 2)
        out += (i ? ", " : "") + to_text(expr.operands[i]) + ": " + to_text(expr.operands[i + 1]);
      return out + "}";
    }
    case Kind::Unary: return expr.op == "not" ? "not " + to_text(expr.operands[0]) : "-" + to_text(expr.operands[0]);
    case Kind::Call: {
      std::string out = expr.name + "(";
      for (std::size_t i = 0; i < expr.operands.size(); ++i) out += (i ? ", " : "") + to_text(expr.operands[i]);
      return out + ")";
    }
    case Kind::Binary: return to_text(expr.operands[0]) + " " + expr.op + " " + to_text(expr.operands[1]);
  }
  return "";
}

}  // namespace gilrace
