#include "explorer/program/stack_check.hpp"

#include <algorithm>
#include <vector>

namespace gilrace {

std::optional<StackEffect> fall_through_effect(const Instruction& in) {
  const int n = static_cast<int>(in.arg);
  switch (in.opcode) {
    case Opcode::NOP:
    case Opcode::RESUME:
    case Opcode::PRECALL: return StackEffect{0, 0};
    case Opcode::LOAD_CONST:
    case Opcode::LOAD_FAST:
    case Opcode::PUSH_NULL: return StackEffect{0, 1};
    case Opcode::LOAD_GLOBAL: return StackEffect{0, in.push_null ? 2 : 1};
    case Opcode::LOAD_FAST_LOAD_FAST: return StackEffect{0, 2};
    case Opcode::STORE_FAST_LOAD_FAST: return StackEffect{1, 1};
    case Opcode::STORE_FAST_STORE_FAST: return StackEffect{2, 0};
    case Opcode::STORE_FAST:
    case Opcode::STORE_GLOBAL:
    case Opcode::POP_TOP: return StackEffect{1, 0};
    case Opcode::LOAD_ATTR: return StackEffect{1, in.push_null ? 2 : 1};
    case Opcode::UNARY_NOT:
    case Opcode::TO_BOOL:
    case Opcode::GET_ITER: return StackEffect{1, 1};
    case Opcode::LOAD_METHOD: return StackEffect{1, 2};
    case Opcode::BINARY_ADD:
    case Opcode::INPLACE_ADD:
    case Opcode::BINARY_SUBTRACT:
    case Opcode::INPLACE_SUBTRACT:
    case Opcode::BINARY_MULTIPLY:
    case Opcode::INPLACE_MULTIPLY:
    case Opcode::BINARY_FLOOR_DIVIDE:
    case Opcode::INPLACE_FLOOR_DIVIDE:
    case Opcode::BINARY_MODULO:
    case Opcode::INPLACE_MODULO:
    case Opcode::BINARY_OP:
    case Opcode::COMPARE_OP:
    case Opcode::IS_OP:
    case Opcode::CONTAINS_OP: return StackEffect{2, 1};
    case Opcode::CALL_FUNCTION: return StackEffect{n + 1, 1};
    case Opcode::CALL_METHOD:
    case Opcode::CALL: return StackEffect{n + 2, 1};
    case Opcode::POP_JUMP_IF_FALSE:
    case Opcode::POP_JUMP_IF_TRUE:
    case Opcode::POP_JUMP_IF_NONE:
    case Opcode::POP_JUMP_IF_NOT_NONE:
    case Opcode::POP_JUMP_FORWARD_IF_FALSE:
    case Opcode::POP_JUMP_FORWARD_IF_TRUE:
    case Opcode::POP_JUMP_BACKWARD_IF_FALSE:
    case Opcode::POP_JUMP_BACKWARD_IF_TRUE:
    case Opcode::POP_JUMP_FORWARD_IF_NONE:
    case Opcode::POP_JUMP_FORWARD_IF_NOT_NONE:
    case Opcode::POP_JUMP_BACKWARD_IF_NONE:
    case Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE:
    case Opcode::JUMP_IF_FALSE_OR_POP:
    case Opcode::JUMP_IF_TRUE_OR_POP: return StackEffect{1, 0};
    case Opcode::FOR_ITER: return StackEffect{1, 2};  // the iterator stays, the next item on top
    case Opcode::BINARY_SUBSCR: return StackEffect{2, 1};
    case Opcode::STORE_SUBSCR: return StackEffect{3, 0};
    case Opcode::DELETE_SUBSCR: return StackEffect{2, 0};
    case Opcode::BUILD_LIST:
    case Opcode::BUILD_TUPLE: return StackEffect{n, 1};
    case Opcode::BUILD_MAP: return StackEffect{2 * n, 1};             // 3.5+: n key, value pairs
    case Opcode::BUILD_CONST_KEY_MAP: return StackEffect{n + 1, 1};  // n values, then the keys tuple
    case Opcode::LIST_EXTEND: return StackEffect{n + 1, n};          // pops the iterable; the list is n deep
    case Opcode::DUP_TOP: return StackEffect{1, 2};
    case Opcode::DUP_TOP_TWO: return StackEffect{2, 4};
    case Opcode::ROT_TWO: return StackEffect{2, 2};
    case Opcode::ROT_THREE: return StackEffect{3, 3};
    case Opcode::COPY: return StackEffect{n, n + 1};
    case Opcode::SWAP: return StackEffect{n, n};
    case Opcode::UNARY_NEGATIVE: return StackEffect{1, 1};
    case Opcode::SETUP_WITH:                              // 3.8-3.10: [mgr] -> [__exit__, __enter__()]
    case Opcode::BEFORE_WITH: return StackEffect{1, 2};   // 3.11+
    case Opcode::POP_BLOCK: return StackEffect{0, 0};
    case Opcode::BEGIN_FINALLY: return StackEffect{0, 1};         // 3.8: pushes NULL
    case Opcode::WITH_CLEANUP_START: return StackEffect{2, 3};    // [__exit__, NULL] -> [NULL, None, result]
    case Opcode::WITH_CLEANUP_FINISH: return StackEffect{2, 0};
    case Opcode::END_FINALLY: return StackEffect{1, 0};           // pops the NULL
    case Opcode::WITH_EXCEPT_START:
    case Opcode::PUSH_EXC_INFO:
    case Opcode::POP_EXCEPT:
    case Opcode::RERAISE: break;  // exception handlers only: never reached
    case Opcode::LOAD_ASSERTION_ERROR: return StackEffect{0, 1};
    case Opcode::RAISE_VARARGS: break;  // ends the thread
    case Opcode::END_FOR: return StackEffect{2, 0};   // 3.12: the item and the iterator
    case Opcode::RETURN_VALUE:
    case Opcode::RETURN_CONST:
    case Opcode::JUMP_FORWARD:
    case Opcode::JUMP_ABSOLUTE:
    case Opcode::JUMP_BACKWARD:
    case Opcode::JUMP_BACKWARD_NO_INTERRUPT:
    case Opcode::COUNT_: break;
  }
  return std::nullopt;
}

std::optional<StackEffect> jump_effect(const Instruction& in) {
  switch (in.opcode) {
    case Opcode::JUMP_FORWARD:
    case Opcode::JUMP_ABSOLUTE:
    case Opcode::JUMP_BACKWARD:
    case Opcode::JUMP_BACKWARD_NO_INTERRUPT: return StackEffect{0, 0};
    case Opcode::JUMP_IF_FALSE_OR_POP:
    case Opcode::JUMP_IF_TRUE_OR_POP: return StackEffect{1, 1};  // jumps keeping the value
    case Opcode::FOR_ITER: return StackEffect{1, 0};             // exhausted: the iterator is popped
    case Opcode::SETUP_WITH: return std::nullopt;                // its target is the exception handler
    default: break;
  }
  if (is_conditional_jump(in.opcode)) return StackEffect{1, 0};
  return std::nullopt;
}

std::uint32_t check_stack(const Function& function, const StackProblem& problem) {
  const auto& code = function.code;
  std::vector<int> depth(code.size(), -1);
  std::vector<std::size_t> work;
  int deepest = 0;
  const auto reach = [&](std::size_t from, std::size_t to, int d) {
    if (to >= code.size()) return;  // running off the end returns None
    if (depth[to] < 0) {
      depth[to] = d;
      work.push_back(to);
    } else if (depth[to] != d) {
      problem(to, "the stack holds " + std::to_string(depth[to]) + " value" + (depth[to] == 1 ? "" : "s") +
                      " here on one path and " + std::to_string(d) + " on another (from line " +
                      std::to_string(code[from].line) + ")");
    }
  };
  if (!code.empty()) depth[0] = 0, work.push_back(0);
  while (!work.empty()) {
    const std::size_t i = work.back();
    work.pop_back();
    const Instruction& in = code[i];
    const auto through = fall_through_effect(in);
    const auto jump = jump_effect(in);
    const int pops = std::max(through ? through->pops : 0, jump ? jump->pops : 0);
    const int pops_at_return = in.opcode == Opcode::RETURN_VALUE ? 1 : 0;
    if (depth[i] < std::max(pops, pops_at_return)) {
      const int needed = std::max(pops, pops_at_return);
      problem(i, "stack underflow: " + std::string(opcode_name(in.opcode)) + " needs " + std::to_string(needed) +
                     " value" + (needed == 1 ? "" : "s") + " but the stack holds " + std::to_string(depth[i]));
    }
    if (through) {
      const int d = depth[i] - through->pops + through->pushes;
      deepest = std::max(deepest, d);
      reach(i, i + 1, d);
    }
    if (jump) {
      const int d = depth[i] - jump->pops + jump->pushes;
      deepest = std::max(deepest, d);
      reach(i, static_cast<std::size_t>(in.arg), d);
    }
  }
  return static_cast<std::uint32_t>(deepest);
}

}  // namespace gilrace
