// Progress on stderr during long explorations: states, interleavings
// covered, rate and the current preemption bound (for the sampling
// strategies: runs made of those requested). On a terminal it rewrites
// one line; otherwise it prints a line every few seconds.
#pragma once
#include <chrono>

#include "explorer/strategy/strategy.hpp"

namespace gilrace {

class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool terminal);
  ~ProgressPrinter();
  void operator()(const Progress& progress);

 private:
  bool terminal_;
  bool printed_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace gilrace
