// Golden outcome sets and exact counts of the catalogue scenarios under the
// models the catalogue promises (every-op, cpython-3.9, cpython-3.11,
// cpython-3.13t), and where a version makes the race disappear. Exhaustive
// search; strategy_agreement_test.cpp checks it against the DFS reference.
#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::explore;
using Counts = std::map<std::string, std::string>;

Counts counts(const std::string& scenario, const std::string& model, std::uint32_t max_steps = 10000) {
  const auto s = explore(scenario, "exhaustive", {}, kUnbounded, model, max_steps);
  EXPECT_TRUE(s.complete) << scenario << " " << model;
  return s.counts;
}

TEST(Catalogue, LoopCounterLosesUpdatesOnlyWhereTheLoopBodyHasASwitchPoint) {
  EXPECT_EQ(counts("loop_counter.scn", "every-op"),
            (Counts{{"2", "273868889756"}, {"3", "237325534380"}, {"4", "27063450304"}}));
  EXPECT_EQ(counts("loop_counter.scn", "cpython-3.9"), (Counts{{"2", "58534084"}, {"3", "81803344"}, {"4", "14780092"}}));
  EXPECT_EQ(counts("loop_counter.scn", "cpython-3.8"), counts("loop_counter.scn", "cpython-3.9"));
  // 3.10-3.13: no switch point between the load and the store.
  EXPECT_EQ(counts("loop_counter.scn", "cpython-3.10"), (Counts{{"4", "70"}}));
  for (const std::string model : {"cpython-3.11", "cpython-3.12", "cpython-3.13"})
    EXPECT_EQ(counts("loop_counter.scn", model), (Counts{{"4", "252"}})) << model;
  EXPECT_EQ(counts("loop_counter.scn", "cpython-3.13t"),
            (Counts{{"2", "279747856388"}, {"3", "232927387644"}, {"4", "25582630408"}}));
}

TEST(Catalogue, LockedSeedIsSafeUnderEveryModel) {
  const Defines three{{"THREADS", "3"}};
  const auto locked = [&](const std::string& model) {
    const auto s = explore("seed_counter_locked.scn", "exhaustive", three, kUnbounded, model);
    EXPECT_TRUE(s.complete) << model;
    return s.counts;
  };
  for (const std::string model : {"cpython-3.11", "cpython-3.12", "cpython-3.13"})
    EXPECT_EQ(locked(model), (Counts{{"3", "27054"}})) << model;
  EXPECT_EQ(locked("cpython-3.13t"), (Counts{{"3", "198363153960"}}));
}

TEST(Catalogue, ListSortStaysWholeOnNewerVersions) {
  for (const std::string model : {"cpython-3.11", "cpython-3.12", "cpython-3.13"})
    EXPECT_EQ(counts("list_sort.scn", model), (Counts{{"[0, 1, 2, 3],2", "1120"}, {"[1, 2, 3, 0],2", "560"}})) << model;
  // Free-threaded: each sort and append is atomic by the list's lock; n += 1 is not.
  EXPECT_EQ(counts("list_sort.scn", "cpython-3.13t"),
            (Counts{{"[0, 1, 2, 3],1", "24604196760"},
                    {"[0, 1, 2, 3],2", "6186444264"},
                    {"[1, 2, 3, 0],1", "116352805140"},
                    {"[1, 2, 3, 0],2", "16925424516"}}));
}

TEST(Catalogue, OppositeLockOrdersDeadlockOnNewerVersionsToo) {
  for (const std::string model : {"cpython-3.11", "cpython-3.12", "cpython-3.13"})
    EXPECT_EQ(counts("lock_order_deadlock.scn", model), (Counts{{"0", "302"}, {"0;deadlock", "12"}})) << model;
  EXPECT_EQ(counts("lock_order_deadlock.scn", "cpython-3.13t"), (Counts{{"0", "6868248"}, {"0;deadlock", "3432"}}));
}

TEST(Catalogue, LockScenariosUnder39) {
  const auto s = explore("seed_counter_locked.scn", "exhaustive", {{"THREADS", "3"}}, kUnbounded, "cpython-3.9");
  EXPECT_EQ(s.counts, (Counts{{"3", "10316196"}}));
  EXPECT_EQ(counts("lock_order_deadlock.scn", "cpython-3.9"), (Counts{{"0", "24998"}, {"0;deadlock", "252"}}));
  EXPECT_EQ(counts("list_sort.scn", "cpython-3.9"),
            (Counts{{"[0, 1, 2, 3],1", "2041200"},
                    {"[0, 1, 2, 3],2", "1050480"},
                    {"[1, 2, 3, 0],1", "5670000"},
                    {"[1, 2, 3, 0],2", "1740240"}}));
}

TEST(Catalogue, CallCounterLosesUpdatesOnEveryVersion) {
  // The old n waits on foo's stack while add runs, and every model has a
  // switch point inside the call.
  EXPECT_EQ(counts("call_counter.scn", "every-op"), (Counts{{"1", "704088"}, {"2", "1344"}}));
  for (const std::string model : {"cpython-2.7", "cpython-3.8", "cpython-3.9"})
    EXPECT_EQ(counts("call_counter.scn", model), (Counts{{"1", "3332"}, {"2", "100"}})) << model;
  // 3.10: add's frame entry and the return to foo.
  EXPECT_EQ(counts("call_counter.scn", "cpython-3.10"), (Counts{{"1", "18"}, {"2", "2"}}));
  // 3.11-3.13: add's RESUME (the call itself is inlined, its return does not check).
  for (const std::string model : {"cpython-3.11", "cpython-3.12", "cpython-3.13"})
    EXPECT_EQ(counts("call_counter.scn", model), (Counts{{"1", "12"}, {"2", "8"}})) << model;
  EXPECT_EQ(counts("call_counter.scn", "cpython-3.13t"), (Counts{{"1", "704088"}, {"2", "1344"}}));
}

TEST(Catalogue, SpinWaitEndsAtTheStepLimitInsteadOfHanging) {
  const std::string limit = ";waiter hit the step limit of 30 opcodes (a spin loop? raise it with --max-steps N)";
  EXPECT_EQ(counts("spin_wait.scn", "every-op", 30), (Counts{{"42", "726426"}, {"-1" + limit, "211512"}}));
  EXPECT_EQ(counts("spin_wait.scn", "cpython-3.9", 30), (Counts{{"42", "837"}, {"-1" + limit, "190"}}));
  // 3.11: the waiter can also pass the loop and run out of steps at its very end.
  EXPECT_EQ(counts("spin_wait.scn", "cpython-3.11", 30),
            (Counts{{"42", "36"}, {"-1" + limit, "21"}, {"42" + limit, "9"}}));
  EXPECT_EQ(counts("spin_wait.scn", "cpython-3.13t", 30),
            (Counts{{"42", "2227083"}, {"-1" + limit, "1110621"}, {"42" + limit, "3072371"}}));
}

TEST(Catalogue, AppendOfTheLastItem) {
  EXPECT_EQ(counts("append_last.scn", "every-op"), (Counts{{"[0, 1, 1]", "565488"}, {"[0, 1, 2]", "139944"}}));
  EXPECT_EQ(counts("append_last.scn", "cpython-3.9"), (Counts{{"[0, 1, 1]", "2520"}, {"[0, 1, 2]", "912"}}));
  EXPECT_EQ(counts("append_last.scn", "cpython-3.11"), (Counts{{"[0, 1, 2]", "20"}}));
  EXPECT_EQ(counts("append_last.scn", "cpython-3.13t"), (Counts{{"[0, 1, 1]", "576576"}, {"[0, 1, 2]", "128856"}}));
}

TEST(Catalogue, BankTransferConservesTheSumOnlyWithoutASwitchInside) {
  EXPECT_EQ(counts("bank_transfer.scn", "every-op"),
            (Counts{{"80,10", "11088"}, {"80,20", "4928"}, {"90,10", "142296"}, {"90,20", "26444"}}));
  EXPECT_EQ(counts("bank_transfer.scn", "cpython-3.9"),
            (Counts{{"80,10", "420"}, {"80,20", "240"}, {"90,10", "2100"}, {"90,20", "672"}}));
  EXPECT_EQ(counts("bank_transfer.scn", "cpython-3.11"), (Counts{{"80,20", "6"}}));
  EXPECT_EQ(counts("bank_transfer.scn", "cpython-3.13t"),
            (Counts{{"80,10", "19430"}, {"80,20", "6596"}, {"90,10", "139300"}, {"90,20", "19430"}}));
}

TEST(Catalogue, PopGuardedByLenRaisesOnEveryVersion) {
  const std::string raised = ";consumer raised IndexError: pop from empty list at ";
  EXPECT_EQ(counts("pop_if_nonempty.scn", "every-op"),
            (Counts{{"[]", "10050"}, {"[]" + raised + "CALL_METHOD (line 26)", "525030"}}));
  EXPECT_EQ(counts("pop_if_nonempty.scn", "cpython-3.9"),
            (Counts{{"[]", "306"}, {"[]" + raised + "CALL_METHOD (line 26)", "8988"}}));
  // The call of len() is a switch point on 3.11: the race stays.
  EXPECT_EQ(counts("pop_if_nonempty.scn", "cpython-3.11"), (Counts{{"[]", "26"}, {"[]" + raised + "CALL (line 63)", "24"}}));
  EXPECT_EQ(counts("pop_if_nonempty.scn", "cpython-3.13t"),
            (Counts{{"[]", "13130"}, {"[]" + raised + "CALL (line 101)", "1086514"}}));
}

TEST(Catalogue, CheckThenAct) {
  EXPECT_EQ(counts("check_then_act.scn", "every-op"), (Counts{{"[5, 5]", "684288"}, {"[5]", "3584"}}));
  EXPECT_EQ(counts("check_then_act.scn", "cpython-3.9"), (Counts{{"[5, 5]", "200"}, {"[5]", "22"}}));
  EXPECT_EQ(counts("check_then_act.scn", "cpython-3.11"), (Counts{{"[5]", "14"}}));
  EXPECT_EQ(counts("check_then_act.scn", "cpython-3.13t"), (Counts{{"[5, 5]", "684288"}, {"[5]", "5084"}}));
}

TEST(Catalogue, DictIncrementLosesAnUpdateWhereTheStatementHasASwitchPoint) {
  // Serial orders need one thread's load..store window (BINARY_SUBSCR to STORE_SUBSCR) clear of the other's.
  EXPECT_EQ(counts("dict_increment.scn", "every-op"), (Counts{{"{'a': 1}", "171864"}, {"{'a': 2}", "12892"}}));
  EXPECT_EQ(counts("dict_increment.scn", "cpython-3.9"), (Counts{{"{'a': 1}", "200"}, {"{'a': 2}", "52"}}));
  EXPECT_EQ(counts("dict_increment.scn", "cpython-3.8"), counts("dict_increment.scn", "cpython-3.9"));
  EXPECT_EQ(counts("dict_increment.scn", "cpython-3.10"), (Counts{{"{'a': 2}", "2"}}));
  for (const std::string model : {"cpython-3.11", "cpython-3.12", "cpython-3.13"})
    EXPECT_EQ(counts("dict_increment.scn", model), (Counts{{"{'a': 2}", "6"}})) << model;
  EXPECT_EQ(counts("dict_increment.scn", "cpython-3.13t"), (Counts{{"{'a': 1}", "2630628"}, {"{'a': 2}", "73528"}}));
}

TEST(Catalogue, CheckThenActOnADictStoresTwice) {
  const std::string once = "{'k': 1},[1]", twice = "{'k': 1},[1, 1]";
  EXPECT_EQ(counts("check_then_act_dict.scn", "every-op"), (Counts{{once, "39864"}, {twice, "147334512"}}));
  EXPECT_EQ(counts("check_then_act_dict.scn", "cpython-3.8"), (Counts{{once, "190"}, {twice, "9240"}}));
  EXPECT_EQ(counts("check_then_act_dict.scn", "cpython-3.9"), (Counts{{once, "60"}, {twice, "1512"}}));
  EXPECT_EQ(counts("check_then_act_dict.scn", "cpython-3.10"), (Counts{{once, "6"}}));
  EXPECT_EQ(counts("check_then_act_dict.scn", "cpython-3.11"), (Counts{{once, "14"}}));
  EXPECT_EQ(counts("check_then_act_dict.scn", "cpython-3.13t"), (Counts{{once, "56784"}, {twice, "145743312"}}));
}

TEST(Catalogue, LazySingletonCanBeBuiltTwice) {
  // Labels list inst, then created: "1,2" is the second construction winning the count but not the instance.
  EXPECT_EQ(counts("lazy_singleton.scn", "every-op"),
            (Counts{{"1,1", "2108360"}, {"1,2", "44000"}, {"2,2", "551670"}}));
  EXPECT_EQ(counts("lazy_singleton.scn", "cpython-3.9"), (Counts{{"1,1", "2526"}, {"1,2", "96"}, {"2,2", "800"}}));
  EXPECT_EQ(counts("lazy_singleton.scn", "cpython-3.11"), (Counts{{"1,1", "6"}}));
  EXPECT_EQ(counts("lazy_singleton.scn", "cpython-3.13t"), (Counts{{"1,1", "151786"}, {"1,2", "3150"}, {"2,2", "29700"}}));
}

TEST(Catalogue, WithLockMakesTheCounterSafeOnEveryModel) {
  EXPECT_EQ(counts("with_lock_counter.scn", "every-op"), (Counts{{"3", "99552081600"}}));
  EXPECT_EQ(counts("with_lock_counter.scn", "cpython-3.8"), (Counts{{"3", "3078810"}}));
  EXPECT_EQ(counts("with_lock_counter.scn", "cpython-3.9"), (Counts{{"3", "52560"}}));
  EXPECT_EQ(counts("with_lock_counter.scn", "cpython-3.10"), (Counts{{"3", "90"}}));
  EXPECT_EQ(counts("with_lock_counter.scn", "cpython-3.11"), (Counts{{"3", "1680"}}));
  EXPECT_EQ(counts("with_lock_counter.scn", "cpython-3.13t"), (Counts{{"3", "5766589800"}}));
}

TEST(Catalogue, AnUnlockedAuditSeesATransferHalfDone) {
  const std::string failed = "90,10;audit raised AssertionError: assertion failed at RAISE_VARARGS (line ";
  EXPECT_EQ(counts("audit_invariant.scn", "every-op"), (Counts{{"90,10", "40800"}, {failed + "84)", "2958"}}));
  EXPECT_EQ(counts("audit_invariant.scn", "cpython-3.9"), (Counts{{"90,10", "672"}, {failed + "96)", "120"}}));
  EXPECT_EQ(counts("audit_invariant.scn", "cpython-3.11"), (Counts{{"90,10", "6"}}));
  EXPECT_EQ(counts("audit_invariant.scn", "cpython-3.13t"), (Counts{{"90,10", "38697"}, {failed + "149)", "8226"}}));
}

}  // namespace
}  // namespace gilrace
