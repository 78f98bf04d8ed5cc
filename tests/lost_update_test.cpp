// Lost updates named from hand-written step records, and the swimlane
// rendering (folded threads, thread ranges).
#include <gtest/gtest.h>

#include "explorer/report/lost_update.hpp"
#include "explorer/report/swimlane.hpp"
#include "explorer/report/text_report.hpp"

namespace gilrace {
namespace {

// One thread's `n += 1`, opcode by opcode (threads are 0-based here).
StepRecord load(std::uint32_t t, int value, const std::string& global = "n") {
  const std::string v = std::to_string(value);
  return {t, 0, Opcode::LOAD_GLOBAL, global, {"loaded " + global + "=" + v, global, v}, {}};
}
StepRecord push_one(std::uint32_t t) { return {t, 1, Opcode::LOAD_CONST, "1", {"pushed 1", "", ""}, {}}; }
StepRecord add_one(std::uint32_t t, int loaded) {
  return {t, 2, Opcode::INPLACE_ADD, "", {std::to_string(loaded) + " + 1 = " + std::to_string(loaded + 1), "", ""}, {}};
}
StepRecord store(std::uint32_t t, int value, const std::string& global = "n") {
  const std::string v = std::to_string(value);
  return {t, 3, Opcode::STORE_GLOBAL, global, {"stored " + global + "=" + v, global, v}, {}};
}

// Threads `first`..`last` run `n += 1` one after another from n = `from`.
std::vector<StepRecord> serial(std::uint32_t first, std::uint32_t last, int from) {
  std::vector<StepRecord> steps;
  for (std::uint32_t t = first; t <= last; ++t, ++from)
    for (const StepRecord& s : {load(t, from), push_one(t), add_one(t, from), store(t, from + 1)}) steps.push_back(s);
  return steps;
}

std::vector<std::string> sentences(const std::vector<StepRecord>& steps) {
  std::vector<std::string> out;
  for (const LostUpdate& lost : find_lost_updates(steps)) out.push_back(describe(lost));
  return out;
}

using Lines = std::vector<std::string>;

TEST(LostUpdate, BothLoadedZeroBothStoredOne) {
  const std::vector<StepRecord> steps{load(0, 0), load(1, 0),   push_one(0), add_one(0, 0),
                                      store(0, 1), push_one(1), add_one(1, 0), store(1, 1)};
  const auto found = find_lost_updates(steps);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].writer, 1u);
  EXPECT_EQ(found[0].overwritten, (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(found[0].global, "n");
  EXPECT_EQ(found[0].stored, "1");
  EXPECT_EQ(found[0].writer_loaded, "0");
  EXPECT_EQ(found[0].overwritten_loaded, "0");
  EXPECT_EQ(found[0].step, 7u);
  EXPECT_EQ(describe(found[0]), "T2 stored n=1 over T1's update; both had loaded n=0");
}

TEST(LostUpdate, NoneInASerialRun) {
  EXPECT_TRUE(find_lost_updates(serial(0, 2, 0)).empty());
  EXPECT_TRUE(find_lost_updates({}).empty());
}

TEST(LostUpdate, StaleStoreOverAThreadThatLoadedAnotherValue) {
  // T1 loads 0; T2 then T3 run whole (n: 0 -> 2); T1 stores its stale 1.
  std::vector<StepRecord> steps{load(0, 0), push_one(0)};
  for (const StepRecord& s : serial(1, 2, 0)) steps.push_back(s);
  steps.push_back(add_one(0, 0));
  steps.push_back(store(0, 1));
  // Both T2's and T3's updates are lost, and the sentence names both.
  EXPECT_EQ(sentences(steps), (Lines{"T1 stored n=1 over T2's and T3's updates; T1 had loaded n=0 before both"}));
}

TEST(LostUpdate, StaleStoreOverOneThreadThatLoadedAnotherValue) {
  // T1 loads 0; T2 runs whole (0 -> 1); T3 loads 1; T1 stores 1; T3 stores 2 over T1's.
  std::vector<StepRecord> steps{load(0, 0)};
  for (const StepRecord& s : serial(1, 1, 0)) steps.push_back(s);
  steps.push_back(load(2, 1));
  steps.push_back(store(0, 1));
  steps.push_back(store(2, 2));
  EXPECT_EQ(sentences(steps), (Lines{"T1 stored n=1 over T2's update; both had loaded n=0",
                                     "T3 stored n=2 over T1's update; T3 had loaded n=1, T1 had loaded n=0"}));
}

TEST(LostUpdate, OverwrittenThreadThatNeverLoaded) {
  const std::vector<StepRecord> steps{load(0, 0), store(1, 5), store(0, 1)};
  EXPECT_EQ(sentences(steps), (Lines{"T1 stored n=1 over T2's update; T1 had loaded n=0"}));
}

TEST(LostUpdate, ReloadingOrOtherGlobalsLoseNothing) {
  // T1 loads again after T2's store: its store builds on T2's.
  EXPECT_TRUE(find_lost_updates({load(0, 0), load(1, 0), store(1, 1), load(0, 1), store(0, 2)}).empty());
  // Stores to different globals never overwrite each other.
  EXPECT_TRUE(find_lost_updates({load(0, 0, "a"), load(1, 0, "b"), store(1, 1, "b"), store(0, 1, "a")}).empty());
  // A thread overwriting its own store loses nothing.
  EXPECT_TRUE(find_lost_updates({load(0, 0), store(0, 1), store(0, 2)}).empty());
}

TEST(LostUpdate, AnUpdateIsLostOnlyOnce) {
  // Three threads load 0; each later store overwrites the one before it, and
  // T1's update, already lost to T2, is not named again for T3.
  const std::vector<StepRecord> steps{load(0, 0), load(1, 0), load(2, 0), store(0, 1), store(1, 1), store(2, 1)};
  EXPECT_EQ(sentences(steps), (Lines{"T2 stored n=1 over T1's update; both had loaded n=0",
                                     "T3 stored n=1 over T2's update; both had loaded n=0"}));
}

TEST(LostUpdateSwimlanes, ThreadRanges) {
  EXPECT_EQ(thread_ranges({2, 3, 4, 5}), "T3..T6");
  EXPECT_EQ(thread_ranges({0, 2, 3}), "T1, T3, T4");
  EXPECT_EQ(thread_ranges({}), "");
  EXPECT_EQ(thread_ranges({4}), "T5");
  EXPECT_EQ(thread_ranges({0, 1, 2, 5, 6, 9}), "T1..T3, T6, T7, T10");
  EXPECT_EQ(thread_ranges({2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                           27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49,
                           50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72,
                           73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
                           96, 97, 98, 99}),
            "T3..T100");
}

const std::vector<ThreadStatus> kAllFinished(3, ThreadStatus::Finished);

TEST(LostUpdateSwimlanes, SerialRunFoldsIntoOneLine) {
  EXPECT_EQ(render_swimlanes(serial(0, 2, 0), kAllFinished), "  step\n        T1..T3 ran to completion (n: 0 -> 3)\n");
}

TEST(LostUpdateSwimlanes, AThreadThatDidNotFinishIsNeverFolded) {
  // T1 ran one unbroken run but ended blocked: it gets a column.
  const std::vector<StepRecord> steps{load(0, 0), push_one(0), load(1, 0), store(1, 1)};
  const std::vector<ThreadStatus> ends{ThreadStatus::Runnable, ThreadStatus::Finished};
  EXPECT_EQ(render_swimlanes(steps, ends),
            "  step  T1\n"
            "  1     LOAD_GLOBAL n  [loaded n=0]\n"
            "  2     LOAD_CONST 1  [pushed 1]\n"
            "        T2 ran to completion (n: 0 -> 1)\n");
}

TEST(LostUpdateSwimlanes, RacingThreadsGetColumnsOthersFold) {
  // T1 is interrupted by T2 and T3, whose updates its stale store overwrites.
  std::vector<StepRecord> steps{load(0, 0), push_one(0)};
  for (const StepRecord& s : serial(1, 2, 0)) steps.push_back(s);
  steps.push_back(add_one(0, 0));
  steps.push_back(store(0, 1));
  const std::string col(30, ' ');  // a column: its widest cell (28) + 2
  const std::string expected =
      "  step  T1" + std::string(28, ' ') + "T2" + std::string(28, ' ') + "T3\n"
      "  1     LOAD_GLOBAL n  [loaded n=0]\n"
      "  2     LOAD_CONST 1  [pushed 1]\n"
      "  3     " + col + "LOAD_GLOBAL n  [loaded n=0]\n"
      "  4     " + col + "LOAD_CONST 1  [pushed 1]\n"
      "  5     " + col + "INPLACE_ADD  [0 + 1 = 1]\n"
      "  6     " + col + "STORE_GLOBAL n  [stored n=1]\n"
      "  7     " + col + col + "LOAD_GLOBAL n  [loaded n=1]\n"
      "  8     " + col + col + "LOAD_CONST 1  [pushed 1]\n"
      "  9     " + col + col + "INPLACE_ADD  [1 + 1 = 2]\n"
      "  10    " + col + col + "STORE_GLOBAL n  [stored n=2]\n"
      "  11    INPLACE_ADD  [0 + 1 = 1]\n"
      "  12    STORE_GLOBAL n  [stored n=1]\n";
  EXPECT_EQ(render_swimlanes(steps, kAllFinished), expected);

  Trace trace;
  trace.steps = steps;
  trace.thread_status = kAllFinished;
  EXPECT_EQ(render_trace(trace), expected + "  T1 stored n=1 over T2's and T3's updates; T1 had loaded n=0 before both.\n");
}

TEST(LostUpdateSwimlanes, LongCellsAreCut) {
  StepRecord call{0, 0, Opcode::CALL_METHOD, "1", {std::string(60, 'x'), "", ""}, {}};
  StepRecord other = load(1, 0);
  const std::string out = render_swimlanes({call, other, call}, {ThreadStatus::Finished, ThreadStatus::Finished});
  EXPECT_NE(out.find("CALL_METHOD 1  [" + std::string(21, 'x') + "...\n"), std::string::npos) << out;
  EXPECT_EQ(out.find(std::string(40, 'x')), std::string::npos) << out;
}

}  // namespace
}  // namespace gilrace
