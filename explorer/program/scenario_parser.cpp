#include "explorer/program/scenario_parser.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "explorer/program/body_compiler.hpp"
#include "explorer/program/body_selection.hpp"
#include "explorer/program/instruction_parser.hpp"
#include "explorer/program/python_versions.hpp"
#include "explorer/program/sha256.hpp"

namespace gilrace {
namespace {

const std::string kOnlyParams = " (only parameters can be used here)";

const std::vector<std::string_view> kKeywords = {"param", "global", "def", "threads", "observe", "expect", "model"};

struct ThreadLine {
  std::string function;
  std::int64_t count;
  Token name_token;
  SourceLocation where;
  std::string text;
};

class ScenarioParser {
 public:
  ScenarioParser(const std::string& path, const std::string& text, Defines defines)
      : path_(path), defines_(std::move(defines)) {
    program_.path = path;
    program_.text = text;
    program_.sha256 = sha256_hex(text);
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines_.push_back(line);
  }

  Program parse() {
    for (std::size_t i = 0; i < lines_.size();) i = parse_line(i);
    check_defines_used();
    finish();
    return std::move(program_);
  }

 private:
  SourceLocation at(std::size_t index, std::uint32_t column = 0) const {
    return {path_, static_cast<std::uint32_t>(index + 1), column};
  }

  TokenCursor cursor_for(std::size_t index) const {
    return TokenCursor(tokenize(mask_def_versions(lines_[index]), at(index)), at(index), lines_[index]);
  }

  // In `def foo() for 3.8-3.10:` the versions are no tokens; parse_def reads
  // them from the raw line, and the tokenizer sees them blanked out.
  static std::string mask_def_versions(std::string line) {
    if (line.rfind("def", 0) != 0) return line;
    const std::size_t close = line.find(')');
    if (close == std::string::npos) return line;
    const std::size_t word = line.find_first_not_of(" \t", close + 1);
    if (word == std::string::npos || line.compare(word, 3, "for") != 0 || word + 3 >= line.size() ||
        (line[word + 3] != ' ' && line[word + 3] != '\t'))
      return line;
    const std::size_t end = comment_start(line);
    std::size_t colon = line.rfind(':', end);
    if (colon == std::string::npos || colon < word) colon = end;  // no ':': parse_def reports it
    for (std::size_t i = word + 3; i < colon; ++i) line[i] = ' ';
    return line;
  }

  // Parses the top-level line at `index`; returns the index of the next one.
  std::size_t parse_line(std::size_t index) {
    const std::string& line = lines_[index];
    if (line.rfind("model", 0) == 0 && (line.size() == 5 || line[5] == ' ' || line[5] == '\t')) {
      parse_model(line, index);  // before tokenizing: model names hold '-' and '.'
      return index + 1;
    }
    TokenCursor cursor = cursor_for(index);
    if (cursor.at_end()) return index + 1;
    const Token first = cursor.peek();
    if (first.column != 1 || first.kind != Token::Kind::Name)
      cursor.fail(first, first.column != 1 ? "unexpected indentation (opcode lines belong under a `def`)"
                                           : "expected a keyword (param, global, def, threads, observe, expect or model)");
    cursor.next();
    const std::string& keyword = first.text;
    if (keyword == "param") parse_param(cursor);
    else if (keyword == "global") parse_global(cursor);
    else if (keyword == "def") return parse_def(cursor, index);
    else if (keyword == "threads") parse_threads(cursor, index);
    else if (keyword == "observe") parse_observe(cursor);
    else if (keyword == "expect") parse_expect(cursor, index);
    else {
      std::string message = "unknown keyword '" + keyword + "'";
      const std::string suggestion = closest_match(keyword, kKeywords);
      message += suggestion.empty() ? " (expected param, global, def, threads, observe, expect or model)"
                                    : " (did you mean '" + suggestion + "'?)";
      cursor.fail(first, message);
    }
    return index + 1;
  }

  void parse_param(TokenCursor& cursor) {
    const Token name = cursor.expect_name("a parameter name after 'param'");
    cursor.expect_op("=", "after the parameter name");
    const Token value_token = cursor.peek();
    const Expression value = parse_expression(cursor, program_.params, [](const std::string&) { return false; }, kOnlyParams);
    cursor.expect_end("the parameter value");
    if (program_.params.count(name.text)) cursor.fail(name, "parameter '" + name.text + "' is declared twice");
    const PlainValue v = constant(cursor, value_token, value);
    if (v.kind != PlainValue::Kind::Int) cursor.fail(value_token, "parameter '" + name.text + "' must be an integer");
    std::int64_t number = v.integer;
    if (auto it = defines_.find(name.text); it != defines_.end()) {
      try {
        std::size_t used = 0;
        number = std::stoll(it->second, &used);
        if (used != it->second.size()) throw std::invalid_argument("trailing text");
      } catch (const std::exception&) {
        throw InputError({}, "-D " + name.text + "=" + it->second + ": the value must be an integer");
      }
      used_defines_.insert(name.text);
    }
    program_.params[name.text] = number;
  }

  void parse_global(TokenCursor& cursor) {
    const Token name = cursor.expect_name("a global name after 'global'");
    cursor.expect_op("=", "after the global name");
    const Token value_token = cursor.peek();
    const Expression value = parse_expression(cursor, program_.params, [](const std::string&) { return false; }, kOnlyParams);
    cursor.expect_end("the initial value");
    for (const auto& existing : program_.global_names)
      if (existing == name.text) cursor.fail(name, "global '" + name.text + "' is declared twice");
    for (const auto& body : bodies_)
      if (body.name == name.text) cursor.fail(name, "'" + name.text + "' is already a function (a function's name is its global)");
    program_.global_names.push_back(name.text);
    program_.global_initial.push_back(constant(cursor, value_token, value));
    intern_strings(program_.global_initial.back());
  }

  static PlainValue constant(TokenCursor& cursor, const Token& at, const Expression& e) {
    try {
      return evaluate_constant(e);
    } catch (const std::runtime_error& error) {
      cursor.fail(at, error.what());
    }
  }

  void intern_strings(const PlainValue& value) {
    if (value.kind == PlainValue::Kind::Str &&
        std::find(program_.strings.begin(), program_.strings.end(), value.text) == program_.strings.end())
      program_.strings.push_back(value.text);
    for (const auto& item : value.items) intern_strings(item);
  }

  std::size_t parse_def(TokenCursor& cursor, std::size_t index) {
    const Token name = cursor.expect_name("a function name after 'def'");
    cursor.expect_op("(", "after the function name");
    std::vector<std::string> parameters;
    if (!cursor.accept_op(")")) {
      do {
        const Token parameter = cursor.expect_name("a parameter name");
        if (std::find(parameters.begin(), parameters.end(), parameter.text) != parameters.end())
          cursor.fail(parameter, "duplicate parameter '" + parameter.text + "'");
        parameters.push_back(parameter.text);
      } while (cursor.accept_op(","));
      cursor.expect_op(")", "after the parameters");
    }
    VersionSet versions = 0;
    if (cursor.peek().kind == Token::Kind::Name && cursor.peek().text == "for") {
      // `def foo() for 3.11+:` — the body these CPython versions run.
      const Token for_word = cursor.next();
      const std::string& line = lines_[index];
      const std::size_t from = for_word.column - 1 + 3;
      const std::size_t colon = line.rfind(':', comment_start(line));
      if (colon == std::string::npos || colon < from)
        throw InputError(at(index, static_cast<std::uint32_t>(std::min(line.size(), comment_start(line)) + 1)),
                         "expected ':' at the end of the `def` line (such as `def foo() for 3.11+:`)", line);
      std::size_t offset = 0;
      try {
        versions = parse_version_list(std::string_view(line).substr(from, colon - from), offset);
      } catch (const std::invalid_argument& e) {
        throw InputError(at(index, static_cast<std::uint32_t>(from + offset + 1)), e.what(), line);
      }
    }
    cursor.expect_op(":", "at the end of the `def` line");
    cursor.expect_end("':'");
    for (const auto& f : bodies_) {
      if (f.name != name.text) continue;
      if (f.versions == 0 && versions == 0) cursor.fail(name, "function '" + name.text + "' is defined twice");
      if (f.versions & versions)
        cursor.fail(name, "function '" + name.text + "' is defined twice for CPython " + describe_versions(f.versions & versions));
      if (f.parameters != parameters)
        cursor.fail(name, "every body of '" + name.text + "' must take the same parameters as the one on line " +
                              std::to_string(f.line));
    }
    for (const auto& g : program_.global_names)
      if (g == name.text) cursor.fail(name, "'" + name.text + "' is already a global (a function's name is its global)");
    BodySource body;
    body.parameters = std::move(parameters);
    body.versions = versions;
    body.name = name.text;
    body.name_column = name.column;
    body.line = static_cast<std::uint32_t>(index + 1);
    std::size_t next = index + 1;
    bool in_exception_table = false;
    for (; next < lines_.size(); ++next) {
      const std::string& line = lines_[next];
      const auto first = line.find_first_not_of(" \t\r");
      const bool blank = first == std::string::npos || line[first] == '#';
      // dis prints line numbers of 1000 and more from column 1.
      const bool dis_line = std::isdigit(static_cast<unsigned char>(line[0])) || line.rfind(">>", 0) == 0 ||
                            line.rfind("-->", 0) == 0;
      // 3.11+ exception tables are read and ignored (see instruction_parser.hpp).
      if (is_exception_table_header(line)) {
        in_exception_table = true;
        continue;
      }
      if (in_exception_table && is_exception_table_entry(line)) continue;
      if (!blank && !dis_line && line[0] != ' ' && line[0] != '\t') break;
      if (auto instruction = parse_instruction_line(line, at(next))) body.lines.push_back({*instruction, at(next), line});
    }
    if (std::all_of(body.lines.begin(), body.lines.end(), [](const BodyLine& l) { return l.instruction.label_only; }))
      cursor.fail(name, "function '" + name.text + "' has no instructions (indent its opcodes under the `def` line)");
    bodies_.push_back(std::move(body));
    return next;
  }

  void parse_threads(TokenCursor& cursor, std::size_t index) {
    const Token count_token = cursor.peek();
    const Expression count = parse_expression(cursor, program_.params, [](const std::string&) { return false; }, kOnlyParams);
    if (!cursor.accept_name("x")) cursor.fail_here("expected 'x' between the thread count and the function name, found " + describe(cursor.peek()));
    const Token function = cursor.expect_name("the name of the function the threads run");
    cursor.expect_end("the function name");
    const PlainValue n = constant(cursor, count_token, count);
    if (n.kind != PlainValue::Kind::Int) cursor.fail(count_token, "the thread count must be an integer");
    if (n.integer < 1) cursor.fail(count_token, "the thread count must be at least 1, got " + std::to_string(n.integer));
    if (n.integer > 100000) cursor.fail(count_token, "at most 100000 threads are supported, got " + std::to_string(n.integer));
    threads_.push_back({function.text, n.integer, function, at(index), lines_[index]});
  }

  void parse_observe(TokenCursor& cursor) {
    do {
      const Token name = cursor.expect_name("a global name to observe");
      observe_.push_back({name, cursor.where(), cursor.line_text()});
    } while (cursor.accept_op(","));
    cursor.expect_end("the observed names");
  }

  void parse_expect(TokenCursor& cursor, std::size_t index) {
    auto known = [this](const std::string& name) {
      for (const auto& g : program_.global_names)
        if (g == name) return true;
      return false;
    };
    const std::size_t start = cursor.peek().column - 1;
    Expression condition =
        parse_expression(cursor, program_.params, known, " (an expectation can use globals and parameters)");
    cursor.expect_end("the expectation");
    std::string text = lines_[index].substr(start, comment_start(lines_[index]) - start);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    program_.expectations.push_back({std::move(condition), std::move(text), static_cast<std::uint32_t>(index + 1)});
  }

  void parse_model(const std::string& line, std::size_t index) {
    std::string rest = line.substr(5, comment_start(line) - 5);
    const auto first = rest.find_first_not_of(" \t");
    const auto last = rest.find_last_not_of(" \t\r");
    if (first == std::string::npos)
      throw InputError(at(index, 6), "expected a model name after 'model'", line);
    if (!program_.model.empty()) throw InputError(at(index, 1), "the model is named twice", line);
    program_.model = rest.substr(first, last - first + 1);
    program_.model_line = static_cast<std::uint32_t>(index + 1);
    program_.model_column = static_cast<std::uint32_t>(5 + first + 1);
  }

  void check_defines_used() const {
    for (const auto& [name, value] : defines_) {
      if (used_defines_.count(name)) continue;
      std::string known;
      for (const auto& [param, unused] : program_.params) known += (known.empty() ? "" : ", ") + param;
      // NOLINTNEXTLINE(performance-inefficient-string-concatenation): built once, then thrown
      throw InputError({}, "-D " + name + "=" + value + ": " + path_ + " has no parameter '" + name + "'" +
                                         (known.empty() ? " (it declares none)" : " (it declares: " + known + ")"));
    }
  }

  void finish() {
    std::set<std::string> function_names;
    for (const auto& body : bodies_) function_names.insert(body.name);
    BodyCompiler compiler(program_, function_names);
    for (const auto& body : bodies_) program_.functions.push_back(compiler.compile(body));
    if (threads_.empty())
      throw InputError({path_, 0, 0}, "the scenario starts no threads (add a line such as `threads 2 x foo`)");
    std::set<std::string> used;
    for (const auto& t : threads_) {
      std::uint32_t index = 0;
      while (index < program_.functions.size() && program_.functions[index].name != t.function) ++index;
      if (index == program_.functions.size()) {
        SourceLocation where = t.where;
        where.column = t.name_token.column;
        throw InputError(where, "no function named '" + t.function + "' (define it with `def " + t.function + "():`)", t.text);
      }
      if (const Function& f = program_.functions[index]; f.parameter_count > 0) {
        SourceLocation where = t.where;
        where.column = t.name_token.column;
        throw InputError(where, "a thread's function takes no arguments: '" + t.function + "' has " +
                                    std::to_string(f.parameter_count) + " parameter" + (f.parameter_count == 1 ? "" : "s"),
                         t.text);
      }
      used.insert(t.function);
      if (program_.thread_functions.size() + static_cast<std::size_t>(t.count) > 100000)
        throw InputError(t.where, "at most 100000 threads are supported in all", t.text);
      program_.thread_functions.insert(program_.thread_functions.end(), static_cast<std::size_t>(t.count), index);
    }
    for (const Function& f : program_.functions)
      for (const std::string& name : names_loaded_by_name(program_, f)) used.insert(name);
    for (const auto& body : bodies_) {
      if (!used.count(body.name))
        throw InputError({path_, body.line, body.name_column},
                         "function '" + body.name + "' is defined but neither a `threads` line nor a LOAD_GLOBAL uses it",
                         lines_[body.line - 1]);
    }
    for (const auto& o : observe_) {
      std::uint32_t slot = 0;
      while (slot < program_.global_names.size() && program_.global_names[slot] != o.name.text) ++slot;
      if (slot == program_.global_names.size()) {
        SourceLocation where = o.where;
        where.column = o.name.column;
        throw InputError(where, "cannot observe '" + o.name.text + "': it is not a global", o.text);
      }
      program_.observed.push_back(slot);
    }
    select_bodies(program_, std::nullopt);  // runnable as every-op until a model is applied
    if (observe_.empty())
      for (std::uint32_t slot = 0; slot < program_.global_names.size(); ++slot)
        if (program_.global_initial[slot].kind != PlainValue::Kind::Lock) program_.observed.push_back(slot);
  }

  struct ObserveName {
    Token name;
    SourceLocation where;
    std::string text;
  };

  std::string path_;
  Defines defines_;
  std::set<std::string> used_defines_;
  std::vector<std::string> lines_;
  Program program_;
  std::vector<BodySource> bodies_;
  std::vector<ThreadLine> threads_;
  std::vector<ObserveName> observe_;
};

}  // namespace

Program parse_scenario(const std::string& path, const std::string& text, const Defines& defines) {
  return ScenarioParser(path, text, defines).parse();
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, 0, 0}, "cannot read the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Program load_scenario(const std::string& path, const Defines& defines) {
  return parse_scenario(path, read_text_file(path), defines);
}

}  // namespace gilrace
