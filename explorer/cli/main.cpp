// gilrace: explores the thread interleavings of Python bytecode.
#include <iostream>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/exit_codes.hpp"
#include "explorer/program/input_error.hpp"
#include "explorer/strategy/strategy.hpp"

// A function try block: setting up the command line may throw as well, and
// any exception ends in exit status 3, never in std::terminate.
int main(int argc, char** argv) try {
  using namespace gilrace;
  CLI::App app{"gilrace: every outcome the thread interleavings of Python bytecode can give, with exact counts"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "gilrace 0.1");
  const Command commands[] = {add_explore_command(app), add_replay_command(app), add_check_command(app),
                              add_diff_command(app), add_import_dis_command(app), add_models_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }
  try {
    for (const Command& command : commands)
      if (command.app->parsed()) return command.run();
  } catch (const InputError& e) {
    std::cerr << e.formatted() << "\n";
    return kExitBadInput;
  } catch (const LimitReached& e) {
    std::cerr << "gilrace: " << e.message << "\n";
    return kExitInternal;
  } catch (const std::bad_alloc&) {
    std::cerr << "gilrace: out of memory (lower --max-states, or add a preemption bound with --preemptions K)\n";
    return kExitInternal;
  } catch (const std::exception& e) {
    std::cerr << "gilrace: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return kExitInternal;
} catch (const std::exception& e) {
  std::cerr << "gilrace: internal error: " << e.what() << "\n";
  return gilrace::kExitInternal;
}
