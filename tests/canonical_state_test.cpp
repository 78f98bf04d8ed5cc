// Canonical state keys: complete (decode gives the state back), symmetric
// (interchangeable threads in any order give one key), and the incremental
// key after a step equals a full encode.
#include <gtest/gtest.h>

#include <random>

#include "explorer/program/scenario_parser.hpp"
#include "explorer/runtime/canonical_state.hpp"
#include "explorer/runtime/fiber_runtime.hpp"
#include "tests/cli_runner.hpp"
#include "tests/test_support.hpp"

namespace gilrace {
namespace {

Program load(const std::string& name, const Defines& defines = {}) {
  return load_scenario(testing_support::scenario_path(name), defines);
}

std::vector<std::uint32_t> runnable_threads(const FiberRuntime& runtime) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t t = 0; t < runtime.thread_count(); ++t)
    if (runtime.runnable(t)) out.push_back(t);
  return out;
}

// Walks random schedules; at each step checks decode/encode and the incremental key.
void check_random_walks(const Program& program, int walks) {
  FiberRuntime runtime(program, find_interpreter_model("every-op"));
  StateEncoder encoder(program);
  std::mt19937 random(12345);
  CanonicalState canon, again;
  KeyLayout layout;
  Machine decoded;
  for (int walk = 0; walk < walks; ++walk) {
    runtime.reset();
    for (;;) {
      encoder.encode(runtime.machine(), canon);
      encoder.decode(canon.key, decoded);
      encoder.encode(decoded, again);
      ASSERT_EQ(again.key, canon.key) << "decode then encode changes the key";
      const auto runnable = runnable_threads(runtime);
      if (runnable.empty()) break;
      // Step from the decoded (canonical) machine, as the search does.
      encoder.layout(canon.key, layout);
      const std::uint32_t thread = runnable[random() % runnable.size()];
      // The thread at the same canonical position in the decoded machine.
      std::uint32_t position = 0;
      while (canon.order[position] != thread) ++position;
      const std::uint32_t stepped = encoder.position_thread(canon.group_first[position]);
      runtime.load(decoded);
      runtime.step(stepped);
      StateKey incremental;
      const std::int64_t group = encoder.encode_after_step(canon.key, layout, decoded, runtime.machine(), stepped, incremental);
      encoder.encode(runtime.machine(), again);
      if (group >= 0) {
        ASSERT_EQ(incremental, again.key) << "incremental key differs from a full encode";
        std::uint32_t at = 0;
        while (again.order[at] != stepped) ++at;
        EXPECT_EQ(static_cast<std::uint32_t>(group), again.group_first[at]);
      }
    }
  }
}

TEST(CanonicalState, IncrementalKeysMatchFullEncodingOnTheSeed) {
  check_random_walks(load("seed_counter.scn", {{"THREADS", "5"}}), 50);
}

TEST(CanonicalState, IncrementalKeysMatchFullEncodingWithALock) {
  check_random_walks(load("seed_counter_locked.scn", {{"THREADS", "4"}}), 50);
}

TEST(CanonicalState, IncrementalKeysMatchFullEncodingWithTwoFunctionsAndAList) {
  check_random_walks(load("list_sort.scn", {{"SORTERS", "3"}}), 50);
}

// Walks random schedules on the real (unpermuted) machine; at each step the
// per-thread record hashes kept up to date incrementally equal those of a
// full encoding, and each thread's hash and words are those of its run in
// the canonical key.
void check_thread_hashes(const Program& program, int walks) {
  FiberRuntime runtime(program, find_interpreter_model("every-op"));
  StateEncoder incremental(program), fresh(program);
  std::mt19937 random(54321);
  CanonicalState canon;
  KeyLayout layout;
  for (int walk = 0; walk < walks; ++walk) {
    runtime.reset();
    std::uint32_t stepped = StateEncoder::kAllThreads;
    for (;;) {
      const auto hashes = incremental.thread_hashes(runtime.machine(), stepped);
      ASSERT_EQ(hashes, fresh.thread_hashes(runtime.machine(), StateEncoder::kAllThreads));
      fresh.encode(runtime.machine(), canon);
      fresh.layout(canon.key, layout);
      for (const auto& runs : layout.runs)
        for (const auto& run : runs)
          for (std::uint32_t p = run.first; p < run.first + run.count; ++p) {
            const std::uint32_t thread = canon.order[p];
            EXPECT_EQ(hashes[thread], run.hash);
            EXPECT_TRUE(incremental.record_equals(runtime.machine(), thread,
                                                  std::span(canon.key).subspan(run.offset, run.length)));
          }
      const auto runnable = runnable_threads(runtime);
      if (runnable.empty()) break;
      stepped = runnable[random() % runnable.size()];
      runtime.step(stepped);
    }
  }
}

TEST(CanonicalState, IncrementalKeysMatchFullEncodingWithDicts) {
  check_random_walks(load("dict_increment.scn"), 50);
  check_random_walks(load("check_then_act_dict.scn"), 50);
}

// Tuple constants and BUILD_* allocate heap objects at run time; the ones
// nothing refers to any more are garbage that the key leaves out.
TEST(CanonicalState, GarbageHeapObjectsStayOutOfTheKey) {
  testing_support::TempDir dir;
  const std::string path = dir.file("g.scn");
  std::ofstream(path) << "global d = {}\n"
                         "def f():\n    LOAD_CONST (1, 2)\n    POP_TOP\n    LOAD_CONST 1\n    LOAD_GLOBAL d\n"
                         "    LOAD_CONST 3\n    BUILD_TUPLE 1\n    STORE_SUBSCR\n"
                         "threads 2 x f\n";
  const Program program = load_scenario(path, {});
  check_random_walks(program, 30);
  FiberRuntime runtime(program, find_interpreter_model("every-op"));
  StateEncoder encoder(program);
  CanonicalState before, after;
  encoder.encode(runtime.machine(), before);
  runtime.step(0);  // LOAD_CONST (1, 2): a new tuple on T1's stack
  runtime.step(0);  // POP_TOP: now garbage
  EXPECT_EQ(runtime.machine().heap.size(), 2u);
  encoder.encode(runtime.machine(), after);
  Machine decoded;
  encoder.decode(after.key, decoded);
  EXPECT_EQ(decoded.heap.size(), 1u);  // only the dict
  EXPECT_NE(after.key, before.key);    // T1 has moved on
}

TEST(CanonicalState, IncrementalThreadHashesMatchTheKey) {
  check_thread_hashes(load("seed_counter.scn", {{"THREADS", "5"}}), 30);
  check_thread_hashes(load("seed_counter_locked.scn", {{"THREADS", "4"}}), 30);
  check_thread_hashes(load("list_sort.scn", {{"SORTERS", "3"}}), 30);
  check_thread_hashes(load("lock_order_deadlock.scn"), 30);
}

TEST(CanonicalState, ThreadsInAnyOrderGiveOneKey) {
  const Program program = load("seed_counter.scn", {{"THREADS", "3"}});
  FiberRuntime runtime(program, find_interpreter_model("every-op"));
  StateEncoder encoder(program);
  // T1 loads then T2 loads, versus T2 loads then T3 loads: both leave two
  // threads holding n=0 on their stacks and one not started.
  runtime.reset();
  runtime.step(0);
  runtime.step(1);
  CanonicalState a, b;
  encoder.encode(runtime.machine(), a);
  runtime.reset();
  runtime.step(2);
  runtime.step(1);
  encoder.encode(runtime.machine(), b);
  EXPECT_EQ(a.key, b.key);
  // And a genuinely different state differs.
  runtime.step(1);
  encoder.encode(runtime.machine(), b);
  EXPECT_NE(a.key, b.key);
}

TEST(CanonicalState, IdenticalThreadsAreOneRun) {
  const Program program = load("seed_counter.scn", {{"THREADS", "100"}});
  FiberRuntime runtime(program, find_interpreter_model("every-op"));
  StateEncoder encoder(program);
  CanonicalState canon;
  encoder.encode(runtime.machine(), canon);
  KeyLayout layout;
  encoder.layout(canon.key, layout);
  ASSERT_EQ(layout.runs.size(), 1u);
  ASSERT_EQ(layout.runs[0].size(), 1u);
  EXPECT_EQ(layout.runs[0][0].count, 100u);
  EXPECT_LT(canon.key.size(), 16u);  // one record stands for all 100 threads
}

}  // namespace
}  // namespace gilrace
