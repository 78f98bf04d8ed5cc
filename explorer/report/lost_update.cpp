#include "explorer/report/lost_update.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace gilrace {
namespace {

struct Load {
  std::string value;
  std::size_t step;
};
struct Store {
  std::uint32_t thread;
  std::size_t step;
  bool visible;  // not yet overwritten by a stale store
};

std::string thread_name(std::uint32_t t) { return "T" + std::to_string(t + 1); }

}  // namespace

std::vector<LostUpdate> find_lost_updates(const std::vector<StepRecord>& steps) {
  std::vector<LostUpdate> found;
  std::map<std::pair<std::uint32_t, std::string>, Load> loads;  // (thread, global) -> its latest load
  std::map<std::string, std::vector<Store>> stores;             // global -> its stores so far
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const StepRecord& s = steps[i];
    const std::string& global = s.effect.global_name;
    if (global.empty()) continue;
    if (s.opcode == Opcode::LOAD_GLOBAL) {
      loads[{s.thread, global}] = {s.effect.value, i};
      continue;
    }
    if (s.opcode != Opcode::STORE_GLOBAL) continue;
    auto& history = stores[global];
    const auto own = loads.find({s.thread, global});
    if (own != loads.end()) {
      LostUpdate lost;
      // Only the stores since this thread's load can be lost (a long trace has many before it).
      const auto since = std::lower_bound(history.begin(), history.end(), own->second.step,
                                          [](const Store& store, std::size_t step) { return store.step < step; });
      for (auto earlier_at = since; earlier_at != history.end(); ++earlier_at) {
        Store& earlier = *earlier_at;
        if (!earlier.visible || earlier.thread == s.thread) continue;
        earlier.visible = false;
        lost.overwritten.push_back(earlier.thread);
      }
      if (!lost.overwritten.empty()) {
        lost.writer = s.thread;
        lost.global = global;
        lost.stored = s.effect.value;
        lost.writer_loaded = own->second.value;
        lost.step = i;
        if (lost.overwritten.size() == 1) {
          const std::uint32_t other = lost.overwritten.front();
          const auto theirs = loads.find({other, global});
          if (theirs != loads.end() && theirs->second.step < i) lost.overwritten_loaded = theirs->second.value;
        }
        found.push_back(lost);
      }
    }
    history.push_back({s.thread, i, true});
  }
  return found;
}

std::string describe(const LostUpdate& lost) {
  const std::string writer = thread_name(lost.writer);
  std::string text = writer + " stored " + lost.global + "=" + lost.stored + " over ";
  if (lost.overwritten.size() > 1) {
    for (std::size_t i = 0; i < lost.overwritten.size(); ++i) {
      if (i) text += i + 1 == lost.overwritten.size() ? " and " : ", ";
      text += thread_name(lost.overwritten[i]) + "'s";
    }
    return text + " updates; " + writer + " had loaded " + lost.global + "=" + lost.writer_loaded + " before " +
           (lost.overwritten.size() == 2 ? "both" : "all of them");
  }
  const std::string other = thread_name(lost.overwritten.front());
  text += other + "'s update; ";
  if (lost.overwritten_loaded == lost.writer_loaded)
    return text + "both had loaded " + lost.global + "=" + lost.writer_loaded;
  text += writer + " had loaded " + lost.global + "=" + lost.writer_loaded;
  if (!lost.overwritten_loaded.empty()) text += ", " + other + " had loaded " + lost.global + "=" + lost.overwritten_loaded;
  return text;
}

}  // namespace gilrace
