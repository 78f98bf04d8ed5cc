// Names the lost updates in a trace: a thread stores a global computed from
// a value it loaded before another thread's store to the same global, so
// that other store is overwritten ("T2 stored n=1 over T1's update; both had
// loaded n=0").
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

struct LostUpdate {
  std::uint32_t writer = 0;       // thread whose stale store overwrote
  std::uint32_t overwritten = 0;  // thread whose update was lost
  std::string global;
  std::string stored;             // value the writer stored
  std::string writer_loaded;      // value the writer had loaded
  std::string overwritten_loaded; // value the other thread had loaded (empty if it never loaded)
  std::size_t step = 0;           // index of the overwriting store
};

std::vector<LostUpdate> find_lost_updates(const std::vector<StepRecord>& steps);

// "T2 stored n=1 over T1's update; both had loaded n=0"
std::string describe(const LostUpdate& lost);

}  // namespace gilrace
