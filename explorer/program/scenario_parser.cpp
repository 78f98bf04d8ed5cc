#include "explorer/program/scenario_parser.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <utility>

#include "explorer/program/body_compiler.hpp"
#include "explorer/program/body_selection.hpp"
#include "explorer/program/instruction_parser.hpp"
#include "explorer/program/python_versions.hpp"
#include "explorer/program/sha256.hpp"
#include "explorer/program/utf8.hpp"

namespace gilrace {
namespace {

const std::string kOnlyParams = " (only parameters can be used here)";

std::string hex_byte(unsigned char c) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", c);
  return text;
}

const std::vector<std::string_view> kKeywords = {"param", "global", "def", "threads", "observe", "expect", "model"};

struct ThreadLine {
  std::string function;
  std::int64_t count;
  Token name_token;
  std::uint32_t count_column;
  SourceLocation where;
  std::string text;
};

class ScenarioParser {
 public:
  ScenarioParser(const std::string& path, const std::string& text, Defines defines, std::string defines_source)
      : path_(path), defines_(std::move(defines)), defines_source_(std::move(defines_source)) {
    if (text.size() > kMaxScenarioBytes)
      throw InputError({path, 0, 0}, "the file is larger than 1 MiB, the limit for a scenario");
    program_.path = path;
    program_.text = text;
    program_.sha256 = sha256_hex(text);
    // A UTF-8 byte order mark and CRLF line ends, as Windows editors save
    // files, are read as if they were not there.
    const std::size_t start = byte_order_mark_length(text);
    for (std::size_t at = start; at < text.size();) {
      std::size_t end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      lines_.push_back(text.substr(at, end - at));
      if (!lines_.back().empty() && lines_.back().back() == '\r') lines_.back().pop_back();
      at = end + 1;
    }
  }

  Program parse() {
    for (std::size_t i = 0; i < lines_.size(); ++i) check_bytes(i);
    if (std::all_of(lines_.begin(), lines_.end(),
                    [](const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }))
      throw InputError({path_, 0, 0}, "the file is empty (a scenario needs a `def` and a `threads` line)");
    for (std::size_t i = 0; i < lines_.size();) i = parse_line(i);
    check_defines_used();
    finish();
    return std::move(program_);
  }

 private:
  SourceLocation at(std::size_t index, std::uint32_t column = 0) const {
    return {path_, static_cast<std::uint32_t>(index + 1), column};
  }

  // A scenario is UTF-8 text. Comments may hold any bytes but NUL (nothing
  // reads them); elsewhere a byte that is not UTF-8, or a control character,
  // is refused here, before it could reach a message or a JSON report.
  void check_bytes(std::size_t index) const {
    const std::string& line = lines_[index];
    const auto fail = [&](std::size_t i, const std::string& message) {
      throw InputError(at(index, static_cast<std::uint32_t>(i + 1)), message, line);
    };
    if (const std::size_t nul = line.find('\0'); nul != std::string::npos)
      fail(nul, "unexpected NUL byte (a scenario is a text file)");
    const std::size_t end = comment_start(line);
    for (std::size_t i = 0; i < end;) {
      const std::size_t length = utf8_char_length(line, i);
      const auto c = static_cast<unsigned char>(line[i]);
      if (length == 0)
        fail(i, "invalid UTF-8 byte " + hex_byte(c) + " (a scenario is UTF-8 text; only comments may hold other bytes)");
      if (length == 1 && ((c < 0x20 && c != '\t') || c == 0x7F)) fail(i, "unexpected control character " + hex_byte(c));
      i += length;
    }
  }

  TokenCursor cursor_for(std::size_t index) const {
    std::vector<Token> tokens;
    try {
      tokens = tokenize(mask_def_versions(lines_[index]), at(index));
    } catch (const InputError& e) {
      throw InputError(e.where(), e.what(), lines_[index]);  // quote the line as written, versions unmasked
    }
    return TokenCursor(std::move(tokens), at(index), lines_[index]);
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
      if (opcode_by_name(keyword))
        cursor.fail(first, "'" + keyword + "' is an opcode: indent it under its `def` (a body ends at the first line "
                           "that is not indented)");
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
      } catch (const std::out_of_range&) {
        throw InputError({}, "-D " + name.text + "=" + it->second + ": the value does not fit in 64 bits");
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
    if (!global_set_.insert(name.text).second) cursor.fail(name, "global '" + name.text + "' is declared twice");
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
    if (global_set_.count(name.text))
      cursor.fail(name, "'" + name.text + "' is already a global (a function's name is its global)");
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
    threads_.push_back({function.text, n.integer, function, count_token.column, at(index), lines_[index]});
  }

  void parse_observe(TokenCursor& cursor) {
    do {
      const Token name = cursor.expect_name("a global name to observe");
      observe_.push_back({name, cursor.where(), cursor.line_text()});
    } while (cursor.accept_op(","));
    cursor.expect_end("the observed names");
  }

  void parse_expect(TokenCursor& cursor, std::size_t index) {
    auto known = [this](const std::string& name) { return global_set_.count(name) > 0; };
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
    for (const auto& [name, value] : defines_)
      if (!used_defines_.count(name)) throw unknown_define(name, value);
  }

  // A -D (or a trace's "params") naming no parameter of the scenario.
  InputError unknown_define(const std::string& name, const std::string& value) const {
    std::string known;
    for (const auto& [param, unused] : program_.params) known += (known.empty() ? "" : ", ") + param;
    const std::string message = path_ + " has no parameter '" + name + "'" +
                                (known.empty() ? " (it declares none)" : " (it declares: " + known + ")");
    if (!defines_source_.empty()) return InputError({defines_source_, 0, 0}, "\"params\": " + message);
    return InputError({}, "-D " + name + "=" + value + ": " + message);
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
      if (const std::size_t all = program_.thread_functions.size() + static_cast<std::size_t>(t.count); all > 100000) {
        SourceLocation where = t.where;
        where.column = t.count_column;
        throw InputError(where, "at most 100000 threads are supported in all; with this line there are " +
                                    std::to_string(all), t.text);
      }
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
  std::string defines_source_;
  std::set<std::string> global_set_;  // the names in program_.global_names, to find a repeated one fast
  std::set<std::string> used_defines_;
  std::vector<std::string> lines_;
  Program program_;
  std::vector<BodySource> bodies_;
  std::vector<ThreadLine> threads_;
  std::vector<ObserveName> observe_;
};

}  // namespace

Program parse_scenario(const std::string& path, const std::string& text, const Defines& defines,
                       const std::string& defines_source) {
  return ScenarioParser(path, text, defines, defines_source).parse();
}

namespace {

// At most `limit` bytes of `path`, so that /dev/zero or a huge file cannot
// fill memory; the reason in the message is the system's ("Is a directory").
std::string read_prefix(const std::string& path, std::size_t limit) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  const auto fail = [&path](int error) {
    throw InputError({path, 0, 0}, std::string("cannot read the file: ") + std::strerror(error));
  };
  if (fd < 0) fail(errno);
  std::string text;
  char buffer[1 << 16];
  while (text.size() < limit) {
    const ssize_t got = ::read(fd, buffer, std::min(sizeof buffer, limit - text.size()));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int error = errno;
      ::close(fd);
      fail(error);
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return text;
}

}  // namespace

std::string read_text_file(const std::string& path) { return read_prefix(path, std::string::npos); }

std::string read_scenario_file(const std::string& path) { return read_prefix(path, kMaxScenarioBytes + 1); }

Program load_scenario(const std::string& path, const Defines& defines) {
  return parse_scenario(path, read_scenario_file(path), defines);
}

}  // namespace gilrace
