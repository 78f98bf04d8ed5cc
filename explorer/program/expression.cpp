#include "explorer/program/expression.hpp"

#include <stdexcept>
#include <string>

namespace gilrace {
namespace {

using Kind = Expression::Kind;

// Brackets, calls, `not` and unary minus nest by recursion (here and in
// evaluating, printing and copying values): a line of 3000 '[' would
// overflow the stack. CPython itself stops at 200 nested parentheses.
constexpr int kMaxNesting = 100;

class ExpressionParser {
 public:
  ExpressionParser(TokenCursor& cursor, const ParamTable& params,
                   const std::function<bool(const std::string&)>& known_name, const std::string& unknown_hint)
      : cursor_(cursor), params_(params), known_name_(known_name), unknown_hint_(unknown_hint) {}

  Expression parse_or() {
    Expression left = parse_and();
    while (cursor_.peek().kind == Token::Kind::Name && cursor_.peek().text == "or") {
      const auto column = cursor_.next().column;
      left = binary("or", std::move(left), parse_and(), column);
    }
    return left;
  }

 private:
  // One level of nesting, entered at `at` and left when it goes out of scope.
  class Nested {
   public:
    Nested(ExpressionParser& parser, const Token& at) : depth_(parser.depth_) {
      if (++depth_ > kMaxNesting)
        parser.cursor_.fail(at, "expression nested more than " + std::to_string(kMaxNesting) + " levels deep");
    }
    ~Nested() { --depth_; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;

   private:
    int& depth_;
  };

  static Expression binary(std::string op, Expression a, Expression b, std::uint32_t column) {
    Expression e;
    e.kind = Kind::Binary;
    e.op = std::move(op);
    e.column = column;
    e.operands.push_back(std::move(a));
    e.operands.push_back(std::move(b));
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
      const Nested nested(*this, cursor_.peek());
      Expression e;
      e.kind = Kind::Unary;
      e.op = "not";
      e.column = cursor_.next().column;
      e.operands.push_back(parse_not());
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
      const Nested nested(*this, cursor_.peek());
      Expression e;
      e.kind = Kind::Unary;
      e.op = "-";
      e.column = cursor_.next().column;
      e.operands.push_back(parse_unary());
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
        if (token.text == "(" || token.text == "{" || token.text == "[") {
          const Nested nested(*this, token);
          return token.text == "(" ? parse_parenthesised() : token.text == "{" ? parse_dict() : parse_list();
        }
        break;
      case Token::Kind::Name:
        return parse_name();
      case Token::Kind::End:
        break;
    }
    cursor_.fail(token, "expected a value, found " + describe(token));
  }

  // `[]`, `[x]`, `[x, y,]`.
  Expression parse_list() {
    Expression e;
    e.column = cursor_.next().column;
    e.kind = Kind::List;
    if (cursor_.accept_op("]")) return e;
    do {
      if (cursor_.peek().kind == Token::Kind::Op && cursor_.peek().text == "]") break;
      e.operands.push_back(parse_or());
    } while (cursor_.accept_op(","));
    cursor_.expect_op("]", "to close the list");
    return e;
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
    e.operands.push_back(std::move(first));
    while (!cursor_.accept_op(")")) {
      e.operands.push_back(parse_or());
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
      e.operands.push_back(parse_or());
      cursor_.expect_op(":", "between a key and its value");
      e.operands.push_back(parse_or());
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
    if (cursor_.peek().kind == Token::Kind::Op && cursor_.peek().text == "(") {
      const Nested nested(*this, cursor_.next());
      e.kind = Kind::Call;
      e.name = token.text;
      static const char* kCallable[] = {"len", "sorted", "Lock", "threading.Lock", "RLock", "threading.RLock"};
      bool known = false;
      for (const char* name : kCallable) known = known || token.text == name;
      if (!known)
        cursor_.fail(token, "unknown function '" + token.text + "' (expressions may call len, sorted, Lock, RLock)");
      if (!cursor_.accept_op(")")) {
        do e.operands.push_back(parse_or());
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
  const ParamTable& params_;
  const std::function<bool(const std::string&)>& known_name_;
  const std::string& unknown_hint_;
  int depth_ = 0;
};

}  // namespace

Expression parse_expression(TokenCursor& cursor, const ParamTable& params,
                            const std::function<bool(const std::string&)>& known_name,
                            const std::string& unknown_hint) {
  ExpressionParser parser(cursor, params, known_name, unknown_hint);
  return parser.parse_or();
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
