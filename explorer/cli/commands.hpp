// The subcommands of the gilrace command line. Each registers itself on the
// CLI11 app and returns what runs it once parsing is done.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>

namespace gilrace {

struct Command {
  CLI::App* app;
  std::function<int()> run;  // returns the exit status
};

Command add_explore_command(CLI::App& app);
Command add_replay_command(CLI::App& app);
Command add_diff_command(CLI::App& app);
Command add_models_command(CLI::App& app);
Command add_import_dis_command(CLI::App& app);
Command add_check_command(CLI::App& app);

}  // namespace gilrace
