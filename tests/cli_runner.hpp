// Runs the real gilrace binary (GILRACE_BINARY) through the shell and
// captures its stdout, stderr and exit status, for the CLI test suites.
#pragma once
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace gilrace::testing_support {

// A fresh directory under the system temp directory, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "gilrace-cli-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// 'text' for the shell.
inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct CliResult {
  int status = -1;  // exit status; -1 when the process did not exit normally (a crash)
  std::string out;
  std::string err;
};

// Runs `gilrace ARGS` (ARGS already shell-quoted where needed) with the
// working directory `cwd` (default: the source tree, so relative scenario
// paths such as scenarios/seed_counter.scn work).
inline CliResult run_cli(const std::string& args, const std::string& cwd = GILRACE_SOURCE_DIR) {
  TempDir capture;
  const std::string out = capture.file("stdout"), err = capture.file("stderr");
  const std::string command = "cd " + shell_quote(cwd) + " && " + shell_quote(GILRACE_BINARY) + " " + args + " >" +
                              shell_quote(out) + " 2>" + shell_quote(err) + " </dev/null";
  const int raw = std::system(command.c_str());
  CliResult result;
  result.status = raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

inline std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
  return count;
}

}  // namespace gilrace::testing_support
