// The canonical encoding of a Machine: a word string that is equal for two
// machines exactly when they are the same state up to a permutation of
// interchangeable threads (threads running the same function). Threads of
// one function are sorted by their frame and identical frames are stored
// once with a count, so 100 threads that have not started yet cost one
// record. The encoding is complete: decode() rebuilds a Machine from it.
#pragma once
#include <cstdint>
#include <vector>

#include "explorer/program/machine.hpp"
#include "explorer/program/program.hpp"

namespace gilrace {

using StateKey = std::vector<std::uint64_t>;

struct CanonicalState {
  StateKey key;
  // order[p]: the thread of the encoded machine at canonical position p.
  std::vector<std::uint32_t> order;
  // group_first[p]: the first canonical position whose frame equals p's.
  std::vector<std::uint32_t> group_first;
};

class StateEncoder {
 public:
  explicit StateEncoder(const Program& program);

  void encode(const Machine& machine, CanonicalState& out);

  // Rebuilds the machine whose canonical position p is thread p (so the
  // decoded machine's order is the identity). `out` may hold an old machine
  // of the same program; its buffers are reused.
  void decode(const StateKey& key, Machine& out) const;

  // Canonical positions are thread indices grouped by function; this is the
  // thread that position p is decoded into.
  std::uint32_t position_thread(std::uint32_t position) const { return position_thread_[position]; }

 private:
  void number_heap(const Machine& machine);
  void visit(const Machine& machine, const Value& value);
  void encode_value(const Value& value, std::vector<std::uint64_t>& out) const;
  void encode_thread(const Machine& machine, std::uint32_t thread);

  const Program& program_;
  Machine initial_layout_;
  std::vector<std::vector<std::uint32_t>> classes_;  // thread indices per function, ascending
  std::vector<std::uint32_t> position_thread_;

  // scratch
  std::vector<std::uint32_t> heap_id_;  // heap index -> canonical id (or kUnmapped)
  std::vector<std::uint32_t> heap_order_;
  std::vector<std::uint32_t> record_offset_;  // per thread: start in records_ (size+1 entries use)
  std::vector<std::uint32_t> record_length_;
  std::vector<std::uint64_t> records_;
  std::vector<std::vector<std::uint32_t>> held_;  // per thread: canonical ids of locks it holds
};

std::uint64_t hash_key(const std::uint64_t* words, std::size_t count);

}  // namespace gilrace
