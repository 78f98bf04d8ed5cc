#include "explorer/report/lost_update.hpp"

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
};

std::string thread_name(std::uint32_t t) { return "T" + std::to_string(t + 1); }

}  // namespace

std::vector<LostUpdate> find_lost_updates(const std::vector<StepRecord>& steps) {
  std::vector<LostUpdate> found;
  std::map<std::pair<std::uint32_t, std::string>, Load> loads;  // (thread, global) -> its latest load
  std::map<std::string, Store> last_store;                      // global -> latest store
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const StepRecord& s = steps[i];
    const std::string& global = s.effect.global_name;
    if (global.empty()) continue;
    if (s.opcode == Opcode::LOAD_GLOBAL) {
      loads[{s.thread, global}] = {s.effect.value, i};
      continue;
    }
    if (s.opcode != Opcode::STORE_GLOBAL) continue;
    const auto own = loads.find({s.thread, global});
    const auto previous = last_store.find(global);
    if (own != loads.end() && previous != last_store.end() && previous->second.thread != s.thread &&
        previous->second.step > own->second.step) {
      LostUpdate lost;
      lost.writer = s.thread;
      lost.overwritten = previous->second.thread;
      lost.global = global;
      lost.stored = s.effect.value;
      lost.writer_loaded = own->second.value;
      lost.step = i;
      const auto theirs = loads.find({lost.overwritten, global});
      if (theirs != loads.end() && theirs->second.step < previous->second.step)
        lost.overwritten_loaded = theirs->second.value;
      found.push_back(lost);
    }
    last_store[global] = {s.thread, i};
  }
  return found;
}

std::string describe(const LostUpdate& lost) {
  std::string text = thread_name(lost.writer) + " stored " + lost.global + "=" + lost.stored + " over " +
                     thread_name(lost.overwritten) + "'s update; ";
  if (lost.overwritten_loaded == lost.writer_loaded)
    return text + "both had loaded " + lost.global + "=" + lost.writer_loaded;
  text += thread_name(lost.writer) + " had loaded " + lost.global + "=" + lost.writer_loaded;
  if (!lost.overwritten_loaded.empty())
    text += ", " + thread_name(lost.overwritten) + " had loaded " + lost.global + "=" + lost.overwritten_loaded;
  return text;
}

}  // namespace gilrace
