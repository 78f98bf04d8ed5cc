// The time and memory limits of a search, checked every so often. Once one
// is passed the search stops cleanly and reports what it covered (a partial
// result, exit status 3) instead of running on or being killed for memory.
#pragma once
#include <chrono>
#include <string>

#include "explorer/strategy/strategy.hpp"

namespace gilrace {

class SearchBudget {
 public:
  explicit SearchBudget(const ExplorationLimits& limits);
  SearchBudget(const ExplorationLimits& limits, std::chrono::steady_clock::time_point deadline);

  // False once the deadline has passed or the process has outgrown
  // --max-memory (and from then on); exceeded_by() says which. Cheap
  // enough to call every few hundred steps.
  bool holds();
  bool exceeded() const { return !exceeded_by_.empty(); }
  // "the time limit (raise it with --time-limit SECONDS)"
  const std::string& exceeded_by() const { return exceeded_by_; }

 private:
  std::chrono::steady_clock::time_point deadline_;
  std::uint64_t max_memory_bytes_;
  std::chrono::steady_clock::time_point last_memory_look_{};
  std::string exceeded_by_;
};

// Marks a result that `limit` stopped part way: not complete, partial, and
// its bound says what stopped it.
void mark_partial(Exploration& e, const std::string& limit);

}  // namespace gilrace
