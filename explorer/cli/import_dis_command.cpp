// `gilrace import-dis FILE.txt`: raw dis.dis output -> scenario text.
#include <iostream>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/exit_codes.hpp"
#include "explorer/program/dis_import.hpp"
#include "explorer/program/scenario_parser.hpp"

namespace gilrace {

Command add_import_dis_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("import-dis", "turn raw `dis.dis` output into a scenario (printed on stdout)");
  cmd->footer(
      "Example:\n"
      "  python3 -c 'import dis, counter; dis.dis(counter.worker)' > worker.txt\n"
      "  gilrace import-dis worker.txt > worker.scn");
  cmd->add_option("FILE", *path, "text file holding dis.dis output")->required();
  return {cmd, [path] {
            std::cout << import_dis(*path, read_text_file(*path));
            return kExitExpected;
          }};
}

}  // namespace gilrace
