#include "explorer/program/dis_import.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>
#include <vector>

#include "explorer/program/body_compiler.hpp"
#include "explorer/program/instruction_parser.hpp"

namespace gilrace {
namespace {

struct ImportedFunction {
  std::string name;
  std::vector<ParsedInstruction> instructions;
};

std::string identifier_from(const std::string& text) {
  std::string out;
  for (char c : text) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "f_" + out;
  return out;
}

void note_global(std::vector<std::string>& globals, std::string name) {
  if (name.rfind("NULL + ", 0) == 0) name = name.substr(7);
  if (name.size() > 7 && name.compare(name.size() - 7, 7, " + NULL") == 0) name.resize(name.size() - 7);
  if (is_builtin_name(name)) return;
  if (std::find(globals.begin(), globals.end(), name) == globals.end()) globals.push_back(name);
}

// One body line: offsets and labels stay, since jumps name their targets by
// them; with `labels` (3.13) the lone number before an opcode is a source
// line, not an offset, and is left out.
std::string body_line(const ParsedInstruction& instruction, bool labels) {
  std::string out = "    ";
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
    if (is_exception_table_header(line)) {
      in_exception_table = true;
      continue;
    }
    if (in_exception_table && is_exception_table_entry(line)) continue;
    const auto header = line.find("Disassembly of <code object ");
    if (header != std::string::npos) {
      const auto start = header + 28;
      functions.push_back({identifier_from(line.substr(start, line.find(' ', start) - start)), {}});
      continue;
    }
    const auto instruction = parse_instruction_line(line, {path, number, 0});
    if (!instruction || instruction->label_only) continue;
    if (functions.empty())
      functions.push_back({identifier_from(std::filesystem::path(path).stem().string()), {}});
    labels = labels || !instruction->label.empty();
    if (instruction->opcode == Opcode::LOAD_GLOBAL || instruction->opcode == Opcode::STORE_GLOBAL) {
      note_global(globals, instruction->operand);
      if (instruction->opcode == Opcode::STORE_GLOBAL) note_global(stored, instruction->operand);
    }
    functions.back().instructions.push_back(*instruction);
  }
  std::string scenario = "# imported from " + path + " by `gilrace import-dis`: set the initial values,\n"
                         "# the thread layout and the expectations before exploring.\n";
  for (const auto& g : globals) scenario += "global " + g + " = 0\n";
  for (const auto& f : functions) {
    scenario += "\ndef " + f.name + "():\n";
    for (const auto& instruction : f.instructions) scenario += body_line(instruction, labels) + "\n";
  }
  scenario += "\n";
  for (const auto& f : functions) scenario += "threads 2 x " + f.name + "\n";
  if (!stored.empty()) {
    scenario += "observe ";
    for (std::size_t i = 0; i < stored.size(); ++i) scenario += (i ? ", " : "") + stored[i];
    scenario += "\n";
  }
  return scenario;
}

}  // namespace gilrace
