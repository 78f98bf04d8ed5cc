#include "explorer/cli/cli_support.hpp"

#include <fstream>

#include "explorer/program/input_error.hpp"

namespace gilrace {

Defines parse_defines(const std::vector<std::string>& raw) {
  Defines defines;
  for (const auto& d : raw) {
    const auto eq = d.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError({}, "-D " + d + ": expected NAME=VALUE, as in -D THREADS=3");
    defines[d.substr(0, eq)] = d.substr(eq + 1);
  }
  return defines;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw InputError({path, 0, 0}, "cannot write the file");
}

}  // namespace gilrace
