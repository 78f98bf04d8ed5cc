// Ties the layers together for one run: loads the scenario, picks the
// interpreter model and strategy, runs it, and replays witnesses as traces.
#pragma once
#include <memory>
#include <string>

#include "explorer/program/scenario_parser.hpp"
#include "explorer/strategy/replay.hpp"
#include "explorer/strategy/strategy.hpp"

namespace gilrace {

struct ExploreOptions {
  std::string scenario_path;
  Defines defines;
  std::string model;  // empty: the scenario's `model` line, else every-op
  std::string strategy = "auto";
  ExplorationLimits limits;
  std::uint32_t max_steps = 10000;  // opcodes a thread may execute (spin loops end there)
};

// A witness replayed with what every opcode did: the unit traces, swimlanes
// and JSON are made from.
struct Trace {
  std::string scenario_path;
  std::string scenario_sha256;
  ParamTable params;
  std::string model;
  std::uint32_t max_steps = 10000;
  std::vector<StepRecord> steps;
  OutcomeValue outcome;
  std::uint32_t preemptions = 0;
  std::vector<ThreadStatus> thread_status;  // how each thread ended (Runnable: blocked)
  std::vector<std::string> waits;           // per blocked thread: "T1 waits for lock_b, held by T2"
};

// How each thread of `machine` ended.
std::vector<ThreadStatus> thread_ends(const Machine& machine);

// For each blocked thread, the lock it waits for and who holds it:
// "T1 waits for lock_b, held by T2" (lock named by the global holding it).
std::vector<std::string> lock_waits(const Program& program, const Machine& machine);

class ExploreSession {
 public:
  // Throws InputError for a bad scenario, model or strategy name.
  explicit ExploreSession(const ExploreOptions& options);

  Exploration explore(const ProgressSink& progress);
  Trace trace_of(const Witness& witness);

  const Program& program() const { return *program_; }
  const InterpreterModel& model() const { return *model_; }
  FiberRuntime& runtime() { return *runtime_; }
  const ExploreOptions& options() const { return options_; }

 private:
  ExploreOptions options_;
  std::unique_ptr<Program> program_;
  const InterpreterModel* model_ = nullptr;
  std::unique_ptr<FiberRuntime> runtime_;
  std::unique_ptr<Strategy> strategy_;
};

// A session for an already parsed program (tests, benchmarks, replay).
std::unique_ptr<FiberRuntime> make_runtime(const Program& program, const InterpreterModel& model);

}  // namespace gilrace
