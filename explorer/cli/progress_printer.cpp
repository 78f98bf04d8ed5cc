#include "explorer/cli/progress_printer.hpp"

#include <cstdio>
#include <string>

namespace gilrace {

ProgressPrinter::ProgressPrinter(bool terminal)
    : terminal_(terminal), started_(std::chrono::steady_clock::now()), last_(started_) {}

ProgressPrinter::~ProgressPrinter() {
  if (printed_ && terminal_) std::fputs("\n", stderr);
}

void ProgressPrinter::operator()(const Progress& p) {
  const auto now = std::chrono::steady_clock::now();
  if (!p.found.empty()) {  // printed at once: the reason to look at the report when it comes
    std::fprintf(stderr, "%sfound an unexpected outcome: %s; counting every interleaving...\n",
                 terminal_ && printed_ ? "\r" : "", p.found.c_str());
    std::fflush(stderr);
    return;
  }
  const auto interval = terminal_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(2000);
  if (now - last_ < interval) return;
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - started_).count();
  if (p.runs > 0) {  // a sampling strategy: walks, not interleavings
    std::fprintf(stderr, "%s[%s] %s of %llu runs made, %llu switch points, %.0f runs/s, %.1fs%s", terminal_ ? "\r" : "",
                 p.phase.c_str(), p.covered.c_str(), static_cast<unsigned long long>(p.runs),
                 static_cast<unsigned long long>(p.states), seconds > 0 ? std::stod(p.covered) / seconds : 0.0, seconds,
                 terminal_ ? "   " : "\n");
    std::fflush(stderr);
    printed_ = true;
    return;
  }
  std::string covered = p.covered.size() > 24 ? p.covered.substr(0, 3) + "e" + std::to_string(p.covered.size() - 1)
                                             : p.covered;
  const std::string bound = p.bound == kUnbounded ? "none" : std::to_string(p.bound);
  std::fprintf(stderr,
               "%s[%s, preemption bound %s] %llu states, depth %llu opcodes, %s interleavings finished, "
               "%.0f states/s, %.1fs%s",
               terminal_ ? "\r" : "", p.phase.c_str(), bound.c_str(), static_cast<unsigned long long>(p.states),
               static_cast<unsigned long long>(p.depth), covered.c_str(),
               seconds > 0 ? static_cast<double>(p.states) / seconds : 0.0, seconds,
               terminal_ ? "   " : "\n");
  std::fflush(stderr);
  printed_ = true;
}

}  // namespace gilrace
