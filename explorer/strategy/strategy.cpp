#include "explorer/strategy/strategy.hpp"

#include <algorithm>

namespace gilrace {

void sort_outcomes(std::vector<OutcomeResult>& outcomes) {
  std::stable_sort(outcomes.begin(), outcomes.end(), [](const OutcomeResult& a, const OutcomeResult& b) {
    if (a.outcome.expected != b.outcome.expected) return a.outcome.expected;
    if (a.min_preemptions != b.min_preemptions) return a.min_preemptions < b.min_preemptions;
    if (a.count != b.count) return a.count > b.count;
    return a.outcome.key() < b.outcome.key();
  });
}

void offer_witness(OutcomeResult& result, const Schedule& schedule, std::uint32_t preemptions, std::uint32_t cap) {
  if (preemptions < result.min_preemptions) {
    result.min_preemptions = preemptions;
    result.witnesses.clear();
  }
  if (preemptions != result.min_preemptions || result.witnesses.size() >= cap) return;
  for (const Witness& w : result.witnesses)
    if (w.schedule == schedule) return;  // a sample may draw the same run twice
  result.witnesses.push_back({schedule, preemptions});
}

std::string bound_text(std::uint32_t preemptions) {
  return "at most " + std::to_string(preemptions) + " preemption" + (preemptions == 1 ? "" : "s");
}

std::unique_ptr<Strategy> make_strategy(const std::string& name) {
  if (name == "auto") return make_auto_strategy();
  if (name == "exhaustive") return make_exhaustive_strategy();
  if (name == "bounded") return make_bounded_strategy();
  if (name == "dfs") return make_stateless_dfs_strategy();
  if (name == "dpor") return make_dpor_strategy();
  if (name == "random") return make_random_strategy();
  if (name == "pct") return make_pct_strategy();
  return nullptr;
}

bool is_sampling_strategy(const std::string& name) { return name == "random" || name == "pct"; }

std::vector<std::string> strategy_names() { return {"auto", "exhaustive", "bounded", "dfs", "dpor", "random", "pct"}; }

}  // namespace gilrace
