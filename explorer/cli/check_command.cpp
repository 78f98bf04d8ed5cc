// `gilrace check FILE... --baseline BASELINE.json [--update]`: explores each
// scenario (files, or every .scn in a directory) and compares its outcomes
// and exact counts with a stored baseline, for CI. Exit 0: nothing
// changed; 1: an outcome appeared or disappeared or a count changed; 2: a
// baseline that does not fit (another scenario, model, strategy or
// parameters, or not a baseline at all) or bad input; 3: a limit.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <limits>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/exit_codes.hpp"
#include "explorer/cli/option_parsing.hpp"
#include "explorer/program/input_error.hpp"
#include "explorer/report/baseline.hpp"
#include "explorer/report/json_reading.hpp"
#include "explorer/report/json_text.hpp"
#include "explorer/report/junit_xml.hpp"
#include "explorer/report/text_report.hpp"
#include "explorer/strategy/memory_use.hpp"
#include "explorer/strategy/strategy.hpp"

namespace gilrace {
namespace {

struct CheckFlags {
  std::vector<std::string> files;
  std::string baseline;
  bool update = false;
  std::string junit;
  std::vector<std::string> defines;
  std::string model;
  std::string strategy = "auto";
  std::uint32_t preemptions = kUnbounded;
  std::string jobs;
  std::uint32_t max_steps = 10000;
  double time_limit = 0;
};

// The scenarios named: files as given, directories as their .scn files in name order.
std::vector<std::string> scenario_files(const std::vector<std::string>& named) {
  std::vector<std::string> files;
  for (const std::string& name : named) {
    if (!std::filesystem::is_directory(name)) {
      files.push_back(name);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(name))
      if (entry.is_regular_file() && entry.path().extension() == ".scn") found.push_back(entry.path().string());
    if (found.empty()) throw InputError({name, 0, 0}, "no .scn files in the directory");
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// The baseline's entry for `now`'s scenario, or an InputError saying why it does not fit.
const BaselineEntry& entry_for(const std::vector<BaselineEntry>& baseline, const BaselineEntry& now,
                               const std::string& baseline_path) {
  const auto it = std::find_if(baseline.begin(), baseline.end(), [&](const BaselineEntry& e) { return e.path == now.path; });
  const auto misfit = [&](const std::string& what) {
    return InputError({baseline_path, 0, 0}, now.path + ": " + what + " (rewrite the baseline with --update)");
  };
  if (it == baseline.end()) throw misfit("not in the baseline");
  if (it->model != now.model) throw misfit("the baseline is for model " + it->model + ", this check runs " + now.model);
  if (it->strategy != now.strategy)
    throw misfit("the baseline is for strategy " + it->strategy + ", this check runs " + now.strategy);
  if (it->params != now.params)
    throw misfit("the baseline is for parameters " + it->params.dump() + ", this check runs " + now.params.dump());
  return *it;
}

// The JUnit test case of one checked scenario: failed when it changed, with
// every change and a witness of each unexpected outcome `before` lacks.
JUnitCase check_case(ExploreSession& session, const Exploration& exploration, const std::vector<std::string>& changes,
                     const BaselineEntry* before) {
  JUnitCase c = junit_case_for(session, exploration, {});
  c.failed = !changes.empty();
  c.failure_text.clear();
  if (!c.failed) return c;
  c.failure_type = "baseline-changed";
  c.failure_message = changes.front() + (changes.size() > 1 ? "; and " + std::to_string(changes.size() - 1) + " more" : "");
  for (const std::string& change : changes) c.failure_text += change + "\n";
  for (const OutcomeResult& o : exploration.outcomes) {
    const std::string label = outcome_label(session.program(), o.outcome);
    const bool known = before && std::any_of(before->outcomes.begin(), before->outcomes.end(),
                                             [&](const BaselineOutcome& b) { return b.outcome == label; });
    if (!o.outcome.expected && !known && !o.witnesses.empty())
      c.failure_text += "\n" + label + ", witness:\n" + render_trace(session.trace_of(o.witnesses.front()));
  }
  return c;
}

// The JUnit test case of a scenario whose search a limit stopped part way.
JUnitCase stopped_case(ExploreSession& session, const Exploration& exploration) {
  JUnitCase c = junit_case_for(session, exploration, {});
  c.failed = true;
  c.failure_type = "limit";
  c.failure_message = "stopped by " + exploration.limit_message;
  c.failure_text = c.failure_message + "\n";
  return c;
}

int run_check(const CheckFlags& flags) {
  ExploreOptions options;
  options.defines = parse_defines(flags.defines);
  options.model = flags.model;
  options.strategy = flags.strategy;
  options.max_steps = flags.max_steps;
  options.limits.preemption_bound = flags.preemptions;
  options.limits.jobs = parse_jobs(flags.jobs);
  options.limits.time_limit_seconds = flags.time_limit;
  options.limits.witnesses = flags.junit.empty() ? 0 : 1;  // a baseline keeps counts only; JUnit shows a witness
  // explore's defaults: auto budgets its phases with the state limit, a
  // strategy named outright gets what memory allows.
  if (flags.strategy != "auto") options.limits.max_states = std::numeric_limits<std::uint64_t>::max();
  options.limits.max_memory_bytes = physical_memory_bytes() / 4 * 3;  // stop cleanly before the OOM killer
  if (is_sampling_strategy(flags.strategy))
    throw InputError({}, "--strategy " + flags.strategy + " samples runs: gilrace check compares exact counts");
  if (flags.strategy == "bounded" && flags.preemptions == kUnbounded)
    throw InputError({}, "--strategy bounded needs --preemptions K");

  std::vector<BaselineEntry> baseline;
  if (!flags.update) baseline = baseline_from_json(parse_json_file(flags.baseline), flags.baseline);
  std::vector<BaselineEntry> now;
  std::vector<JUnitCase> cases;
  int status = kExitExpected;
  for (const std::string& file : scenario_files(flags.files)) {
    options.scenario_path = file;
    ExploreSession session(options);
    const Exploration exploration = session.explore({});
    if (exploration.partial) {  // its counts depend on where the limit struck: nothing to record or compare
      std::cout << file << ": STOPPED by " << exploration.limit_message << "; not "
                << (flags.update ? "recorded" : "compared") << "\n";
      if (status == kExitExpected) status = kExitInternal;  // a change found elsewhere (1) says more
      if (!flags.junit.empty()) cases.push_back(stopped_case(session, exploration));
      continue;
    }
    now.push_back(baseline_entry(session, exploration));
    const BaselineEntry& entry = now.back();
    if (flags.update) {
      if (!flags.junit.empty()) cases.push_back(check_case(session, exploration, {}, nullptr));
      std::cout << file << ": recorded " << entry.outcomes.size() << " outcome" << (entry.outcomes.size() == 1 ? "" : "s")
                << ", " << entry.total << " interleavings\n";
      continue;
    }
    const BaselineEntry& before = entry_for(baseline, entry, flags.baseline);
    const std::vector<std::string> changes = baseline_changes(before, entry);
    if (changes.empty()) {
      std::cout << file << ": unchanged (" << entry.outcomes.size() << " outcome"
                << (entry.outcomes.size() == 1 ? "" : "s") << ", " << entry.total << " interleavings)\n";
    } else {
      status = kExitUnexpected;
      std::cout << file << ": CHANGED\n";
      for (const std::string& change : changes) std::cout << "  " << change << "\n";
    }
    for (const BaselineOutcome& o : entry.outcomes)
      if (!o.expected && changes.empty()) std::cout << "  known unexpected outcome: " << o.outcome << "\n";
    if (before.sha256 != entry.sha256) std::cout << "  note: the scenario's text changed since the baseline\n";
    if (!flags.junit.empty()) cases.push_back(check_case(session, exploration, changes, &before));
  }
  if (!flags.junit.empty()) write_file(flags.junit, junit_xml("gilrace check", cases));
  if (flags.update) {
    write_file(flags.baseline, json_text(baseline_to_json(now)));
    std::cout << "wrote " << flags.baseline << " (" << now.size() << " scenario" << (now.size() == 1 ? "" : "s")
              << ")\n";
  }
  return status;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto flags = std::make_shared<CheckFlags>();
  CLI::App* cmd = app.add_subcommand("check", "compare the outcomes and exact counts of scenarios with a baseline (CI)");
  cmd->add_option("FILE", flags->files, "scenario files, or directories of .scn files")->required();
  cmd->add_option("--baseline", flags->baseline, "the baseline JSON file")->required()->type_name("BASELINE.json");
  cmd->add_flag("--update", flags->update, "explore and (re)write the baseline instead of comparing");
  cmd->add_option("--junit", flags->junit, "also write JUnit XML to PATH: a test case per scenario, failed when it changed")
      ->type_name("PATH");
  cmd->add_option("-D", flags->defines, "override a `param` in every scenario: -D THREADS=3")->type_name("NAME=VALUE");
  cmd->add_option("--model", flags->model, "interpreter model; default: each scenario's, else every-op");
  cmd->add_option("--strategy", flags->strategy, "auto, exhaustive, bounded, dfs or dpor")->capture_default_str();
  cmd->add_option("--preemptions", flags->preemptions, "count only interleavings with at most K preemptions")
      ->type_name("K")->check(whole_number(UINT32_MAX));
  cmd->add_option("--jobs", flags->jobs, "threads the stateful search uses (default: every core)")->type_name("N");
  cmd->add_option("--max-steps", flags->max_steps, "opcodes one thread may execute")
      ->check(whole_number(UINT32_MAX))->capture_default_str();
  cmd->add_option("--time-limit", flags->time_limit, "stop after SECONDS per scenario (0: no limit)")
      ->type_name("SECONDS")->check(seconds());
  cmd->footer(
      "Examples:\n"
      "  gilrace check scenarios/ --baseline gilrace-baseline.json --update   # record\n"
      "  gilrace check scenarios/ --baseline gilrace-baseline.json            # compare, in CI\n"
      "Exit status: 0 nothing changed, 1 an outcome or count changed, 2 bad input or a baseline that does not fit,\n"
      "3 a limit stopped a search part way (that scenario is not compared) or an internal error.");
  return {cmd, [flags] { return run_check(*flags); }};
}

}  // namespace gilrace
