// `gilrace models`: the interpreter models, one line each.
#include <iostream>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/exit_codes.hpp"
#include "models/interpreter_model.hpp"

namespace gilrace {

Command add_models_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("models", "list the interpreter models");
  cmd->footer("Example:\n  gilrace models\n  gilrace explore scenarios/seed_counter.scn --model cpython-3.12");
  return {cmd, [] {
            std::size_t width = 0;
            for (const auto& m : interpreter_models()) width = std::max(width, m.name.size());
            for (const auto& m : interpreter_models())
              std::cout << m.name << std::string(width - m.name.size() + 2, ' ') << m.summary << "\n";
            return kExitExpected;
          }};
}

}  // namespace gilrace
