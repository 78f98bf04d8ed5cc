// `gilrace models`, --model and the scenario's `model` line through the
// real binary: the list, the note on version-specific safety, exit codes.
#include <gtest/gtest.h>

#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using testing_support::run_cli;

TEST(CliModels, ListsEveryModelOnALine) {
  const auto r = run_cli("models");
  EXPECT_EQ(r.status, 0);
  for (const char* name : {"every-op", "cpython-2.7", "cpython-3.8", "cpython-3.9", "cpython-3.10", "cpython-3.11",
                           "cpython-3.12", "cpython-3.13", "cpython-3.13t"})
    EXPECT_NE(("\n" + r.out).find(std::string("\n") + name + " "), std::string::npos) << name << "\n" << r.out;
  EXPECT_EQ(r.out.rfind("every-op       a thread switch may happen after any opcode", 0), 0u) << r.out;
}

TEST(CliModels, SeedIsAtomicOn311ByImplementationOnly) {
  const auto r = run_cli("explore scenarios/seed_counter.scn -D THREADS=3 --model cpython-3.11");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\nevery outcome is expected\nnote: this holds on cpython-3.11 by implementation, not by "
                       "guarantee: CPython 3.11 checks for a switch only at RESUME, backward jumps and after calls"),
            std::string::npos)
      << r.out;
  const auto json = run_cli("explore scenarios/seed_counter.scn -D THREADS=3 --model cpython-3.11 --json -");
  EXPECT_NE(json.out.find("\"model_note\": \"by implementation, not by guarantee: CPython 3.11"), std::string::npos);
}

TEST(CliModels, SeedLosesUpdatesOn39AndFreeThreaded313) {
  for (const char* model : {"cpython-3.9", "cpython-3.13t"}) {
    const auto r = run_cli(std::string("explore scenarios/seed_counter.scn -D THREADS=3 --model ") + model);
    EXPECT_EQ(r.status, 1) << model << r.err;
    EXPECT_NE(r.out.find("n = 1 is unexpected"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("not by guarantee"), std::string::npos) << r.out;
  }
}

TEST(CliModels, OpcodeOfAnotherVersionIsAnInputError) {
  // The untagged body is 3.8-3.10 bytecode; 2.7 has no body of its own.
  const auto r = run_cli("explore scenarios/seed_counter_locked.scn --model cpython-2.7");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "scenarios/seed_counter_locked.scn:20:5: LOAD_METHOD does not exist in CPython 2.7 (model cpython-2.7); "
            "CPython 3.8 to 3.11 have it\n        LOAD_METHOD  acquire\n        ^\n");
}

}  // namespace
}  // namespace gilrace
