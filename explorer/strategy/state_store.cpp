#include "explorer/strategy/state_store.hpp"

#include <algorithm>

#include "explorer/runtime/canonical_state.hpp"

namespace gilrace {

StateStore::StateStore() : offsets_{0}, table_(1024, 0), mask_(1023) {}

namespace {
// A slot holds the high half of the key's hash and its index + 1 (0: empty),
// so a probe compares hashes without touching the key or another array.
std::uint64_t slot_of(std::uint64_t hash, std::uint32_t index) { return (hash & ~0xffffffffull) | (index + 1ull); }
}  // namespace

std::size_t StateStore::slot_of_key(std::span<const std::uint64_t> key, std::uint64_t hash) const {
  const std::uint64_t tag = hash & ~0xffffffffull;
  for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
    const std::uint64_t entry = table_[slot];
    if (entry == 0) return slot;
    if ((entry & ~0xffffffffull) == tag) {
      const auto stored = this->key(static_cast<std::uint32_t>(entry) - 1);
      if (std::equal(stored.begin(), stored.end(), key.begin(), key.end())) return slot;
    }
  }
}

std::pair<std::uint32_t, bool> StateStore::intern(std::span<const std::uint64_t> key, std::uint64_t hash) {
  const std::size_t slot = slot_of_key(key, hash);
  if (table_[slot] != 0) return {static_cast<std::uint32_t>(table_[slot]) - 1, false};
  const auto index = static_cast<std::uint32_t>(offsets_.size() - 1);
  arena_.insert(arena_.end(), key.begin(), key.end());
  offsets_.push_back(arena_.size());
  hashes_.push_back(hash);
  table_[slot] = slot_of(hash, index);
  if (2 * std::size_t{size()} > table_.size()) grow();  // keep the load factor at most 1/2
  return {index, true};
}

bool StateStore::contains(std::span<const std::uint64_t> key, std::uint64_t hash) const {
  return table_[slot_of_key(key, hash)] != 0;
}

void StateStore::grow() {
  table_.assign(table_.size() * 2, 0);
  mask_ = table_.size() - 1;
  for (std::uint32_t index = 0; index < size(); ++index) {
    std::size_t slot = hashes_[index] & mask_;
    while (table_[slot] != 0) slot = (slot + 1) & mask_;
    table_[slot] = slot_of(hashes_[index], index);
  }
}

std::size_t StateStore::bytes() const {
  return arena_.capacity() * 8 + offsets_.capacity() * 8 + hashes_.capacity() * 8 + table_.capacity() * 8;
}

}  // namespace gilrace
