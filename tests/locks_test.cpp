// threading.Lock against threading.RLock: a second acquire by the holder
// deadlocks a Lock and re-enters an RLock; an RLock released by another
// thread is a RuntimeError (Modules/_threadmodule.c rlock_release).
#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::explore_text;
using Counts = std::map<std::string, std::string>;

std::string twice_locked(const std::string& constructor) {
  std::string call = "    LOAD_GLOBAL lock\n    LOAD_METHOD {}\n    CALL_METHOD 0\n    POP_TOP\n";
  const auto method = [&](const std::string& name) { return std::string(call).replace(call.find("{}"), 2, name); };
  return "global n = 0\nglobal lock = " + constructor + "\ndef worker():\n" + method("acquire") + method("acquire") +
         "    LOAD_GLOBAL n\n    LOAD_CONST 1\n    INPLACE_ADD\n    STORE_GLOBAL n\n" + method("release") +
         method("release") + "threads 2 x worker\nobserve n\n";
}

TEST(Locks, AnRLockLetsItsHolderAcquireAgain) {
  const auto rlock = explore_text(twice_locked("threading.RLock()"), "exhaustive");
  EXPECT_EQ(rlock.counts, (Counts{{"2", rlock.total}}));
  EXPECT_EQ(explore_text(twice_locked("threading.RLock()"), "dfs").counts, rlock.counts);
}

TEST(Locks, ALockDeadlocksOnItsHoldersSecondAcquire) {
  const auto lock = explore_text(twice_locked("threading.Lock()"), "exhaustive");
  EXPECT_EQ(lock.counts, (Counts{{"0;deadlock", lock.total}}));
}

TEST(Locks, AnRLockReleasedByAnotherThreadRaises) {
  const std::string text =
      "global lock = threading.RLock()\n"
      "def holder():\n    LOAD_GLOBAL lock\n    LOAD_METHOD acquire\n    CALL_METHOD 0\n    POP_TOP\n"
      "def thief():\n    LOAD_GLOBAL lock\n    LOAD_METHOD release\n    CALL_METHOD 0\n    POP_TOP\n"
      "threads 1 x holder\nthreads 1 x thief\nobserve lock\n";
  const auto run = explore_text(text, "exhaustive");
  // Before or after the holder took it, the thief does not own it.
  EXPECT_EQ(run.counts, (Counts{{"<locked _thread.RLock object>;thief raised RuntimeError: cannot release un-acquired "
                                 "lock at CALL_METHOD (line 10)",
                                 "35"}}));
}

}  // namespace
}  // namespace gilrace
