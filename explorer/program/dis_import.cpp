#include "explorer/program/dis_import.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "explorer/program/body_compiler.hpp"
#include "explorer/program/instruction_parser.hpp"
#include "explorer/program/utf8.hpp"

namespace gilrace {
namespace {

struct ImportedFunction {
  std::string name;
  std::vector<ParsedInstruction> instructions;
  std::vector<std::string> parameters;
  bool called = false;  // another function of the listing loads it: no thread runs it
};

std::string identifier_from(const std::string& text) {
  std::string out;
  for (char c : text) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "f_" + out;
  return out;
}

std::string global_name(std::string name) {
  if (name.rfind("NULL + ", 0) == 0) name = name.substr(7);
  if (name.size() > 7 && name.compare(name.size() - 7, 7, " + NULL") == 0) name.resize(name.size() - 7);
  return name;
}

void note_global(std::vector<std::string>& globals, const std::string& operand) {
  const std::string name = global_name(operand);
  if (is_builtin_name(name)) return;
  if (std::find(globals.begin(), globals.end(), name) == globals.end()) globals.push_back(name);
}

// The locals one instruction reads or writes, with their co_varnames index
// when dis printed the oparg (3.13's pairs pack two: first << 4 | second).
struct LocalUse {
  std::string name;
  std::optional<long long> index;
  bool read;
};

std::vector<LocalUse> local_uses(const ParsedInstruction& in) {
  const auto kind = opcode_info(in.opcode).operand;
  if (kind == OperandKind::Local) {
    const bool read = in.opcode == Opcode::LOAD_FAST;
    return {{in.operand, in.from_argrepr ? in.oparg : std::nullopt, read}};
  }
  if (kind != OperandKind::LocalPair) return {};
  const auto comma = in.operand.find(',');
  if (comma == std::string::npos) return {};
  std::string second = in.operand.substr(comma + 1);
  second.erase(0, second.find_first_not_of(' '));
  const bool packed = in.from_argrepr && in.oparg;
  const std::optional<long long> first_index = packed ? std::optional<long long>(*in.oparg >> 4) : std::nullopt;
  const std::optional<long long> second_index = packed ? std::optional<long long>(*in.oparg & 15) : std::nullopt;
  const bool first_read = in.opcode == Opcode::LOAD_FAST_LOAD_FAST;
  const bool second_read = in.opcode != Opcode::STORE_FAST_STORE_FAST;
  return {{in.operand.substr(0, comma), first_index, first_read}, {second, second_index, second_read}};
}

// A called function's parameters, which dis does not print: the locals it
// reads before writing them, in the listing's order, are parameters, and so
// is every local numbered below one of them (parameters come first in
// co_varnames; a parameter the body never uses gets a placeholder name).
std::vector<std::string> infer_parameters(const ImportedFunction& f) {
  std::map<long long, std::string> by_index;
  std::vector<std::string> written, read_first;
  long long highest = -1;
  bool indexed = true;
  for (const auto& in : f.instructions)
    for (const LocalUse& use : local_uses(in)) {
      if (use.index) by_index.emplace(*use.index, use.name);
      else indexed = false;
      const bool seen = std::find(written.begin(), written.end(), use.name) != written.end();
      if (use.read && !seen && std::find(read_first.begin(), read_first.end(), use.name) == read_first.end()) {
        read_first.push_back(use.name);
        if (use.index) highest = std::max(highest, *use.index);
      }
      if (!use.read && !seen) written.push_back(use.name);
    }
  if (!indexed) return read_first;
  std::vector<std::string> parameters;
  for (long long i = 0; i <= highest; ++i) {
    const auto it = by_index.find(i);
    parameters.push_back(it != by_index.end() ? it->second : "unused_" + std::to_string(i));
  }
  return parameters;
}

// One body line: offsets and labels stay, since jumps name their targets by
// them; with `labels` (3.13) the lone number before an opcode is a source
// line, not an offset, and is left out. dis's `>>` stays too: it is what
// lets a 3.12 exception handler follow a return.
std::string body_line(const ParsedInstruction& instruction, bool labels) {
  std::string out = instruction.marked_target ? "    >> " : "    ";
  if (!instruction.label.empty()) out += instruction.label + ": ";
  else if (instruction.offset && !labels) out += std::to_string(*instruction.offset) + " ";
  out += std::string(opcode_name(instruction.opcode));
  if (!instruction.operand.empty() || instruction.oparg) {
    out.append(out.size() < 30 ? 30 - out.size() : 1, ' ');
    if (instruction.from_argrepr) out += std::to_string(instruction.oparg.value_or(0)) + " (" + instruction.operand + ")";
    else out += instruction.operand;
  }
  return out;
}

}  // namespace

std::string import_dis(const std::string& path, const std::string& text) {
  std::vector<ImportedFunction> functions;
  std::vector<std::string> globals;
  std::vector<std::string> stored;
  bool labels = false;
  std::istringstream in(text);
  std::string line;
  std::uint32_t number = 0;
  bool in_exception_table = false;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) line.erase(0, byte_order_mark_length(line));
    // The names go into the scenario written: they must be UTF-8 text.
    for (std::size_t i = 0; i < line.size();) {
      const std::size_t length = line[i] == '\0' ? 0 : utf8_char_length(line, i);
      if (length == 0) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(line[i]));
        throw InputError({path, number, static_cast<std::uint32_t>(i + 1)},
                         line[i] == '\0' ? std::string("unexpected NUL byte (dis output is text)")
                                          : std::string("invalid UTF-8 byte ") + hex + " (dis output is UTF-8 text)",
                         line);
      }
      i += length;
    }
    if (is_exception_table_header(line)) {
      in_exception_table = true;
      continue;
    }
    if (in_exception_table && is_exception_table_entry(line)) continue;
    const auto header = line.find("Disassembly of <code object ");
    if (header != std::string::npos) {
      const auto start = header + 28;
      functions.push_back({identifier_from(line.substr(start, line.find(' ', start) - start)), {}, {}, false});
      continue;
    }
    const auto instruction = parse_instruction_line(line, {path, number, 0});
    if (!instruction || instruction->label_only) continue;
    if (functions.empty())
      functions.push_back({identifier_from(std::filesystem::path(path).stem().string()), {}, {}, false});
    // A called function's parameters are numbered up to the highest local
    // index it reads (infer_parameters): keep that within a thread's slots.
    for (const LocalUse& use : local_uses(*instruction))
      if (use.index && *use.index >= kMaxThreadSlots)
        throw InputError({path, number, instruction->opcode_column},
                         "local variable index " + std::to_string(*use.index) + " is out of range (a function has at most " +
                             std::to_string(kMaxThreadSlots) + " slots)",
                         line);
    labels = labels || !instruction->label.empty();
    if (instruction->opcode == Opcode::LOAD_GLOBAL || instruction->opcode == Opcode::STORE_GLOBAL) {
      note_global(globals, instruction->operand);
      if (instruction->opcode == Opcode::STORE_GLOBAL) note_global(stored, instruction->operand);
    }
    functions.back().instructions.push_back(*instruction);
  }
  if (std::all_of(functions.begin(), functions.end(), [](const ImportedFunction& f) { return f.instructions.empty(); }))
    throw InputError({path, 0, 0}, "no dis.dis output in the file (instruction lines such as "
                                   "`  5           0 LOAD_GLOBAL              0 (n)`)");
  // Functions of the listing that others load are called, not run by threads.
  const auto is_function = [&](const std::string& name) {
    return std::any_of(functions.begin(), functions.end(), [&](const ImportedFunction& f) { return f.name == name; });
  };
  for (const auto& caller : functions)
    for (const auto& in : caller.instructions)
      if (in.opcode == Opcode::LOAD_GLOBAL)
        for (auto& callee : functions)
          if (callee.name == global_name(in.operand) && callee.name != caller.name) callee.called = true;
  for (auto& f : functions)
    if (f.called) f.parameters = infer_parameters(f);
  std::erase_if(globals, is_function);
  std::erase_if(stored, is_function);

  std::string scenario = "# imported from " + path + " by `gilrace import-dis`: set the initial values,\n"
                         "# the thread layout and the expectations before exploring.\n";
  for (const auto& g : globals) scenario += "global " + g + " = 0\n";
  for (const auto& f : functions) {
    std::string parameters;
    for (const auto& p : f.parameters) parameters += (parameters.empty() ? "" : ", ") + p;
    scenario += "\n";
    if (f.called) scenario += "# called by the other functions; its parameters are inferred from the locals it reads first\n";
    scenario += "def " + f.name + "(" + parameters + "):\n";
    for (const auto& instruction : f.instructions) scenario += body_line(instruction, labels) + "\n";
  }
  scenario += "\n";
  for (const auto& f : functions)
    if (!f.called) scenario += "threads 2 x " + f.name + "\n";
  if (!stored.empty()) {
    scenario += "observe ";
    for (std::size_t i = 0; i < stored.size(); ++i) scenario += (i ? ", " : "") + stored[i];
    scenario += "\n";
  }
  return scenario;
}

}  // namespace gilrace
