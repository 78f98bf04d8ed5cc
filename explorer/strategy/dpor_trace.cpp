#include "explorer/strategy/dpor_trace.hpp"

#include <algorithm>

namespace gilrace {
namespace {

std::uint8_t lock_uses(const StepFootprint& f, std::uint32_t lock) {
  for (const LockAccess& access : f.locks)
    if (access.lock == lock) return access.uses;
  return 0;
}

// The pair conflicts only through locks that the earlier step released
// and the later one acquired: the later step could not have run first.
bool only_release_then_acquire(const StepFootprint& earlier, const StepFootprint& later) {
  StepFootprint without_those = earlier;
  std::erase_if(without_those.locks, [&](const LockAccess& access) {
    return (access.uses & kLockReleased) && (lock_uses(later, access.lock) & kLockAcquired);
  });
  return !footprints_conflict(without_those, later);
}

}  // namespace

void DporTrace::push(std::uint32_t thread, StepFootprint& footprint) {
  DporEvent& e = events_.emplace_back();
  e.thread = thread;
  e.index = ++last_index_[thread];
  std::swap(e.footprint, footprint);
  e.clock.assign(threads_, 0);
  const std::size_t newest = events_.size() - 1;
  for (std::size_t j = 0; j < newest; ++j) {
    const DporEvent& before = events_[j];
    if (before.thread == thread || footprints_conflict(before.footprint, e.footprint))
      for (std::uint32_t t = 0; t < threads_; ++t) e.clock[t] = std::max(e.clock[t], before.clock[t]);
  }
  e.clock[thread] = e.index;
}

void DporTrace::pop() {
  --last_index_[events_.back().thread];
  events_.pop_back();
}

bool DporTrace::direct_conflict(std::size_t i, std::size_t newest) const {
  const DporEvent& a = events_[i];
  const DporEvent& b = events_[newest];
  if (a.thread == b.thread || !footprints_conflict(a.footprint, b.footprint)) return false;
  for (std::size_t j = i + 1; j < newest; ++j)
    if (happens_before(i, j) && happens_before(j, newest)) return false;
  return true;
}

std::vector<DporTrace::Race> DporTrace::races_with_last() const {
  std::vector<Race> found;
  if (events_.empty()) return found;
  const std::size_t newest = events_.size() - 1;
  for (std::size_t i = 0; i < newest; ++i)
    if (direct_conflict(i, newest))
      found.push_back({i, only_release_then_acquire(events_[i].footprint, events_[newest].footprint)});
  // An acquire also races with the previous acquire of its lock by another
  // thread, although that one happens before it through the release.
  for (const LockAccess& access : events_[newest].footprint.locks) {
    if (!(access.uses & kLockAcquired)) continue;
    for (std::size_t i = newest; i-- > 0;) {
      if (!(lock_uses(events_[i].footprint, access.lock) & kLockAcquired)) continue;
      if (events_[i].thread != events_[newest].thread) found.push_back({i, false});
      break;
    }
  }
  std::sort(found.begin(), found.end(), [](const Race& a, const Race& b) {
    return a.earlier != b.earlier ? a.earlier < b.earlier : a.release_then_acquire < b.release_then_acquire;
  });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const Race& a, const Race& b) { return a.earlier == b.earlier; }),
              found.end());
  return found;
}

std::vector<std::uint32_t> DporTrace::initials_after(std::size_t earlier) const {
  const std::size_t newest = events_.size() - 1;
  std::vector<std::size_t> continuation;  // notdep(e, E), then the newest event
  for (std::size_t j = earlier + 1; j < newest; ++j)
    if (!happens_before(earlier, j)) continuation.push_back(j);
  continuation.push_back(newest);
  std::vector<std::uint32_t> initials;
  std::vector<char> seen(threads_, 0);
  for (std::size_t u = 0; u < continuation.size(); ++u) {
    const std::size_t event = continuation[u];
    const std::uint32_t thread = events_[event].thread;
    if (seen[thread]) continue;
    seen[thread] = 1;
    bool first = true;
    for (std::size_t w = 0; w < u && first; ++w) first = !happens_before(continuation[w], event);
    if (first) initials.push_back(thread);
  }
  return initials;
}

}  // namespace gilrace
