// `gilrace explore FILE`: every outcome, with counts, preemptions and witnesses.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <thread>

#include "explorer/cli/option_parsing.hpp"
#include "explorer/cli/commands.hpp"
#include "explorer/cli/exit_codes.hpp"
#include "explorer/cli/progress_printer.hpp"
#include "explorer/report/terminal_colour.hpp"
#include "explorer/program/input_error.hpp"
#include "explorer/report/html_report.hpp"
#include "explorer/report/json_text.hpp"
#include "explorer/report/junit_xml.hpp"
#include "explorer/report/report_json.hpp"
#include "explorer/report/text_report.hpp"
#include "explorer/report/trace_json.hpp"
#include "explorer/strategy/memory_use.hpp"

namespace gilrace {
namespace {

struct ExploreFlags {
  ExploreOptions options;
  std::vector<std::string> defines;
  std::uint32_t preemptions = kUnbounded;
  std::string json_path;
  std::string junit_path;
  std::string html_path;
  std::string traces_dir;
  bool progress = false;
  bool no_progress = false;
  std::size_t details = 2;
  CLI::Option* runs = nullptr;  // set when given: they go with the sampling strategies only
  CLI::Option* max_states = nullptr;
  CLI::Option* pct_depth = nullptr;
  std::string switch_prob;
  std::string max_memory;
  std::string jobs;
};

// Makes the trace directory and checks the JSON path can be written.
void check_outputs(const ExploreFlags& flags) {
  if (!flags.traces_dir.empty()) {
    std::error_code error;
    if (std::filesystem::exists(flags.traces_dir) && !std::filesystem::is_directory(flags.traces_dir))
      throw InputError({flags.traces_dir, 0, 0}, "cannot create the trace directory: a file is in the way");
    std::filesystem::create_directories(flags.traces_dir, error);
    if (error) throw InputError({flags.traces_dir, 0, 0}, "cannot create the trace directory: " + error.message());
  }
  for (const std::string& path : {flags.json_path, flags.junit_path, flags.html_path}) {
    if (path.empty() || path == "-") continue;
    std::ofstream probe(path, std::ios::app);
    if (!probe) throw InputError({path, 0, 0}, "cannot write the file");
  }
}

// Witness traces, at most kWitnessSteps steps of them in all: a spin loop
// under a large --max-steps makes traces of 10^5 steps and more, and
// hundreds of them would not fit in memory. Only the outcomes the text
// report draws need traces unless a file takes every witness.
constexpr std::size_t kWitnessSteps = 1'000'000;

std::vector<std::vector<Trace>> witness_traces(ExploreSession& session, const Exploration& exploration,
                                               bool every_witness, std::size_t drawn_outcomes) {
  std::vector<std::vector<Trace>> traces(exploration.outcomes.size());
  std::size_t steps = 0, left_out = 0, unexpected = 0;
  for (std::size_t i = 0; i < exploration.outcomes.size(); ++i) {
    const OutcomeResult& outcome = exploration.outcomes[i];
    if (!every_witness && (outcome.outcome.expected || unexpected++ >= drawn_outcomes)) continue;
    for (const Witness& witness : outcome.witnesses) {
      if (steps >= kWitnessSteps) {
        ++left_out;
        continue;
      }
      traces[i].push_back(session.trace_of(witness));
      steps += traces[i].back().steps.size();
    }
  }
  if (left_out)
    std::cerr << "gilrace: note: " << left_out << " witness" << (left_out == 1 ? " was" : "es were")
              << " left out of the report: the witnesses before them already hold " << steps
              << " steps (lower --witnesses N or --max-steps N)\n";
  return traces;
}

// On stderr: what a limit left open, which is why the status is 3 (unless
// an unexpected outcome makes it 1).
void note_limits(const Exploration& e) {
  if (e.limit_hit && e.sample)
    std::cerr << "gilrace: note: the sampling stopped at " << e.limit_message << "; the counts cover the "
              << e.sample->runs << " runs made of the " << e.sample->runs_requested << " requested\n";
  else if (e.partial)
    std::cerr << "gilrace: note: the search stopped at " << e.limit_message
              << "; the report is partial: it has the outcomes reached so far, and each count covers only the "
              << (e.counts_traces ? "traces" : "interleavings") << " explored"
              << (e.strategy == "exhaustive" ? "; --strategy auto or --strategy bounded --preemptions K give exact "
                                               "counts under a preemption bound"
                                             : "")
              << "\n";
  else if (e.limit_hit)
    std::cerr << "gilrace: note: the search stopped at " << e.limit_message << "; the counts cover every interleaving with "
              << e.bound.substr(0, e.bound.find(';')) << "\n";
  std::size_t stopped = 0;
  for (const OutcomeResult& o : e.outcomes) stopped += o.outcome.step_limit ? 1 : 0;
  if (stopped)
    std::cerr << "gilrace: note: in " << stopped << (stopped == 1 ? " outcome" : " outcomes")
              << " a thread was stopped by the step limit (raise it with --max-steps N)\n";
}

int run_explore(ExploreFlags& flags) {
  flags.options.defines = parse_defines(flags.defines);
  flags.options.limits.preemption_bound = flags.preemptions;
  flags.options.limits.jobs = parse_jobs(flags.jobs);
  if (flags.options.strategy == "bounded" && flags.preemptions == kUnbounded)
    throw InputError({}, "--strategy bounded needs --preemptions K");
  if (flags.options.strategy == "exhaustive" && flags.preemptions != kUnbounded)
    throw InputError({}, "--strategy exhaustive counts every interleaving: --preemptions K goes with bounded, auto or dfs");
  if (flags.options.strategy == "dpor" && flags.preemptions != kUnbounded)
    throw InputError({}, "--strategy dpor counts every trace: --preemptions K goes with bounded, auto or dfs");
  if (flags.options.strategy == "dpor" && !flags.switch_prob.empty())
    throw InputError({}, "--switch-prob P goes with exhaustive, bounded, auto or dfs: dpor runs one interleaving of each "
                         "trace, and the probabilities need them all");
  const bool sampling = is_sampling_strategy(flags.options.strategy);
  if (sampling && flags.preemptions != kUnbounded)
    throw InputError({}, "--strategy " + flags.options.strategy +
                             " samples runs without a preemption bound: --preemptions K goes with bounded, auto or dfs");
  if (!sampling && flags.runs->count() > 0) throw InputError({}, "--runs N goes with --strategy random or pct");
  if (flags.options.strategy != "pct" && flags.pct_depth->count() > 0)
    throw InputError({}, "--pct-depth D goes with --strategy pct");
  if (sampling && !flags.switch_prob.empty())
    throw InputError({}, "--switch-prob P goes with exhaustive, bounded, auto or dfs: a sample has no exact probabilities");
  if (!flags.switch_prob.empty()) {
    try {
      flags.options.limits.switch_probability = parse_switch_probability(flags.switch_prob);
    } catch (const std::invalid_argument& e) {
      throw InputError({}, "--switch-prob " + flags.switch_prob + ": " + e.what());
    }
  }
  // A strategy asked for by name gets what memory allows; auto needs a
  // state budget to decide between its phases.
  if (flags.max_states->count() == 0 && flags.options.strategy != "auto")
    flags.options.limits.max_states = std::numeric_limits<std::uint64_t>::max();
  if (!flags.max_memory.empty()) {
    try {
      flags.options.limits.max_memory_bytes = parse_memory_size(flags.max_memory);
    } catch (const std::invalid_argument& e) {
      throw InputError({}, "--max-memory " + flags.max_memory + ": " + e.what());
    }
  } else {
    flags.options.limits.max_memory_bytes = physical_memory_bytes() / 4 * 3;  // stop cleanly before the OOM killer
  }
  ExploreSession session(flags.options);
  check_outputs(flags);  // before a search that may take minutes

  const bool show_progress = !flags.no_progress && (flags.progress || isatty(STDERR_FILENO));
  std::unique_ptr<ProgressPrinter> printer;
  ProgressSink sink;
  if (show_progress) {
    printer = std::make_unique<ProgressPrinter>(isatty(STDERR_FILENO));
    sink = [&printer](const Progress& p) { (*printer)(p); };
  }
  const Exploration exploration = session.explore(sink);
  printer.reset();

  const bool every_witness = !flags.json_path.empty() || !flags.junit_path.empty() || !flags.html_path.empty() ||
                             !flags.traces_dir.empty();
  const std::vector<std::vector<Trace>> traces = witness_traces(session, exploration, every_witness, flags.details);

  if (!flags.traces_dir.empty()) {
    std::size_t written = 0;
    for (std::size_t i = 0; i < traces.size(); ++i) {
      for (std::size_t w = 0; w < traces[i].size(); ++w) {
        const std::string path = flags.traces_dir + "/outcome-" + std::to_string(i + 1) + "-witness-" +
                                 std::to_string(w + 1) + ".json";
        write_file(path, json_text(trace_to_json(session.program(), traces[i][w])));
        ++written;
      }
    }
    std::cerr << "wrote " << written << " trace" << (written == 1 ? "" : "s") << " to " << flags.traces_dir << "\n";
  }

  if (!flags.json_path.empty()) {
    const std::string json = json_text(report_to_json(session, exploration, traces));
    if (flags.json_path == "-") std::cout << json;
    else write_file(flags.json_path, json);
  }
  if (!flags.junit_path.empty())
    write_file(flags.junit_path, junit_xml("gilrace", {junit_case_for(session, exploration, traces)}));
  if (!flags.html_path.empty()) write_file(flags.html_path, render_html_report(session, exploration, traces));
  if (flags.json_path != "-") {
    TextReportOptions text;
    text.detailed_outcomes = flags.details;
    text.colour = colour_wanted(isatty(STDOUT_FILENO));
    std::cout << render_text_report(session, exploration, traces, text);
  }
  note_limits(exploration);
  return exit_status_of(exploration);
}

}  // namespace

Command add_explore_command(CLI::App& app) {
  auto flags = std::make_shared<ExploreFlags>();
  CLI::App* cmd = app.add_subcommand("explore", "explore every interleaving of a scenario and report its outcomes");
  cmd->footer(
      "Examples:\n"
      "  gilrace explore scenarios/seed_counter.scn -D THREADS=3\n"
      "  gilrace explore scenarios/seed_counter.scn --model cpython-3.11 --json report.json\n"
      "  gilrace explore scenarios/seed_counter.scn --strategy bounded --preemptions 2 --jobs 2\n"
      "Exit status: 0 every outcome expected, 1 an unexpected outcome, 2 bad input, 3 a limit left the answer open\n"
      "(the report says what it covers) or an internal error.\n"
      "Colour: on a terminal unless NO_COLOR is set; CLICOLOR_FORCE=1 forces it.");
  cmd->add_option("FILE", flags->options.scenario_path, "scenario file (.scn)")->required();
  cmd->add_option("-D", flags->defines, "override a `param`: -D THREADS=3")->type_name("NAME=VALUE");
  cmd->add_option("--model", flags->options.model, "interpreter model (see `gilrace models`); default: the scenario's, else every-op");
  cmd->add_option("--strategy", flags->options.strategy, "auto, exhaustive, bounded, dfs, dpor, random or pct")->capture_default_str();
  cmd->add_option("--preemptions", flags->preemptions, "count only interleavings with at most K preemptions")
      ->type_name("K")->check(whole_number(UINT32_MAX));
  cmd->add_option("--witnesses", flags->options.limits.witnesses, "witness interleavings kept per outcome")
      ->check(whole_number(UINT32_MAX))->capture_default_str();
  SamplingOptions& sampling = flags->options.limits.sampling;
  cmd->add_option("--seed", sampling.seed, "seed of --strategy random and pct: the same seed gives the same runs")
      ->type_name("X")->check(whole_number(UINT64_MAX))->capture_default_str();
  flags->runs = cmd->add_option("--runs", sampling.runs, "random walks (--strategy random) or runs (pct) to make")
                    ->type_name("N")->check(whole_number(UINT64_MAX))->capture_default_str();
  flags->pct_depth = cmd->add_option("--pct-depth", sampling.pct_depth, "--strategy pct: bug depth D, with D-1 priority change points per run")
                         ->type_name("D")->check(whole_number(UINT32_MAX))->capture_default_str();
  cmd->add_option("--switch-prob", flags->switch_prob,
                  "also give each outcome's exact probability when each switch point preempts with probability P")
      ->type_name("P");
  cmd->add_option("--json", flags->json_path, "write the report as JSON to PATH, or to stdout with -")->type_name("PATH|-");
  cmd->add_option("--html", flags->html_path, "also write a self-contained HTML report with SVG swimlanes to PATH")
      ->type_name("PATH");
  cmd->add_option("--junit", flags->junit_path, "also write JUnit XML to PATH: one test case, failed by an unexpected outcome")
      ->type_name("PATH");
  cmd->add_option("--traces", flags->traces_dir, "write every witness as a trace file into DIR")->type_name("DIR");
  cmd->add_flag("--progress", flags->progress, "show progress on stderr even when it is not a terminal");
  cmd->add_flag("--no-progress", flags->no_progress, "never show progress");
  flags->max_states = cmd->add_option("--max-states", flags->options.limits.max_states,
                                      "most states a stateful search may store (default: 1000000 for auto, which "
                                      "budgets its phases with it; no limit but --max-memory for the others)")
                        ->check(whole_number(UINT64_MAX));
  cmd->add_option("--max-memory", flags->max_memory,
                  "stop a stateful search cleanly, with a partial report, once the process uses SIZE (default: 3/4 of "
                  "the machine's memory)")
      ->type_name("SIZE");
  cmd->add_option("--jobs", flags->jobs,
                  "threads the stateful searches (exhaustive, bounded, auto) expand states on, with the same result "
                  "for every N; the stateless strategies (dfs, random, pct) ignore it (default: every core)")
      ->type_name("N");
  cmd->add_option("--max-steps", flags->options.max_steps, "opcodes one thread may execute; a spin loop ends there as \"step limit\"")
      ->check(whole_number(UINT32_MAX))->capture_default_str();
  cmd->add_option("--time-limit", flags->options.limits.time_limit_seconds, "stop after SECONDS (0: no limit)")
      ->type_name("SECONDS")->check(seconds());
  cmd->add_option("--details", flags->details, "unexpected outcomes whose witnesses the text report draws")
      ->check(whole_number(UINT32_MAX))->capture_default_str();
  return {cmd, [flags] { return run_explore(*flags); }};
}

}  // namespace gilrace
