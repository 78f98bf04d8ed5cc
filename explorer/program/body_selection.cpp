#include "explorer/program/body_selection.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "explorer/program/input_error.hpp"

namespace gilrace {
namespace {

std::uint32_t choose_body(const Program& program, const std::string& name, std::optional<PythonVersion> version) {
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
  if (tagged) return *tagged;
  if (untagged) return *untagged;
  if (!version) return *first;
  const Function& at = program.functions[*first];
  throw InputError({program.path, at.line, at.name_column},
                   "function '" + name + "' has no body for CPython " + std::string(version_name(*version)) +
                       " (its bodies are for " + describe_versions(all) + ")",
                   program.line_text(at.line));
}

// All threads' slots together, named at the function whose threads need
// the most of them.
void check_machine_size(const Program& program) {
  std::map<std::uint32_t, std::uint64_t> threads_of;  // function -> threads starting there
  for (std::uint32_t f : program.thread_functions) ++threads_of[f];
  std::uint64_t total = 0, largest = 0;
  std::uint32_t at = 0;
  for (const auto& [f, threads] : threads_of) {
    const std::uint64_t slots = threads * program.thread_region_size(f);
    total += slots;
    if (slots > largest) largest = slots, at = f;
  }
  if (total <= kMaxMachineSlots) return;
  const Function& function = program.functions[at];
  throw InputError({program.path, function.line, function.name_column},
                   "the threads need " + std::to_string(total) + " slots in all (" +
                       std::to_string(threads_of[at]) + " threads of '" + function.name + "' need " +
                       std::to_string(program.thread_region_size(at)) + " each), more than the " +
                       std::to_string(kMaxMachineSlots) + " a scenario may use",
                   program.line_text(function.line));
}

}  // namespace

void select_bodies(Program& program, std::optional<PythonVersion> version) {
  program.selected_functions.clear();
  for (std::uint32_t& chosen : program.thread_functions) {
    const std::string name = program.functions[chosen].name;
    chosen = choose_body(program, name, version);
    program.selected_functions.emplace(name, chosen);
  }
  // Functions that some body loads by name: chosen only when some selected
  // body can reach them, so a helper without a body for this version is an
  // error only when it would run.
  std::vector<std::uint32_t> pending(program.thread_functions.begin(), program.thread_functions.end());
  std::set<std::uint32_t> seen(pending.begin(), pending.end());
  while (!pending.empty()) {
    const Function& body = program.functions[pending.back()];
    pending.pop_back();
    if (!body.loads_functions) continue;
    for (const std::string& name : names_loaded_by_name(program, body)) {
      if (program.selected_functions.count(name)) continue;
      if (std::none_of(program.functions.begin(), program.functions.end(),
                       [&](const Function& f) { return f.name == name; }))
        continue;  // a builtin such as len
      const std::uint32_t callee = choose_body(program, name, version);
      program.selected_functions.emplace(name, callee);
      if (seen.insert(callee).second) pending.push_back(callee);
    }
  }
  program.counts_steps = false;
  program.has_calls = false;
  for (const auto& [name, f] : program.selected_functions) {
    program.counts_steps = program.counts_steps || program.functions[f].has_jumps;
    program.has_calls = program.has_calls || program.functions[f].loads_functions;
  }
  program.counts_steps = program.counts_steps || program.has_calls;
  plan_frames(program);
}

std::vector<std::string> names_loaded_by_name(const Program& program, const Function& body) {
  std::vector<std::string> names;
  for (const Instruction& in : body.code) {
    if (in.opcode != Opcode::LOAD_GLOBAL || in.arg >= 0) continue;
    const std::string& name = program.strings[static_cast<std::size_t>(-1 - in.arg)];
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

void plan_frames(Program& program) {
  program.region_size.assign(program.functions.size(), 0);
  // Functions a thread can call: the ones some selected body loads by name.
  std::set<std::string> loaded;
  for (const auto& [name, f] : program.selected_functions)
    for (std::string& used : names_loaded_by_name(program, program.functions[f])) loaded.insert(std::move(used));
  std::vector<std::uint32_t> callable;
  for (const auto& [name, f] : program.selected_functions)
    if (loaded.count(name)) callable.push_back(f);
  std::uint32_t largest_callee = 0;
  for (std::uint32_t f : callable) largest_callee = std::max(largest_callee, 1 + program.frame_size(f));

  // need(f): slots for f's frame and the deepest chain of calls below it;
  // a function met again on the chain means recursion.
  enum class Mark : std::uint8_t { New, Active, Done };
  std::vector<Mark> mark(program.functions.size(), Mark::New);
  std::vector<std::uint32_t> need(program.functions.size(), 0);
  bool recursive = false;
  std::function<std::uint32_t(std::uint32_t)> visit = [&](std::uint32_t f) -> std::uint32_t {
    if (mark[f] == Mark::Done) return need[f];
    if (mark[f] == Mark::Active) {
      recursive = true;
      return 0;
    }
    mark[f] = Mark::Active;
    std::uint32_t below = 0;
    if (program.functions[f].loads_functions)
      for (std::uint32_t g : callable) below = std::max(below, 1 + visit(g));
    mark[f] = Mark::Done;
    return need[f] = program.frame_size(f) + below;
  };
  for (const auto& [name, f] : program.selected_functions) visit(f);
  for (const auto& [name, f] : program.selected_functions) {
    std::uint32_t size = need[f];
    // Recursion: room for the outermost frame and recursion_limit - 1 callees of any size.
    if (recursive && program.functions[f].loads_functions)
      size = std::max(size, program.frame_size(f) + (program.recursion_limit - 1) * largest_callee);
    if (size > kMaxThreadSlots)
      throw InputError({program.path, program.functions[f].line, program.functions[f].name_column},
                       "the frames of '" + name + "' need " + std::to_string(size) + " slots, more than the " +
                           std::to_string(kMaxThreadSlots) + " a thread may use",
                       program.line_text(program.functions[f].line));
    program.region_size[f] = size;
  }
  check_machine_size(program);
}

}  // namespace gilrace
