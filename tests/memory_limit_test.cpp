// --max-memory: sizes as people write them, and a stateful search that
// stops cleanly at the cap (exit 3 for exhaustive; a partial report for auto).
#include <gtest/gtest.h>

#include "explorer/strategy/memory_use.hpp"
#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_memory_size(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(MemoryLimit, ParsesSizes) {
  EXPECT_EQ(parse_memory_size("8G"), 8ull << 30);
  EXPECT_EQ(parse_memory_size("8GiB"), 8ull << 30);
  EXPECT_EQ(parse_memory_size("512M"), 512ull << 20);
  EXPECT_EQ(parse_memory_size("512MB"), 512ull << 20);
  EXPECT_EQ(parse_memory_size("100k"), 100ull << 10);
  EXPECT_EQ(parse_memory_size("1048576"), 1048576ull);
  EXPECT_EQ(parse_memory_size("2T"), 2ull << 40);
  EXPECT_EQ(error_of("10X"), "'10X' is not a memory size (write it as 8G, 512M or a number of bytes)");
  EXPECT_EQ(error_of("G"), "'G' is not a memory size (write it as 8G, 512M or a number of bytes)");
  EXPECT_EQ(error_of("-5M"), "'-5M' is not a memory size (write it as 8G, 512M or a number of bytes)");
  EXPECT_EQ(error_of("0M"), "'0M' is no memory at all");
  EXPECT_EQ(error_of("99999999999T"), "'99999999999T' is not a memory size (write it as 8G, 512M or a number of bytes)");
}

TEST(MemoryLimit, NamesSizes) {
  EXPECT_EQ(memory_size_text(8ull << 30), "8 GiB");
  EXPECT_EQ(memory_size_text(3ull << 29), "1.5 GiB");
  EXPECT_EQ(memory_size_text(512ull << 20), "512 MiB");
  EXPECT_EQ(memory_size_text(100), "100 bytes");
  EXPECT_GT(resident_bytes(), 0u);
  EXPECT_GT(physical_memory_bytes(), resident_bytes());
}

TEST(MemoryLimit, StopsASearchCleanly) {
  using testing_support::run_cli;
  // Any running process holds more than 1 MiB: the first check stops it.
  const auto exhaustive =
      run_cli("explore scenarios/seed_counter.scn -D THREADS=8 --strategy exhaustive --max-memory 1M --no-progress");
  EXPECT_EQ(exhaustive.status, 3);
  EXPECT_EQ(exhaustive.err,
            "gilrace: note: the search stopped at the memory limit of 1 MiB (raise it with --max-memory SIZE); the "
            "report is partial: it has the outcomes reached so far, and each count covers only the interleavings "
            "explored; --strategy auto or --strategy bounded --preemptions K give exact counts under a preemption "
            "bound\n");
  EXPECT_NE(exhaustive.out.find("(not complete: stopped by the memory limit of 1 MiB (raise it with --max-memory SIZE))"),
            std::string::npos)
      << exhaustive.out;
  // The stateless searches and the samplers stop at it too.
  for (const std::string strategy : {"dfs", "dpor", "random --runs 100000000"}) {
    const auto r = run_cli("explore scenarios/with_lock_counter.scn -D THREADS=8 --max-memory 1M --no-progress "
                           "--strategy " + strategy);
    EXPECT_EQ(r.status, 3) << strategy;
    EXPECT_NE(r.err.find("the memory limit of 1 MiB (raise it with --max-memory SIZE)"), std::string::npos)
        << strategy << "\n" << r.err;
  }
  const auto bad = run_cli("explore scenarios/seed_counter.scn --max-memory lots");
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err, "--max-memory lots: 'lots' is not a memory size (write it as 8G, 512M or a number of bytes)\n");
}

}  // namespace
}  // namespace gilrace
