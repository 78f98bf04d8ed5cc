// `gilrace replay TRACE.json [--scenario FILE]`: re-executes a recorded
// interleaving step by step and checks it against the recording.
#include <iostream>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/exit_codes.hpp"
#include "explorer/program/input_error.hpp"
#include "explorer/report/json_reading.hpp"
#include "explorer/report/text_report.hpp"
#include "explorer/report/trace_json.hpp"
#include "models/interpreter_model.hpp"

namespace gilrace {
namespace {

struct ReplayFlags {
  std::string trace_path;
  std::string scenario_path;
};

int replay_one(const LoadedTrace& loaded, const ReplayFlags& flags) {
  const Trace& recorded = loaded.trace;
  const bool chosen = !flags.scenario_path.empty();
  const std::string path = chosen ? flags.scenario_path : recorded.scenario_path;
  Defines defines;
  for (const auto& [name, value] : recorded.params) defines[name] = std::to_string(value);
  std::string text;
  try {
    text = read_scenario_file(path);
  } catch (const InputError&) {
    if (chosen) throw;  // the file named on the command line: its own message
    throw InputError({flags.trace_path, 0, 0}, "cannot read the scenario " + path +
                                                   " the trace was recorded for (pass --scenario FILE)");
  }
  Program program = parse_scenario(path, text, defines, flags.trace_path);
  program.step_limit = recorded.max_steps;
  if (program.sha256 != recorded.scenario_sha256) {
    if (chosen) {
      throw InputError({flags.trace_path, 0, 0},
                       "the trace was recorded for another scenario: " + recorded.scenario_path + " with sha256 " +
                           recorded.scenario_sha256.substr(0, 12) + "..., but " + path + " has sha256 " +
                           program.sha256.substr(0, 12) + "...");
    }
    std::cout << "note: " << path << " changed since the trace was recorded (sha256 "
              << recorded.scenario_sha256.substr(0, 12) << "... then, " << program.sha256.substr(0, 12)
              << "... now); replaying to find where it diverges\n";
  }
  const InterpreterModel* found = nullptr;
  try {
    found = &find_interpreter_model(recorded.model);
  } catch (const InputError& e) {
    throw InputError({flags.trace_path, 0, 0}, std::string("\"model\": ") + e.what());
  }
  const InterpreterModel& model = *found;
  apply_model(program, model);
  FiberRuntime runtime(program, model);
  const RecordingReplay replay = replay_recording(runtime, recorded.steps);
  Trace actual = recorded;
  actual.steps = replay.steps;
  actual.thread_status = thread_ends(runtime.machine());
  actual.waits = lock_waits(program, runtime.machine());
  if (replay.error) {
    std::cout << render_trace(actual);
    std::cerr << flags.trace_path << ": replay diverges at step " << replay.error_step + 1 << ": " << *replay.error << "\n";
    return kExitBadInput;
  }
  actual.outcome = replay.outcome;
  std::cout << render_trace(actual);
  nlohmann::json reached = outcome_to_json(program, replay.outcome);
  reached.erase("expected");
  if (reached != loaded.outcome) {
    std::cerr << flags.trace_path << ": every step matches, but the outcome differs: the trace recorded "
              << loaded.outcome.dump() << ", the replay reached " << reached.dump() << "\n";
    return kExitBadInput;
  }
  std::cout << "replayed " << replay.steps.size() << " steps (" << replay.preemptions << " preemption"
            << (replay.preemptions == 1 ? "" : "s") << "): " << outcome_label(program, replay.outcome)
            << (replay.outcome.expected ? " (expected)" : " (unexpected)") << ", as recorded\n";
  return kExitExpected;
}

int run_replay(const ReplayFlags& flags) {
  const std::vector<LoadedTrace> traces = traces_from_json(parse_json_file(flags.trace_path), flags.trace_path);
  int status = kExitExpected;
  for (std::size_t i = 0; i < traces.size(); ++i) {
    if (traces.size() > 1) std::cout << (i ? "\n" : "") << "trace " << i + 1 << " of " << traces.size() << ":\n";
    status = std::max(status, replay_one(traces[i], flags));
    if (status == kExitBadInput) break;
  }
  return status;
}

}  // namespace

Command add_replay_command(CLI::App& app) {
  auto flags = std::make_shared<ReplayFlags>();
  CLI::App* cmd = app.add_subcommand("replay", "re-execute a trace (or every witness in a report) and check each step");
  cmd->footer(
      "Examples:\n"
      "  gilrace explore scenarios/seed_counter.scn -D THREADS=3 --traces traces/\n"
      "  gilrace replay traces/outcome-2-witness-1.json\n"
      "  gilrace replay report.json --scenario scenarios/seed_counter.scn");
  cmd->add_option("TRACE", flags->trace_path, "trace or report JSON file")->required();
  cmd->add_option("--scenario", flags->scenario_path, "the scenario to replay against (default: the one the trace names)");
  return {cmd, [flags] { return run_replay(*flags); }};
}

}  // namespace gilrace
