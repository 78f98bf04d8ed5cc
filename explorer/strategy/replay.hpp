// (d) Replay: follows a recorded schedule step by step, records what each
// opcode does, and checks it against the recording when one is given.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "explorer/strategy/strategy.hpp"

namespace gilrace {

struct ReplayResult {
  std::vector<StepRecord> steps;  // one per opcode executed
  OutcomeValue outcome;
  std::uint32_t preemptions = 0;
  // Set when the schedule cannot be followed (a thread that cannot run).
  std::optional<std::string> error;
  std::size_t error_choice = 0;  // index in the schedule
};

// Runs `schedule` from the initial state. Stops at the first choice whose
// thread is not runnable, or at the end: a schedule must leave no thread
// able to run.
ReplayResult replay_schedule(FiberRuntime& runtime, const Schedule& schedule);

// Replays a recording: at each recorded step, runs that step's thread to
// its next switch point and compares what it did with the recording. Stops
// at the first difference (`error`, `error_step`).
struct RecordingReplay {
  std::vector<StepRecord> steps;
  OutcomeValue outcome;
  std::uint32_t preemptions = 0;
  std::optional<std::string> error;
  std::size_t error_step = 0;  // index of the first step that differs
};
RecordingReplay replay_recording(FiberRuntime& runtime, const std::vector<StepRecord>& recorded);

// The first step at which `actual` differs from `recorded` (thread, pc,
// opcode, arg and effect), described for a user; nullopt when they agree.
struct StepDifference {
  std::size_t index = 0;
  std::string message;
};
std::optional<StepDifference> first_difference(const std::vector<StepRecord>& recorded,
                                               const std::vector<StepRecord>& actual);

// "T3 LOAD_GLOBAL n (loaded n=0)": one step as a line of text. Threads are
// numbered from 1 for people.
std::string describe_step(const StepRecord& step);

}  // namespace gilrace
