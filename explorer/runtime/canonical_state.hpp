// The canonical encoding of a Machine: a word string that is equal for two
// machines exactly when they are the same state up to a permutation of
// interchangeable threads (threads running the same function). Threads of
// one function are ordered by their frame record (its hash, then its
// words) and identical records are stored once with a count, so 100
// threads that have not started yet cost one record. The encoding is
// complete: decode() rebuilds a Machine from it.
//
// Key layout: globals (2 words each), heap object count, each heap object
// (a header word, then its items), then per function class: the number of
// runs, and per run its count followed by the record. A record is a header
// word (pc, sp, status, error), the step count (when bodies jump or call),
// the frame word (function, frame base, depth; when bodies call), the
// number of locks held, their heap ids, then the slots of every frame up
// to the running one's stack top (2 words each).
#pragma once
#include <cstdint>
#include <span>
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

// Where the runs of a key are, read back from the key itself.
struct KeyLayout {
  struct Run {
    std::uint32_t count;
    std::uint32_t offset;  // of the record in the key
    std::uint32_t length;  // of the record
    std::uint64_t hash;    // of the record
    std::uint32_t first;   // canonical position of its first thread
  };
  std::uint32_t head_end = 0;                // globals and heap end here
  std::vector<std::uint32_t> class_offset;  // where each class's run count sits
  std::vector<std::vector<Run>> runs;        // per class
};

class StateEncoder {
 public:
  explicit StateEncoder(const Program& program);

  void encode(const Machine& machine, CanonicalState& out);

  // Rebuilds the machine whose canonical position p is thread
  // position_thread(p). `out`'s buffers are reused.
  void decode(std::span<const std::uint64_t> key, Machine& out) const;

  void layout(std::span<const std::uint64_t> key, KeyLayout& out) const;

  // The key of `machine`, reached from the decoded `base` (whose key and
  // layout are given) by one step of `thread`, built by moving that
  // thread's record between runs instead of encoding every thread again.
  // Returns the canonical position of the first thread of the stepped
  // thread's new group, or -1 when the step changed something that forces
  // a full encode (the caller then calls encode()).
  std::int64_t encode_after_step(std::span<const std::uint64_t> base_key, const KeyLayout& base_layout,
                                 const Machine& base, const Machine& machine, std::uint32_t thread, StateKey& out);

  // The hash of every thread's record in `machine`, as its key would hold
  // it. Called again after one step of thread `stepped` on the same
  // machine, it re-encodes only that thread unless the step renumbered the
  // heap or changed another thread's locks; kAllThreads encodes them all.
  static constexpr std::uint32_t kAllThreads = 0xffffffffu;
  const std::vector<std::uint64_t>& thread_hashes(const Machine& machine, std::uint32_t stepped);
  // Whether `thread`'s record in the machine last given to thread_hashes()
  // is exactly `record` (hashes can collide; words cannot).
  bool record_equals(const Machine& machine, std::uint32_t thread, std::span<const std::uint64_t> record);

  std::uint32_t position_thread(std::uint32_t position) const { return position_thread_[position]; }
  std::uint32_t position_of_thread(std::uint32_t thread) const { return thread_position_[thread]; }
  std::uint32_t class_of_thread(std::uint32_t thread) const { return thread_class_[thread]; }
  std::uint32_t class_start(std::uint32_t klass) const { return class_start_[klass]; }

 private:
  void number_heap(const Machine& machine);
  void visit(const Machine& machine, const Value& value);
  std::uint64_t* encode_value(const Value& value, std::uint64_t* out) const;
  void encode_head(const Machine& machine, StateKey& key);
  void encode_thread(const Machine& machine, std::uint32_t thread);
  std::uint32_t record_length(std::uint32_t klass, const std::uint64_t* record) const;

  const Program& program_;
  Machine initial_layout_;
  std::vector<std::vector<std::uint32_t>> classes_;  // thread indices per function, ascending
  std::vector<std::uint32_t> class_function_;
  std::vector<std::uint32_t> class_start_;
  std::vector<std::uint32_t> position_thread_;
  std::vector<std::uint32_t> thread_position_;
  std::vector<std::uint32_t> thread_class_;

  // scratch
  std::vector<std::uint32_t> heap_id_;  // heap index -> canonical id
  std::vector<std::uint32_t> heap_order_;
  std::vector<std::uint32_t> record_offset_;
  std::vector<std::uint32_t> record_length_;
  std::vector<std::uint64_t> record_hash_;
  std::vector<std::uint64_t> records_;
  std::vector<std::vector<std::uint32_t>> held_;  // per thread: canonical ids of locks it holds
  bool any_held_ = false;  // some list in held_ is not empty

  // thread_hashes() state: the hashes and what they were computed under
  std::vector<std::uint64_t> cached_hashes_;
  std::vector<std::uint32_t> cached_heap_order_;
  std::vector<std::int32_t> cached_owners_;
  StateKey head_scratch_;
};

std::uint64_t hash_key(const std::uint64_t* words, std::size_t count);

}  // namespace gilrace
