// Back pointers kept per graph place: sorted by arrival, stable among ties,
// never more than the cap, and a pointer worse than a full list is dropped.
#include <gtest/gtest.h>

#include <array>

#include "explorer/strategy/witness_paths.hpp"

namespace gilrace {
namespace {

std::vector<std::uint32_t> froms(const BackPointer* list, std::uint32_t size) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < size; ++i) out.push_back(list[i].from);
  return out;
}

TEST(BackPointers, SortedByArrivalStableAndCapped) {
  std::array<BackPointer, 3> list{};
  std::uint32_t size = 0;
  const auto add = [&](std::uint32_t from, std::uint32_t arrival) {
    add_back_pointer(list.data(), size, {from, 0, 0, 0, arrival}, 3);
  };
  add(1, 2);
  add(2, 1);
  EXPECT_EQ(froms(list.data(), size), (std::vector<std::uint32_t>{2, 1}));
  add(3, 2);  // ties keep arrival order
  EXPECT_EQ(froms(list.data(), size), (std::vector<std::uint32_t>{2, 1, 3}));
  add(4, 5);  // worse than a full list: dropped
  EXPECT_EQ(froms(list.data(), size), (std::vector<std::uint32_t>{2, 1, 3}));
  add(5, 0);  // better: the last one falls off
  EXPECT_EQ(froms(list.data(), size), (std::vector<std::uint32_t>{5, 2, 1}));
  add(6, 1);
  EXPECT_EQ(froms(list.data(), size), (std::vector<std::uint32_t>{5, 2, 6}));
  EXPECT_EQ(size, 3u);
}

TEST(BackPointers, CapOfOneKeepsTheFirstCheapest) {
  BackPointer only{};
  std::uint32_t size = 0;
  add_back_pointer(&only, size, {7, 0, 0, 0, 1}, 1);
  add_back_pointer(&only, size, {8, 0, 0, 0, 1}, 1);
  EXPECT_EQ(only.from, 7u);
  add_back_pointer(&only, size, {9, 0, 0, 0, 0}, 1);
  EXPECT_EQ(only.from, 9u);
  EXPECT_EQ(size, 1u);
}

}  // namespace
}  // namespace gilrace
