// Outcomes of final states, described once per distinct final state:
// searches that reach millions of final states (the stateless DFS) look the
// raw state up instead of building strings each time.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "explorer/runtime/outcome.hpp"

namespace gilrace {

class OutcomeCache {
 public:
  explicit OutcomeCache(const Program& program) : program_(program) {}

  // The index (in order of first appearance) of the outcome of `machine`;
  // `outcome(i)` describes it.
  std::size_t index_of(const Machine& machine);
  const OutcomeValue& outcome(std::size_t index) const { return outcomes_[index]; }
  std::size_t size() const { return outcomes_.size(); }

 private:
  struct WordsHash {
    std::size_t operator()(const std::vector<std::uint64_t>& words) const;
  };

  const Program& program_;
  std::vector<std::uint64_t> scratch_;
  std::unordered_map<std::vector<std::uint64_t>, std::size_t, WordsHash> by_state_;
  std::unordered_map<std::string, std::size_t> by_key_;
  std::vector<OutcomeValue> outcomes_;
};

}  // namespace gilrace
