// A parsed and resolved scenario: what every later layer runs.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "explorer/program/expression.hpp"
#include "explorer/program/opcode.hpp"
#include "explorer/program/plain_value.hpp"
#include "explorer/program/value.hpp"

namespace gilrace {

// Slots one thread may use for all its frames (locals and value stacks):
// a frame link keeps a frame base in 16 bits (value.hpp).
constexpr std::uint32_t kMaxThreadSlots = 0xffff;
// Slots of all threads together: a search copies the whole machine for
// every state it expands, so more than this (256 MiB of values) could
// never be explored.
constexpr std::uint64_t kMaxMachineSlots = std::uint64_t{1} << 24;

struct Instruction {
  Opcode opcode = Opcode::NOP;
  // Resolved operand: global slot, local slot, constant index, string id of
  // an attribute name, an argument count, or a BINARY_OP number.
  std::int64_t arg = 0;
  bool push_null = false;    // 3.11 `LOAD_GLOBAL 1 (NULL + len)`; 3.12 `LOAD_ATTR (NULL|self + append)`
  std::string operand_text;  // as written, for traces: "n", "1", "+="
  std::uint32_t line = 0;    // in the scenario file
  std::uint32_t column = 0;  // of the opcode name
};

struct Function {
  std::string name;
  std::vector<Instruction> code;
  std::vector<std::string> local_names;  // the parameters first
  std::uint32_t parameter_count = 0;     // `def add(a, b):` has 2
  std::uint32_t max_stack = 0;  // deepest value stack the body reaches
  std::uint32_t line = 0;
  std::uint32_t name_column = 0;
  std::uint8_t versions = 0;    // `def ... for VERSIONS:` (a VersionSet); 0: an untagged body
  bool has_jumps = false;       // it can run longer than it is (the step limit applies)
  bool loads_functions = false; // a LOAD_GLOBAL names a function of the scenario: it may call one
};

struct Expectation {
  Expression condition;
  std::string text;  // as written
  std::uint32_t line = 0;
};

struct Program {
  std::string path;
  std::string text;
  std::string sha256;  // of text
  ParamTable params;   // after -D overrides
  std::string model;   // from a `model` line; empty when the scenario names none
  std::uint32_t model_line = 0;
  std::uint32_t model_column = 0;

  std::vector<std::string> global_names;
  std::vector<PlainValue> global_initial;  // same order as global_names
  std::vector<Value> constants;
  // Tuple constants by their index in `constants` (where a Tuple value
  // only marks them): LOAD_CONST builds a new heap tuple from the literal.
  std::map<std::size_t, PlainValue> tuple_constants;
  std::vector<std::string> strings;  // str constants and attribute names
  std::vector<Function> functions;
  std::vector<std::uint32_t> thread_functions;  // one entry per thread
  std::vector<std::uint32_t> observed;          // global slots, in `observe` order
  std::vector<Expectation> expectations;
  // A thread that executes this many opcodes stops with "step limit" (spin
  // loops); only bodies with jumps can run longer than they are.
  std::uint32_t step_limit = 10000;
  // Some body a thread runs jumps or calls a function: states record each
  // thread's step count, which is then no longer its pc (a loop repeats
  // pcs; a forward jump skips some; a callee runs at pcs of its own). Set
  // by the compiler, narrowed to the bodies in use by select_bodies().
  bool counts_steps = false;

  // Calls to functions of the scenario (see plan_frames in
  // body_selection.hpp). A thread's frames sit one after another in its
  // slots; a call deeper than recursion_limit raises RecursionError.
  bool has_calls = false;
  std::uint32_t recursion_limit = 32;
  std::vector<std::uint32_t> region_size;  // per function: slots a thread starting there may need
  // The body a function name runs under the chosen model, for LOAD_GLOBAL
  // of a function (set by select_bodies()).
  std::map<std::string, std::uint32_t> selected_functions;

  // The text of line `number` (1-based) of the scenario, without its newline.
  std::string line_text(std::uint32_t number) const;

  std::uint32_t thread_count() const { return static_cast<std::uint32_t>(thread_functions.size()); }
  const Function& function_of(std::uint32_t thread) const { return functions[thread_functions[thread]]; }
  // Slots one frame of `function` needs: locals, then its value stack.
  std::uint32_t frame_size(std::uint32_t function) const {
    return static_cast<std::uint32_t>(functions[function].local_names.size()) + functions[function].max_stack;
  }
  // Slots a thread that starts in `function` needs for all its frames.
  std::uint32_t thread_region_size(std::uint32_t function) const {
    return function < region_size.size() ? region_size[function] : frame_size(function);
  }
};

}  // namespace gilrace
