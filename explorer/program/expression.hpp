// Scenario expressions: global initialisers (`[3, 2, 1]`, `{'a': 0}`, `Lock()`),
// thread counts and `expect` conditions (`n == THREADS`, `len(lst) >= 1 and
// lst == sorted(lst)`). Parameters are substituted while parsing.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "explorer/program/lexer.hpp"
#include "explorer/program/plain_value.hpp"

namespace gilrace {

struct Expression {
  enum class Kind { Literal, Name, Unary, Binary, Call, List, Tuple, Dict };
  Kind kind = Kind::Literal;
  PlainValue literal;                // Literal
  std::string name;                  // Name, Call (function name)
  std::string op;                    // Unary: not -, Binary: == != < <= > >= in and or + - *
  std::vector<Expression> operands;  // Unary 1, Binary 2, Call args, List and Tuple items, Dict key, value, ...
  std::uint32_t column = 0;
  std::uint32_t depth = 1;           // levels of the tree from here down (the parser bounds it)
};

using ParamTable = std::map<std::string, std::int64_t>;

// Parses a full expression at the cursor. Names that are parameters become
// literals; other names stay names and `known_name` decides whether they
// are allowed (an unknown one is an error at its column, followed by
// `unknown_hint`, which says what names the context allows).
Expression parse_expression(TokenCursor& cursor, const ParamTable& params,
                            const std::function<bool(const std::string&)>& known_name,
                            const std::string& unknown_hint = "");

// Evaluates with `lookup` giving the value of a name. Throws
// std::runtime_error with a Python-like message on a type error.
PlainValue evaluate(const Expression& expr,
                    const std::function<PlainValue(const std::string&)>& lookup);

// Literal-only evaluation (no names): initialisers and thread counts.
PlainValue evaluate_constant(const Expression& expr);

// Source-like text of the expression, for messages: `n == 100`.
std::string to_text(const Expression& expr);

}  // namespace gilrace
