// The bad-input corpus in tests/bad_inputs/: every malformed file a user
// could write or receive, run through the real binary, with the exact
// stderr and exit status 2 written beside the inputs (expected.txt); the
// run-time errors that are outcomes, not input errors (runtime/); and the
// odd inputs that are accepted (accepted/). Every file there must be named
// by a case, so that no case can be skipped without notice.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

namespace fs = std::filesystem;
using testing_support::read_file;
using testing_support::run_cli;
using testing_support::shell_quote;
using testing_support::TempDir;
using testing_support::write_file;

const fs::path kCorpus = fs::path(GILRACE_SOURCE_DIR) / "tests" / "bad_inputs";

// Files the test writes into its copy of the corpus instead of keeping them
// in the repository.
const char* const kGenerated[] = {"huge.scn"};

struct Case {
  std::string name;
  std::vector<std::string> args;  // after `gilrace`
  int status = 2;
  std::string expected;  // stderr for status 2, else stdout (and stderr is empty)
};

// The cases of one expected.txt (format in tests/bad_inputs/expected.txt).
std::vector<Case> read_cases(const fs::path& file) {
  std::vector<Case> cases;
  std::istringstream in(read_file(file.string()));
  std::vector<std::string> block;
  const auto finish = [&] {
    if (cases.empty()) return;
    while (!block.empty() && block.back().empty()) block.pop_back();
    for (const std::string& line : block) cases.back().expected += line + "\n";
    block.clear();
  };
  std::string line;
  bool in_case = false;
  bool after_command = false;  // the line after `$ gilrace ARGS` may be `exit N`
  while (std::getline(in, line)) {
    if (after_command && line.starts_with("exit ")) {
      cases.back().status = std::stoi(line.substr(5));
      after_command = false;
      continue;
    }
    after_command = false;
    if (line.starts_with("### ")) {
      finish();
      Case c;
      c.name = line.substr(4, line.find(':') - 4);
      if (!std::getline(in, line) || !line.starts_with("$ gilrace "))
        throw std::runtime_error(c.name + ": no `$ gilrace ARGS` line after the `###` line");
      std::istringstream words(line.substr(10));
      for (std::string word; words >> word;) c.args.push_back(word);
      cases.push_back(std::move(c));
      in_case = true;
      after_command = true;
    } else if (line.starts_with("#")) {
      finish();
      in_case = false;
    } else if (in_case) {
      block.push_back(line);
    } else if (!line.empty()) {
      throw std::runtime_error("a line outside any case: " + line);
    }
  }
  finish();
  return cases;
}

// A copy of the corpus with the generated files in it, so that no case can
// write into the source tree and paths in messages stay short.
class BadInputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    copy_ = new TempDir();
    fs::copy(kCorpus, copy_->path(), fs::copy_options::recursive);
    // 10 MB of a scenario that would otherwise parse: refused by its size, at once.
    std::string huge = "global n = 0\n\ndef foo():\n";
    while (huge.size() < std::size_t{10} * 1024 * 1024) huge += "    NOP\n";
    write_file(copy_->file("huge.scn"), huge + "\nthreads 1 x foo\n");
  }
  static void TearDownTestSuite() {
    delete copy_;
    copy_ = nullptr;
  }

  // Runs every case of `dir`/expected.txt with `dir` as the working directory.
  static void run_cases(const std::string& dir) {
    const std::vector<Case> cases = read_cases(kCorpus / dir / "expected.txt");
    ASSERT_FALSE(cases.empty()) << dir;
    std::set<std::string> names;
    for (const Case& c : cases) {
      EXPECT_TRUE(names.insert(c.name).second) << "case " << c.name << " is named twice";
      std::string args;
      for (const std::string& arg : c.args) args += " " + shell_quote(arg);
      const auto r = run_cli(args, (copy_->path() / dir).string());
      EXPECT_EQ(r.status, c.status) << "case " << c.name << "\nstderr:\n" << r.err;
      if (c.status == 2) {
        EXPECT_EQ(r.err, c.expected) << "case " << c.name;
      } else {
        EXPECT_EQ(r.out, c.expected) << "case " << c.name;
        EXPECT_EQ(r.err, "") << "case " << c.name;
      }
    }
  }

  static TempDir* copy_;
};

TempDir* BadInputs::copy_ = nullptr;

TEST_F(BadInputs, EachGivesItsMessageAndStatusTwo) { run_cases("."); }

TEST_F(BadInputs, RunTimeErrorsAreOutcomesNotInputErrors) { run_cases("runtime"); }

TEST_F(BadInputs, OddButValidInputsAreAccepted) { run_cases("accepted"); }

TEST_F(BadInputs, EveryFileHasACase) {
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(kCorpus)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name == "expected.txt" || name == ".gitattributes") continue;
    bool named = false;
    for (const Case& c : read_cases(entry.path().parent_path() / "expected.txt"))
      for (const std::string& arg : c.args) named = named || arg == name || arg.starts_with(name + "/");
    EXPECT_TRUE(named) << fs::relative(entry.path(), kCorpus).string() << " is named by no case";
  }
  EXPECT_GE(read_cases(kCorpus / "expected.txt").size(), 60u);
  for (const char* generated : kGenerated) EXPECT_FALSE(fs::exists(kCorpus / generated)) << generated;
}

// A path that is not UTF-8 (a Latin-1 file name) reaches the reports only
// as U+FFFD: the JSON and the JUnit XML stay valid.
TEST_F(BadInputs, APathThatIsNotUtf8StaysValidInReports) {
  TempDir dir;
  const std::string name = "caf\xE9.scn";
  fs::copy_file(kCorpus / "ok.scn", dir.file(name));
  const auto r = run_cli("explore " + shell_quote(name) + " --json - --junit junit.xml --traces traces",
                         dir.path().string());
  EXPECT_EQ(r.status, 1) << r.err;
  const nlohmann::json report = nlohmann::json::parse(r.out);  // throws on invalid UTF-8
  EXPECT_EQ(report["scenario"]["path"], "caf\xEF\xBF\xBD.scn");
  const nlohmann::json trace = nlohmann::json::parse(read_file(dir.file("traces/outcome-1-witness-1.json")));
  EXPECT_EQ(trace["scenario"]["path"], "caf\xEF\xBF\xBD.scn");
  const std::string junit = read_file(dir.file("junit.xml"));
  EXPECT_NE(junit.find("name=\"caf?.scn\""), std::string::npos) << junit;
  EXPECT_EQ(junit.find('\xE9'), std::string::npos);
}

}  // namespace
}  // namespace gilrace
