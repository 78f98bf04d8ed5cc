#include "explorer/runtime/outcome_cache.hpp"

#include "explorer/program/machine_values.hpp"
#include "explorer/runtime/canonical_state.hpp"

namespace gilrace {

std::size_t OutcomeCache::WordsHash::operator()(const std::vector<std::uint64_t>& words) const {
  return hash_key(words.data(), words.size());
}

std::size_t OutcomeCache::index_of(const Machine& machine) {
  // Everything an outcome depends on: globals, heap contents, and how each
  // thread ended (frames of finished threads do not matter).
  scratch_.clear();
  const auto add = [this](const Value& v) {
    scratch_.push_back(std::uint64_t(v.kind) | (std::uint64_t(v.builtin) << 8) | (std::uint64_t(v.object) << 32));
    scratch_.push_back(static_cast<std::uint64_t>(v.integer));
  };
  for (const Value& g : machine.globals) add(g);
  for (const HeapObject& o : machine.heap) {
    scratch_.push_back(std::uint64_t(o.kind) | (std::uint64_t(o.owner + 1) << 8) | (std::uint64_t(o.items.size()) << 32));
    for (const Value& item : o.items) add(item);
  }
  for (std::uint32_t i = 0; i < machine.threads.size(); ++i) {
    const ThreadState& t = machine.threads[i];
    scratch_.push_back(std::uint64_t(t.status) | (std::uint64_t(t.error) << 8) |
                       (std::uint64_t(t.status == ThreadStatus::Raised ? t.error_pc : 0) << 32));
    if (const auto detail = error_detail(program_, machine, i)) add(*detail);  // a KeyError's key
  }
  if (const auto it = by_state_.find(scratch_); it != by_state_.end()) return it->second;
  OutcomeValue outcome = describe_outcome(program_, machine);
  auto [it, inserted] = by_key_.try_emplace(outcome.key(), outcomes_.size());
  if (inserted) outcomes_.push_back(std::move(outcome));
  by_state_.emplace(scratch_, it->second);
  return it->second;
}

}  // namespace gilrace
