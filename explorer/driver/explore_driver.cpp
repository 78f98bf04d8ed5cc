#include "explorer/driver/explore_driver.hpp"

#include "explorer/program/input_error.hpp"
#include "explorer/program/machine_values.hpp"

namespace gilrace {

ExploreSession::ExploreSession(const ExploreOptions& options) : options_(options) {
  strategy_ = make_strategy(options.strategy);
  if (!strategy_) {
    std::string known;
    for (const auto& name : strategy_names()) known += (known.empty() ? "" : ", ") + name;
    throw InputError({}, "--strategy: unknown strategy '" + options.strategy + "' (known strategies: " + known + ")");
  }
  program_ = std::make_unique<Program>(load_scenario(options.scenario_path, options.defines));
  if (options.max_steps == 0) throw InputError({}, "--max-steps: must be at least 1");
  if (options.limits.sampling.runs == 0) throw InputError({}, "--runs: must be at least 1");
  if (options.limits.sampling.pct_depth == 0)
    throw InputError({}, "--pct-depth: must be at least 1 (depth 1 runs the threads one after another)");
  program_->step_limit = options.max_steps;
  model_ = &choose_interpreter_model(*program_, options.model);
  runtime_ = make_runtime(*program_, *model_);
}

Exploration ExploreSession::explore(const ProgressSink& progress) {
  return strategy_->explore(*runtime_, options_.limits, progress);
}

Trace ExploreSession::trace_of(const Witness& witness) {
  const ReplayResult replay = replay_schedule(*runtime_, witness.schedule);
  if (replay.error) throw std::logic_error("a witness does not replay: " + *replay.error);
  Trace trace;
  trace.scenario_path = program_->path;
  trace.scenario_sha256 = program_->sha256;
  trace.params = program_->params;
  trace.model = model_->name;
  trace.max_steps = program_->step_limit;
  trace.steps = replay.steps;
  trace.outcome = replay.outcome;
  trace.preemptions = replay.preemptions;
  trace.thread_status = thread_ends(runtime_->machine());
  trace.waits = lock_waits(*program_, runtime_->machine());
  return trace;
}

std::vector<std::string> lock_waits(const Program& program, const Machine& machine) {
  std::vector<std::string> waits;
  for (std::uint32_t t = 0; t < machine.threads.size(); ++t) {
    const std::int64_t lock = lock_waited_for(program, machine, t);
    if (lock < 0) continue;
    const std::string name = global_holding(program, machine, static_cast<std::uint32_t>(lock)).value_or("a lock");
    const std::int32_t owner = machine.heap[static_cast<std::size_t>(lock)].owner;
    waits.push_back("T" + std::to_string(t + 1) + " waits for " + name +
                    (owner >= 0 ? ", held by T" + std::to_string(owner + 1) + (owner == static_cast<std::int32_t>(t) ? " itself" : "")
                                : ""));
  }
  return waits;
}

std::vector<ThreadStatus> thread_ends(const Machine& machine) {
  std::vector<ThreadStatus> ends;
  for (const ThreadState& t : machine.threads) ends.push_back(t.status);
  return ends;
}

std::unique_ptr<FiberRuntime> make_runtime(const Program& program, const InterpreterModel& model) {
  return std::make_unique<FiberRuntime>(program, model);
}

}  // namespace gilrace
