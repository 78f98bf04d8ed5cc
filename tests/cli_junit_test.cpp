// `--junit PATH` on explore and check: JUnit XML that parses (checked with
// Python's xml.etree, as a CI server's parser would read it), one test
// case per scenario and model, failures that carry the witness swimlane.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "explorer/report/junit_xml.hpp"
#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using testing_support::read_file;
using testing_support::run_cli;
using testing_support::shell_quote;
using testing_support::TempDir;

// Parses `xml_path` with xml.etree and prints, per test case:
// "classname|name|failure type|failure message", one line each.
std::string parsed_cases(const std::string& xml_path, const TempDir& dir) {
  const std::string script = dir.file("parse.py");
  std::ofstream(script) << "import sys, xml.etree.ElementTree as E\n"
                           "root = E.parse(sys.argv[1]).getroot()\n"
                           "assert root.tag == 'testsuites'\n"
                           "suite = root.find('testsuite')\n"
                           "cases = suite.findall('testcase')\n"
                           "assert int(suite.get('tests')) == len(cases)\n"
                           "assert int(suite.get('failures')) == sum(1 for c in cases if c.find('failure') is not None)\n"
                           "for c in cases:\n"
                           "    f = c.find('failure')\n"
                           "    print('|'.join([c.get('classname'), c.get('name'), f.get('type') if f is not None else '',\n"
                           "                    f.get('message') if f is not None else '']))\n";
  const std::string out = dir.file("parsed.txt");
  const int status = std::system(("python3 " + shell_quote(script) + " " + shell_quote(xml_path) + " > " +
                                  shell_quote(out) + " 2>&1")
                                     .c_str());
  return (status == 0 ? "" : "python3 failed: ") + read_file(out);
}

TEST(CliJUnit, ExploreFailsOnAnUnexpectedOutcomeWithItsWitness) {
  TempDir dir;
  const auto r = run_cli("explore scenarios/seed_counter.scn -D THREADS=2 --junit " + dir.file("j.xml"));
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(parsed_cases(dir.file("j.xml"), dir),
            "gilrace.every-op|scenarios/seed_counter.scn|unexpected-outcome|1 unexpected outcome: n = 1\n");
  const std::string xml = read_file(dir.file("j.xml"));
  EXPECT_NE(xml.find("n = 1 (68 of 70)\n  step  T1"), std::string::npos) << xml;
  EXPECT_NE(xml.find("T1 stored n=1 over T2&apos;s update; both had loaded n=0."), std::string::npos) << xml;
}

TEST(CliJUnit, ExplorePassesWhenEveryOutcomeIsExpected) {
  TempDir dir;
  const auto r = run_cli("explore scenarios/seed_counter_locked.scn -D THREADS=2 --model cpython-3.11 --junit " +
                         dir.file("j.xml"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(parsed_cases(dir.file("j.xml"), dir), "gilrace.cpython-3.11|scenarios/seed_counter_locked.scn||\n");
}

TEST(CliJUnit, CheckHasACasePerScenarioFailedByAChange) {
  TempDir dir;
  for (const char* name : {"seed_counter.scn", "seed_counter_locked.scn"})
    std::filesystem::copy_file(std::string(GILRACE_SOURCE_DIR) + "/scenarios/" + name, dir.file(name));
  const std::string cwd = dir.path().string();
  EXPECT_EQ(run_cli("check . --baseline b.json --update -D THREADS=2", cwd).status, 0);
  std::string text = read_file(dir.file("seed_counter.scn"));
  text.replace(text.find("LOAD_CONST   1"), 14, "LOAD_CONST   2");
  std::ofstream(dir.file("seed_counter.scn")) << text;
  const auto r = run_cli("check . --baseline b.json -D THREADS=2 --junit j.xml", cwd);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(parsed_cases(dir.file("j.xml"), dir),
            "gilrace.every-op|./seed_counter.scn|baseline-changed|n = 2: 2 -> 68 interleavings; and 2 more\n"
            "gilrace.every-op|./seed_counter_locked.scn||\n");
  const std::string xml = read_file(dir.file("j.xml"));
  EXPECT_NE(xml.find("new unexpected outcome: n = 4 (2 interleavings)\n"), std::string::npos) << xml;
  EXPECT_NE(xml.find("n = 4, witness:\n"), std::string::npos) << xml;
}

TEST(JUnitXml, EscapesMarkupAndDropsForbiddenCharacters) {
  EXPECT_EQ(xml_escape("a<b & 'c' > \"d\"\x1b[0m\n\tok"), "a&lt;b &amp; &apos;c&apos; &gt; &quot;d&quot;?[0m\n\tok");
}

TEST(CliJUnit, UnwritablePathIsBadInputBeforeTheSearch) {
  const auto r = run_cli("explore scenarios/seed_counter.scn -D THREADS=2 --junit /nonexistent-gilrace-dir/j.xml");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "/nonexistent-gilrace-dir/j.xml: cannot write the file\n");
}

}  // namespace
}  // namespace gilrace
