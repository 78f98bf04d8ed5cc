#include "explorer/program/body_selection.hpp"

#include "explorer/program/input_error.hpp"

namespace gilrace {

void select_bodies(Program& program, std::optional<PythonVersion> version) {
  for (std::uint32_t& chosen : program.thread_functions) {
    const std::string& name = program.functions[chosen].name;
    std::optional<std::uint32_t> tagged, untagged, first;
    VersionSet all = 0;
    for (std::uint32_t f = 0; f < program.functions.size(); ++f) {
      const Function& body = program.functions[f];
      if (body.name != name) continue;
      if (!first) first = f;
      all |= body.versions;
      if (body.versions == 0) untagged = f;
      else if (version && (body.versions & version_bit(*version))) tagged = f;
    }
    if (tagged) chosen = *tagged;
    else if (untagged) chosen = *untagged;
    else if (!version) chosen = *first;
    else {
      const Function& at = program.functions[*first];
      throw InputError({program.path, at.line, at.name_column}, "function '" + name + "' has no body for CPython " +
                                                       std::string(version_name(*version)) + " (its bodies are for " +
                                                       describe_versions(all) + ")",
                       program.line_text(at.line));
    }
  }
  program.has_jumps = false;
  for (const std::uint32_t f : program.thread_functions) program.has_jumps = program.has_jumps || program.functions[f].has_jumps;
}

}  // namespace gilrace
