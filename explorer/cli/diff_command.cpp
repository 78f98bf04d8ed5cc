// `gilrace diff OLD NEW`: explores two versions of a scenario and reports
// the outcomes the new one gains and loses, for a change or a fix.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <thread>

#include "explorer/cli/option_parsing.hpp"
#include "explorer/cli/commands.hpp"
#include "explorer/cli/exit_codes.hpp"
#include "explorer/program/input_error.hpp"
#include "explorer/report/json_text.hpp"
#include "explorer/report/outcome_diff.hpp"
#include "explorer/strategy/memory_use.hpp"

namespace gilrace {
namespace {

struct DiffFlags {
  std::string old_path;
  std::string new_path;
  std::vector<std::string> defines;
  std::string model;
  std::string strategy = "auto";
  std::string json_path;
};

// explore's defaults: auto budgets its phases with the state limit, a
// strategy named outright gets what memory allows; every core.
ExploreOptions options_for(const DiffFlags& flags, const std::string& path) {
  ExploreOptions options;
  options.scenario_path = path;
  options.defines = parse_defines(flags.defines);
  options.model = flags.model;
  options.strategy = flags.strategy;
  options.limits.witnesses = 1;  // the diff draws one witness per gained outcome
  options.limits.jobs = parse_jobs("");  // every core
  options.limits.max_memory_bytes = physical_memory_bytes() / 4 * 3;  // stop cleanly before the OOM killer
  if (flags.strategy != "auto") options.limits.max_states = std::numeric_limits<std::uint64_t>::max();
  return options;
}

// The note explore prints when a limit ended a search early.
void note_limit(const std::string& which, const Exploration& e) {
  if (!e.limit_hit) return;
  std::cerr << "gilrace: note: the " << which << " scenario's " << (e.sample ? "sampling" : "search") << " stopped at "
            << e.limit_message << "\n";
}

int run_diff(const DiffFlags& flags) {
  if (flags.strategy == "bounded")
    throw InputError({}, "--strategy bounded needs a preemption bound, which diff does not take: use auto or exhaustive");
  // Both sessions first, so that bad input in either file is reported before
  // a search that may take minutes.
  ExploreSession old_session(options_for(flags, flags.old_path));
  ExploreSession new_session(options_for(flags, flags.new_path));
  if (!flags.json_path.empty() && flags.json_path != "-") {
    std::ofstream probe(flags.json_path, std::ios::app);
    if (!probe) throw InputError({flags.json_path, 0, 0}, "cannot write the file");
  }
  const Exploration old_exploration = old_session.explore({});
  const Exploration new_exploration = new_session.explore({});
  const ExploredScenario old_side{old_session, old_exploration}, new_side{new_session, new_exploration};
  const OutcomeDiff diff = compare_outcomes(old_side, new_side);

  if (!flags.json_path.empty()) {
    const std::string json = json_text(diff_to_json(old_side, new_side, diff));
    if (flags.json_path == "-") std::cout << json;
    else write_file(flags.json_path, json);
  }
  if (flags.json_path != "-") std::cout << render_diff_text(old_side, new_side, diff);
  note_limit("old", old_exploration);
  note_limit("new", new_exploration);
  if (gains_unexpected(new_side, diff)) return kExitUnexpected;
  // A partial side may lack outcomes it has: the gains and losses are not final.
  return old_exploration.partial || new_exploration.partial ? kExitInternal : kExitExpected;
}

}  // namespace

Command add_diff_command(CLI::App& app) {
  auto flags = std::make_shared<DiffFlags>();
  CLI::App* cmd = app.add_subcommand("diff", "explore two versions of a scenario and report the outcomes the new one "
                                              "gains and loses");
  cmd->footer(
      "Each gained outcome comes with a witness; exit status 1 when NEW gains an unexpected outcome, else 3 when a\n"
      "limit stopped either search part way.\n"
      "Example, a fix against the race it fixes:\n"
      "  gilrace diff scenarios/seed_counter.scn scenarios/seed_counter_locked.scn -D THREADS=3");
  cmd->add_option("OLD", flags->old_path, "the scenario before the change (.scn)")->required();
  cmd->add_option("NEW", flags->new_path, "the scenario after the change (.scn)")->required();
  cmd->add_option("-D", flags->defines, "override a `param` in both scenarios: -D THREADS=3")->type_name("NAME=VALUE");
  cmd->add_option("--model", flags->model, "interpreter model (see `gilrace models`); default: each scenario's, else every-op");
  cmd->add_option("--strategy", flags->strategy, "auto, exhaustive, dfs, dpor, random or pct, for both")->capture_default_str();
  cmd->add_option("--json", flags->json_path, "write the diff as JSON to PATH, or to stdout with -")->type_name("PATH|-");
  return {cmd, [flags] { return run_diff(*flags); }};
}

}  // namespace gilrace
