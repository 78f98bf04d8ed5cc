// Names the lost updates in a trace: a thread stores a global computed from
// a value it loaded before other threads' stores to the same global, so
// their updates are overwritten ("T2 stored n=1 over T1's update; both had
// loaded n=0"). An update is lost once: a later stale store names only the
// updates still visible when it happens.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "explorer/driver/explore_driver.hpp"

namespace gilrace {

struct LostUpdate {
  std::uint32_t writer = 0;       // thread whose stale store overwrote
  std::vector<std::uint32_t> overwritten;  // threads whose updates were lost, in store order
  std::string global;
  std::string stored;             // value the writer stored
  std::string writer_loaded;      // value the writer had loaded
  std::string overwritten_loaded; // with one overwritten thread: the value it had loaded (empty if none)
  std::size_t step = 0;           // index of the overwriting store
};

std::vector<LostUpdate> find_lost_updates(const std::vector<StepRecord>& steps);

// "T2 stored n=1 over T1's update; both had loaded n=0",
// "T1 stored n=1 over T2's and T3's updates; T1 had loaded n=0 before both"
std::string describe(const LostUpdate& lost);

}  // namespace gilrace
