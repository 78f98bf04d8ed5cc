#include "explorer/strategy/replay.hpp"

#include "explorer/strategy/preemption_tracker.hpp"

namespace gilrace {

ReplayResult replay_schedule(FiberRuntime& runtime, const Schedule& schedule) {
  ReplayResult result;
  runtime.reset();
  PreemptionTracker preemptions;
  for (std::size_t i = 0; i < schedule.size(); ++i) {
    const std::uint32_t t = schedule[i];
    if (t >= runtime.thread_count()) {
      result.error = "choice " + std::to_string(i + 1) + " names thread T" + std::to_string(t + 1) + ", but the scenario has " +
                     std::to_string(runtime.thread_count()) + " threads";
      result.error_choice = i;
      return result;
    }
    if (!runtime.runnable(t)) {
      result.error = "choice " + std::to_string(i + 1) + " runs T" + std::to_string(t + 1) + ", which " +
                     (runtime.done(t) ? "has already finished" : "is blocked");
      result.error_choice = i;
      return result;
    }
    preemptions.choose(runtime, t);
    runtime.step(t, &result.steps);
    preemptions.stepped(runtime);
    result.preemptions = preemptions.preemptions();
  }
  for (std::uint32_t t = 0; t < runtime.thread_count(); ++t) {
    if (runtime.runnable(t)) {
      result.error = "the schedule ends while T" + std::to_string(t + 1) + " can still run";
      result.error_choice = schedule.size();
      return result;
    }
  }
  result.outcome = describe_outcome(runtime.program(), runtime.machine());
  return result;
}

namespace {

std::optional<StepDifference> step_difference(std::size_t index, const StepRecord& r, const StepRecord& a) {
  if (r.thread == a.thread && r.function == a.function && r.pc == a.pc && r.opcode == a.opcode && r.arg == a.arg &&
      r.effect.effect == a.effect.effect)
    return std::nullopt;
  return StepDifference{index, "step " + std::to_string(index + 1) + " differs: the trace recorded " + describe_step(r) +
                                   ", the scenario now does " + describe_step(a)};
}

}  // namespace

RecordingReplay replay_recording(FiberRuntime& runtime, const std::vector<StepRecord>& recorded) {
  RecordingReplay result;
  runtime.reset();
  PreemptionTracker preemptions;
  const auto fail = [&](std::size_t step, std::string message) {
    result.error = std::move(message);
    result.error_step = step;
    return result;
  };
  while (result.steps.size() < recorded.size()) {
    const std::size_t i = result.steps.size();
    const StepRecord& want = recorded[i];
    const std::uint32_t t = want.thread;
    if (t >= runtime.thread_count())
      return fail(i, "step " + std::to_string(i + 1) + " names thread T" + std::to_string(t + 1) + ", but the scenario has " +
                         std::to_string(runtime.thread_count()) + " threads");
    if (!runtime.runnable(t))
      return fail(i, "step " + std::to_string(i + 1) + " differs: the trace recorded " + describe_step(want) + ", but T" +
                         std::to_string(t + 1) + (runtime.done(t) ? " has already finished" : " is blocked"));
    preemptions.choose(runtime, t);
    runtime.step(t, &result.steps);
    preemptions.stepped(runtime);
    result.preemptions = preemptions.preemptions();
    // Only the steps this one added: the earlier ones were checked already.
    for (std::size_t at = i; at < std::min(recorded.size(), result.steps.size()); ++at)
      if (auto difference = step_difference(at, recorded[at], result.steps[at]))
        return fail(difference->index, difference->message);
  }
  if (result.steps.size() > recorded.size())
    return fail(recorded.size(), "the trace ends inside a step: the scenario now runs " + describe_step(result.steps[recorded.size()]));
  for (std::uint32_t t = 0; t < runtime.thread_count(); ++t)
    if (runtime.runnable(t))
      return fail(recorded.size(), "the trace ends while T" + std::to_string(t + 1) + " can still run");
  result.outcome = describe_outcome(runtime.program(), runtime.machine());
  return result;
}

std::string describe_step(const StepRecord& step) {
  std::string text = "T" + std::to_string(step.thread + 1) + " " +
                     (step.function.empty() ? "" : step.function + ": ") + std::string(opcode_name(step.opcode));
  if (!step.arg.empty()) text += " " + step.arg;
  if (!step.effect.effect.empty()) text += " (" + step.effect.effect + ")";
  return text + " at pc " + std::to_string(step.pc);
}

std::optional<StepDifference> first_difference(const std::vector<StepRecord>& recorded,
                                               const std::vector<StepRecord>& actual) {
  const std::size_t n = std::min(recorded.size(), actual.size());
  for (std::size_t i = 0; i < n; ++i)
    if (auto difference = step_difference(i, recorded[i], actual[i])) return difference;
  if (recorded.size() != actual.size()) {
    return StepDifference{n, "the trace recorded " + std::to_string(recorded.size()) + " steps, the scenario now takes " +
                                 std::to_string(actual.size())};
  }
  return std::nullopt;
}

}  // namespace gilrace
