// A compact set of canonical state keys: every key's words live in one
// arena, and an open-addressing table maps a key to its dense index. A
// lookup of a key that is already stored allocates nothing.
#pragma once
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace gilrace {

class StateStore {
 public:
  StateStore();

  // The index of `key`, inserting it when new; `.second` is true if inserted.
  // `hash` is hash_key of the key.
  std::pair<std::uint32_t, bool> intern(std::span<const std::uint64_t> key, std::uint64_t hash);
  // Whether `key` (whose hash_key is `hash`) is stored.
  bool contains(std::span<const std::uint64_t> key, std::uint64_t hash) const;

  std::span<const std::uint64_t> key(std::uint32_t index) const {
    return {arena_.data() + offsets_[index], offsets_[index + 1] - offsets_[index]};
  }
  std::uint32_t size() const { return static_cast<std::uint32_t>(offsets_.size() - 1); }
  std::size_t bytes() const;

 private:
  void grow();
  // The table slot holding `key`, or the empty slot where it would go.
  std::size_t slot_of_key(std::span<const std::uint64_t> key, std::uint64_t hash) const;

  std::vector<std::uint64_t> arena_;
  std::vector<std::uint64_t> offsets_;  // key i is arena_[offsets_[i], offsets_[i+1])
  std::vector<std::uint64_t> hashes_;   // per key, to rehash without rereading keys (read only by grow)
  std::vector<std::uint64_t> table_;    // hash's high half | index + 1, 0 for empty
  std::size_t mask_ = 0;
};

}  // namespace gilrace
