// Growing arrays for the graph search's per-state records, millions long.
// They grow by whole chunks, so an element never moves: growing copies
// nothing, and the memory never holds the old and the new array at once,
// as a std::vector does while it reallocates (half again the records).
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

namespace gilrace {

// Elements in chunks of 2^16; each slot holds `width` consecutive elements.
template <typename T>
class ChunkedSlots {
 public:
  explicit ChunkedSlots(std::size_t width = 1) : width_(width) {}

  T* slot(std::size_t i) { return chunks_[i >> kChunkBits].get() + (i & kMask) * width_; }
  const T* slot(std::size_t i) const { return chunks_[i >> kChunkBits].get() + (i & kMask) * width_; }
  std::size_t size() const { return size_; }

  // A new slot, its elements value-initialised; returns its index.
  std::size_t add() {
    if (size_ >> kChunkBits == chunks_.size()) chunks_.push_back(std::make_unique<T[]>((kMask + 1) * width_));
    return size_++;
  }

 private:
  static constexpr std::size_t kChunkBits = 16;
  static constexpr std::size_t kMask = (std::size_t(1) << kChunkBits) - 1;
  std::size_t width_;
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t size_ = 0;
};

template <typename T>
class ChunkedVector {
 public:
  T& operator[](std::size_t i) { return *slots_.slot(i); }
  const T& operator[](std::size_t i) const { return *slots_.slot(i); }
  std::size_t size() const { return slots_.size(); }
  T& emplace_back() { return *slots_.slot(slots_.add()); }

 private:
  ChunkedSlots<T> slots_;
};

}  // namespace gilrace
