// Google Benchmark programs for the explorer (bench/README.md): the seed
// scenario explored exhaustively, preemption-bounded and by stateless DFS,
// and the raw cost of one fiber step. Each exploration is checked against
// the exact reference count, so a fast wrong answer fails loudly instead of
// looking like a win. bench/compare.py sets the figures beside the targets.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <string>

#include "explorer/driver/explore_driver.hpp"
#include "explorer/program/scenario_parser.hpp"
#include "explorer/runtime/fiber_runtime.hpp"
#include "explorer/strategy/strategy.hpp"
#include "explorer/strategy/walk_sampler.hpp"
#include "models/interpreter_model.hpp"

namespace {
using gilrace::BigCount;

// scenarios/seed_counter.scn, embedded so the benchmark runs from any
// directory; keep it in step with the file.
constexpr const char* kSeedScenario = R"(# scenarios/seed_counter.scn - the seed: 100 threads each run `n += 1`
param THREADS = 100
global n = 0

def foo():
    LOAD_GLOBAL  n
    LOAD_CONST   1
    INPLACE_ADD
    STORE_GLOBAL n

threads THREADS x foo
observe n
expect n == THREADS
)";

constexpr std::uint32_t kOpcodesPerThread = 4;

gilrace::Program seed_program(std::int64_t threads) {
  return gilrace::parse_scenario("bench:seed_counter.scn", kSeedScenario, {{"THREADS", std::to_string(threads)}});
}

BigCount factorial(std::uint32_t n) {
  BigCount f = 1;
  for (std::uint32_t i = 2; i <= n; ++i) f *= i;
  return f;
}

// Every interleaving of `threads` threads of 4 opcodes, each switchable
// after any opcode: (4T)! / (4!)^T.
BigCount all_interleavings(std::uint32_t threads) {
  BigCount denominator = 1;
  const BigCount per_thread = factorial(kOpcodesPerThread);
  for (std::uint32_t t = 0; t < threads; ++t) denominator *= per_thread;
  return factorial(kOpcodesPerThread * threads) / denominator;
}

// Interleavings with at most one preemption: the T! serial orders, plus, for
// each thread split once (T threads x 3 split points), the orders of its two
// parts and the T-1 other whole threads with the parts apart and in order:
// (T+1)!/2 - T!. Together T! * (1 + 3T(T-1)/2).
BigCount interleavings_within_one_preemption(std::uint32_t threads) {
  const BigCount t = threads;
  return factorial(threads) * (1 + (kOpcodesPerThread - 1) * t * (t - 1) / 2);
}

// Runs `strategy` on the seed with `threads` threads once per benchmark
// iteration and reports states, interleavings and opcodes per second.
void run_seed(benchmark::State& state, std::unique_ptr<gilrace::Strategy> (*make)(), std::uint32_t threads,
              const gilrace::ExplorationLimits& limits, const BigCount& expected_total, bool items_are_opcodes) {
  try {
    const gilrace::Program program = seed_program(threads);
    const auto runtime = gilrace::make_runtime(program, gilrace::find_interpreter_model("every-op"));
    const auto strategy = make();
    gilrace::Exploration last;
    std::uint64_t opcodes = 0;
    // NOLINTNEXTLINE(clang-analyzer-deadcode.DeadStores): Google Benchmark's timing loop; _ is unused
    for (auto _ : state) {
      const std::uint64_t before = runtime->opcodes_executed();
      last = strategy->explore(*runtime, limits, {});
      opcodes += runtime->opcodes_executed() - before;
      benchmark::DoNotOptimize(last.total);
    }
    if (last.total != expected_total) {
      state.SkipWithError(("wrong interleaving count " + last.total.str() + ", expected " + expected_total.str()).c_str());
      return;
    }
    if (last.outcomes.size() != threads) {
      state.SkipWithError(("found " + std::to_string(last.outcomes.size()) + " outcomes, expected " +
                           std::to_string(threads)).c_str());
      return;
    }
    const double iterations = static_cast<double>(state.iterations());
    state.counters["states"] = static_cast<double>(last.states);
    state.counters["outcomes"] = static_cast<double>(last.outcomes.size());
    state.counters["interleavings"] = last.total.convert_to<double>();
    state.counters["opcodes"] = static_cast<double>(opcodes) / iterations;
    state.counters["opcodes/s"] = benchmark::Counter(static_cast<double>(opcodes), benchmark::Counter::kIsRate);
    if (items_are_opcodes) state.SetItemsProcessed(static_cast<std::int64_t>(opcodes));
    state.SetLabel("interleavings=" + last.total.str());
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}

// Exhaustive stateful search: exact counts for every outcome; range(1) is
// the witnesses kept per outcome (0 times the counting alone).
void BM_SeedExhaustive(benchmark::State& state) {
  const auto threads = static_cast<std::uint32_t>(state.range(0));
  gilrace::ExplorationLimits limits;
  limits.witnesses = static_cast<std::uint32_t>(state.range(1));
  run_seed(state, gilrace::make_exhaustive_strategy, threads, limits, all_interleavings(threads), false);
}
BENCHMARK(BM_SeedExhaustive)->Args({8, 0})->Args({8, 3})->Unit(benchmark::kMillisecond);

// --jobs: the exhaustive search (no witnesses) on range(1) threads; the
// same result on any number, so the times compare directly. Wall-clock time
// is what shrinks (the CPU time counted is the calling thread's).
void BM_SeedExhaustiveJobs(benchmark::State& state) {
  const auto threads = static_cast<std::uint32_t>(state.range(0));
  gilrace::ExplorationLimits limits;
  limits.witnesses = 0;
  limits.jobs = static_cast<std::uint32_t>(state.range(1));
  run_seed(state, gilrace::make_exhaustive_strategy, threads, limits, all_interleavings(threads), false);
}
BENCHMARK(BM_SeedExhaustiveJobs)->Args({9, 1})->Args({9, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// Preemption-bounded search with K = 1; range(1) is the witnesses kept per
// outcome (0 times the counting alone).
void BM_SeedBoundedK1(benchmark::State& state) {
  const auto threads = static_cast<std::uint32_t>(state.range(0));
  gilrace::ExplorationLimits limits;
  limits.preemption_bound = 1;
  limits.witnesses = static_cast<std::uint32_t>(state.range(1));
  run_seed(state, gilrace::make_bounded_strategy, threads, limits, interleavings_within_one_preemption(threads), false);
}
BENCHMARK(BM_SeedBoundedK1)->Args({100, 0})->Args({100, 3})->Unit(benchmark::kMillisecond);

// How soon `auto` learns of a lost update: its PCT probe on the seed, from
// the parsed scenario to the first unexpected outcome (issue 5: < 20 ms at
// THREADS = 100). The time includes making the fibers.
void BM_FirstUnexpectedSeed(benchmark::State& state) {
  try {
    const gilrace::Program program = seed_program(state.range(0));
    const gilrace::ExplorationLimits limits;
    // NOLINTNEXTLINE(clang-analyzer-deadcode.DeadStores): Google Benchmark's timing loop; _ is unused
    for (auto _ : state) {
      const auto runtime = gilrace::make_runtime(program, gilrace::find_interpreter_model("every-op"));
      const auto found = gilrace::probe_for_unexpected(*runtime, limits, std::chrono::steady_clock::now());
      if (!found) {
        state.SkipWithError("the probe found no unexpected outcome");
        return;
      }
      benchmark::DoNotOptimize(found->seconds);
    }
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}
BENCHMARK(BM_FirstUnexpectedSeed)->Arg(100)->Unit(benchmark::kMillisecond);

// Stateless DFS, the reference engine: every interleaving is run, so this
// is opcode throughput (items/s = opcodes executed per second).
void BM_StatelessDfsSteps(benchmark::State& state) {
  const auto threads = static_cast<std::uint32_t>(state.range(0));
  gilrace::ExplorationLimits limits;
  limits.witnesses = 0;
  run_seed(state, gilrace::make_stateless_dfs_strategy, threads, limits, all_interleavings(threads), true);
}
BENCHMARK(BM_StatelessDfsSteps)->Arg(3)->Unit(benchmark::kMillisecond);

// Stateless DPOR: one run per Mazurkiewicz trace. The seed's T threads
// have (T!)^2 traces: the order of the writes, and for each write the read
// it follows (docs/strategies.md).
void BM_DporSeed(benchmark::State& state) {
  const auto threads = static_cast<std::uint32_t>(state.range(0));
  gilrace::ExplorationLimits limits;
  limits.witnesses = 0;
  const BigCount orders = factorial(threads);
  run_seed(state, gilrace::make_dpor_strategy, threads, limits, orders * orders, false);
}
BENCHMARK(BM_DporSeed)->Arg(4)->Arg(5)->Unit(benchmark::kMillisecond);

// Raw FiberRuntime::step: one thread running a long straight body under
// every-op, so each step resumes the fiber, runs one opcode and yields.
constexpr std::uint32_t kLongBodyIncrements = 50'000;

std::string long_body_scenario() {
  std::string text = "global n = 0\n\ndef foo():\n";
  for (std::uint32_t i = 0; i < kLongBodyIncrements; ++i)
    text += "    LOAD_GLOBAL  n\n    LOAD_CONST   1\n    INPLACE_ADD\n    STORE_GLOBAL n\n";
  text += "\nthreads 1 x foo\nobserve n\n";
  return text;
}

void BM_FiberStep(benchmark::State& state) {
  try {
    const gilrace::Program program = gilrace::parse_scenario("bench:long_body.scn", long_body_scenario());
    const auto runtime = gilrace::make_runtime(program, gilrace::find_interpreter_model("every-op"));
    std::uint64_t steps = 0;
    std::uint64_t opcodes = 0;
    // NOLINTNEXTLINE(clang-analyzer-deadcode.DeadStores): Google Benchmark's timing loop; _ is unused
    for (auto _ : state) {
      runtime->reset();
      while (!runtime->done(0)) {
        opcodes += runtime->step(0);
        ++steps;
      }
    }
    if (opcodes != steps) {
      state.SkipWithError("a step ran more than one opcode under every-op");
      return;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(steps));
    state.counters["steps"] = static_cast<double>(steps) / static_cast<double>(state.iterations());
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}
BENCHMARK(BM_FiberStep)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
