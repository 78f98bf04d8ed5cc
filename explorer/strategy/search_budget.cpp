#include "explorer/strategy/search_budget.hpp"

#include "explorer/strategy/memory_use.hpp"
#include "explorer/strategy/state_graph_search.hpp"

namespace gilrace {

SearchBudget::SearchBudget(const ExplorationLimits& limits)
    : SearchBudget(limits, deadline_after(limits.time_limit_seconds)) {}

SearchBudget::SearchBudget(const ExplorationLimits& limits, std::chrono::steady_clock::time_point deadline)
    : deadline_(deadline), max_memory_bytes_(limits.max_memory_bytes) {}

bool SearchBudget::holds() {
  if (exceeded()) return false;
  const auto now = std::chrono::steady_clock::now();
  // Reading the resident size costs a file read: at most every 20 ms.
  const bool look_at_memory = max_memory_bytes_ && now - last_memory_look_ >= std::chrono::milliseconds(20);
  if (look_at_memory) last_memory_look_ = now;
  if (now > deadline_)
    exceeded_by_ = "the time limit (raise it with --time-limit SECONDS)";
  else if (look_at_memory && resident_bytes() > max_memory_bytes_)
    exceeded_by_ = "the memory limit of " + memory_size_text(max_memory_bytes_) + " (raise it with --max-memory SIZE)";
  return !exceeded();
}

void mark_partial(Exploration& e, const std::string& limit) {
  e.complete = false;
  e.partial = true;
  e.limit_hit = true;
  e.limit_message = limit;
  e.bound = "stopped by " + limit;
}

}  // namespace gilrace
