// Turns the parsed lines of a `def` body into a Function: resolves names to
// global/local slots and constants, and checks the value stack statically
// (underflow is an input error at the line that causes it).
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "explorer/program/instruction_parser.hpp"
#include "explorer/program/program.hpp"
#include "explorer/program/stack_check.hpp"

namespace gilrace {

struct BodyLine {
  ParsedInstruction instruction;
  SourceLocation where;
  std::string text;
};

struct BodySource {
  std::string name;
  std::uint32_t name_column = 0;
  std::uint32_t line = 0;
  std::uint8_t versions = 0;  // VersionSet of `def ... for VERSIONS:`; 0 when untagged
  std::vector<std::string> parameters;
  std::vector<BodyLine> lines;
};

class BodyCompiler {
 public:
  // `function_names`: every `def` of the scenario, which LOAD_GLOBAL may name.
  BodyCompiler(Program& program, std::set<std::string> function_names)
      : program_(program), function_names_(std::move(function_names)) {}
  Function compile(const BodySource& body);

 private:
  struct JumpTargets {
    std::map<long long, std::uint32_t> offsets;  // dis offset -> instruction index
    // an offset on two instructions (a 3.13 line number may recur; a jump to it is ambiguous) -> their lines
    std::map<long long, std::pair<std::uint32_t, std::uint32_t>> repeated_offsets;
    std::map<std::string, std::uint32_t> labels;
  };
  Instruction resolve(const BodyLine& line, Function& function);
  static std::uint32_t jump_target(const BodyLine& line, const JumpTargets& targets);
  std::uint32_t intern(const std::string& text);
  void intern_strings(const PlainValue& value);
  static bool tuple_of_scalars(const PlainValue& value);
  static std::int64_t local_slot(Function& function, const std::string& name);

  Program& program_;
  std::set<std::string> function_names_;
};


// Names a LOAD_GLOBAL may read without a `global` line: Python's builtins.
bool is_builtin_name(const std::string& name);

}  // namespace gilrace
