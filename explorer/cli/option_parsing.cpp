#include "explorer/cli/option_parsing.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <thread>

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

std::uint32_t parse_jobs(const std::string& text) {
  if (text.empty()) return std::max(1u, std::thread::hardware_concurrency());
  const bool digits = text.size() <= 6 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) throw InputError({}, "--jobs " + text + ": '" + text + "' is not a number of threads (write it as 1, 2, ...)");
  const auto jobs = static_cast<std::uint32_t>(std::stoul(text));
  if (jobs == 0) throw InputError({}, "--jobs: must be at least 1");
  return jobs;
}

CLI::Validator whole_number(std::uint64_t max) {
  return CLI::Validator(
      [max](std::string& text) -> std::string {
        if (text.starts_with('-')) return "must not be negative";
        std::uint64_t value = 0;
        const char* const end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (text.empty() || stop != end || (error != std::errc() && error != std::errc::result_out_of_range))
          return "expected a whole number, found '" + text + "'";
        if (error == std::errc::result_out_of_range || value > max)
          return "must be at most " + std::to_string(max) + ", found " + text;
        return {};
      },
      "");
}

CLI::Validator seconds() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text.starts_with('-')) return "must not be negative";
        char* stop = nullptr;
        const double value = std::strtod(text.c_str(), &stop);
        if (text.empty() || *stop != '\0' || !std::isfinite(value))
          return "expected a number of seconds, found '" + text + "'";
        return {};
      },
      "");
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw InputError({path, 0, 0}, "cannot write the file");
}

}  // namespace gilrace
