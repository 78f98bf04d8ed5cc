// `--html PATH`: a self-contained file (no scripts, no network) with the
// outcome table, the distribution chart and an SVG swimlane per witness;
// rendered by headless Chromium (Debian's chromium package), the picture
// is not blank and the SVG elements are in the DOM.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using testing_support::count_of;
using testing_support::read_file;
using testing_support::run_cli;
using testing_support::shell_quote;
using testing_support::TempDir;

// Seed, three threads: 3 outcomes, witnesses 1 + 3 + 3.
std::string seed_html(const TempDir& dir) {
  const auto r = run_cli("explore scenarios/seed_counter.scn -D THREADS=3 --details 0 --html " + dir.file("r.html"));
  EXPECT_EQ(r.status, 1) << r.err;
  return read_file(dir.file("r.html"));
}

TEST(HtmlReport, SelfContainedWithTableChartAndSwimlanes) {
  TempDir dir;
  const std::string html = seed_html(dir);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")) << html;
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  EXPECT_NE(html.find("<tr><td>n = 1</td><td class=\"unexpected\">NO</td><td class=\"number\">1</td>"
                      "<td class=\"number\">94.89%</td><td class=\"number\">32880</td></tr>"),
            std::string::npos)
      << html;
  EXPECT_EQ(count_of(html, "<svg "), 1u + 7u);          // the chart, then one per witness
  EXPECT_EQ(count_of(html, "class=\"bar-unexpected\""), 2u);
  EXPECT_EQ(count_of(html, "class=\"bar-expected\""), 1u);
  EXPECT_EQ(count_of(html, "<h3>"), 7u);
  // Every n = 1 and n = 2 witness loses at least one update: an arrow each.
  EXPECT_GE(count_of(html, "class=\"lost-update\""), 6u);
  EXPECT_NE(html.find("<h3>n = 1: witness 1 of 3 (1 preemption)</h3>\n<p class=\"lost\">T1 stored n=1 over T2&apos;s "
                      "and T3&apos;s updates; T1 had loaded n=0 before both.</p>"),
            std::string::npos)
      << html;
  EXPECT_GE(count_of(html, "class=\"preemption\""), 6u);
}

bool have_chromium() { return std::system("command -v chromium >/dev/null 2>&1") == 0; }

// Runs headless Chromium on `html` with `mode` (--dump-dom, or
// --screenshot=PATH) and returns its stdout.
std::string chromium(const TempDir& dir, const std::string& html, const std::string& mode) {
  const std::string out = dir.file("chromium.out");
  const std::string command = "HOME=" + shell_quote(dir.path().string()) +
                              " timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
                              "--user-data-dir=" + shell_quote(dir.file("profile")) +
                              " --window-size=1100,1400 " + mode + " " + shell_quote("file://" + html) + " > " +
                              shell_quote(out) + " 2>/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return read_file(out);
}

// Decodes an 8-bit RGB/RGBA PNG with Python's zlib (no imaging library
// needed) and prints "WIDTH HEIGHT NON_WHITE_PIXELS DISTINCT_COLOURS".
std::string png_summary(const TempDir& dir, const std::string& png) {
  const std::string script = dir.file("png.py");
  std::ofstream(script) << R"(import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat = 8, b''
while pos < len(data):
    length, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b'IHDR': width, height, depth, colour = struct.unpack('>IIBB', body[:10])
    if kind == b'IDAT': idat += body
    pos += 12 + length
assert depth == 8 and colour in (2, 6)
bpp = 4 if colour == 6 else 3
raw, stride, prev, rows = zlib.decompress(idat), width * bpp, bytearray(width * bpp), []
for y in range(height):
    kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if kind == 1: line[i] = (line[i] + a) & 255
        elif kind == 2: line[i] = (line[i] + b) & 255
        elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    prev = line
pixels = [bytes(r[i:i + 3]) for r in rows for i in range(0, stride, bpp)]
print(width, height, sum(1 for p in pixels if p != b'\xff\xff\xff'), len(set(pixels)))
)";
  const std::string out = dir.file("png.txt");
  std::system(("python3 " + shell_quote(script) + " " + shell_quote(png) + " > " + shell_quote(out) + " 2>&1").c_str());
  return read_file(out);
}

TEST(HtmlReport, ChromiumDrawsIt) {
  if (!have_chromium()) GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh installs it)";
  TempDir dir;
  seed_html(dir);
  const std::string dom = chromium(dir, dir.file("r.html"), "--dump-dom");
  EXPECT_EQ(count_of(dom, "<svg "), 8u) << dom.substr(0, 2000);
  EXPECT_GE(count_of(dom, "<rect class=\"op"), 30u);
  EXPECT_GE(count_of(dom, "<path class=\"lost-update\""), 6u);

  chromium(dir, dir.file("r.html"), "--screenshot=" + dir.file("shot.png"));
  std::istringstream summary(png_summary(dir, dir.file("shot.png")));
  std::uint64_t width = 0, height = 0, drawn = 0, colours = 0;
  ASSERT_TRUE(summary >> width >> height >> drawn >> colours) << png_summary(dir, dir.file("shot.png"));
  EXPECT_EQ(width, 1100u);
  EXPECT_EQ(height, 1400u);
  // Not blank: text, boxes and bars cover a few percent of the page, in many colours.
  EXPECT_GT(drawn, width * height / 50);
  EXPECT_GT(colours, 20u);
}

}  // namespace
}  // namespace gilrace
