// What a person at a terminal sees: colour only when asked for by the
// environment (NO_COLOR, CLICOLOR_FORCE; stdout here is a file, never a
// terminal), `--version`, and an example in every subcommand's help.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using testing_support::run_cli;

const std::string kRun = "explore scenarios/seed_counter.scn -D THREADS=2 --details 0";

// Sets or clears the two variables for one test; the CLI inherits them.
class ColourEnvironment {
 public:
  ColourEnvironment(const char* no_colour, const char* force) {
    set("NO_COLOR", no_colour);
    set("CLICOLOR_FORCE", force);
  }
  ~ColourEnvironment() {
    unsetenv("NO_COLOR");
    unsetenv("CLICOLOR_FORCE");
  }

 private:
  static void set(const char* name, const char* value) {
    if (value) setenv(name, value, 1);
    else unsetenv(name);
  }
};

TEST(CliTerminal, PlainWhenStdoutIsNotATerminal) {
  ColourEnvironment environment(nullptr, nullptr);
  const auto r = run_cli(kRun);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out.find('\033'), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  n = 1    NO        1                97.14%    68\n"), std::string::npos) << r.out;
}

TEST(CliTerminal, ColourWhenForced) {
  ColourEnvironment environment(nullptr, "1");
  const auto r = run_cli(kRun);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("  n = 2    \033[32myes\033[0m       0                2.86%     2\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  n = 1    \033[1;31mNO\033[0m        1                97.14%    68\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n\033[1;31m1 unexpected outcome\033[0m\n"), std::string::npos) << r.out;
  const auto locked = run_cli("explore scenarios/seed_counter_locked.scn -D THREADS=2");
  EXPECT_EQ(locked.status, 0);
  EXPECT_NE(locked.out.find("\033[32mevery outcome is expected\033[0m\n"), std::string::npos) << locked.out;
  // JSON is data: never coloured.
  const auto json = run_cli(kRun + " --json -");
  EXPECT_EQ(json.out.find('\033'), std::string::npos);
}

TEST(CliTerminal, NoColorWinsOverForce) {
  ColourEnvironment environment("1", "1");
  EXPECT_EQ(run_cli(kRun).out.find('\033'), std::string::npos);
}

TEST(CliTerminal, ForceZeroAndEmptyNoColorMeanDefault) {
  ColourEnvironment environment("", "0");
  EXPECT_EQ(run_cli(kRun).out.find('\033'), std::string::npos);
}

TEST(CliTerminal, Version) {
  const auto r = run_cli("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "gilrace 0.1\n");
}

TEST(CliTerminal, EverySubcommandsHelpHasAnExample) {
  for (const char* command : {"explore", "replay", "check", "diff", "import-dis", "models"}) {
    const auto r = run_cli(std::string(command) + " --help");
    EXPECT_EQ(r.status, 0) << command;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << command << ":\n" << r.out;
    EXPECT_NE(r.out.find("  gilrace " + std::string(command)), std::string::npos) << command << ":\n" << r.out;
  }
}

}  // namespace
}  // namespace gilrace
