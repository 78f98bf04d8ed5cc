// The execution a DPOR search is extending, as a sequence of events (one
// step each) with vector clocks for happens-before, and the race analysis
// of source-DPOR (Abdulla, Aronis, Jonsson, Sagonas: "Optimal dynamic
// partial order reduction", POPL 2014, Algorithm 1): which earlier events
// race with the newest one, and which threads can start the reversed order.
//
// Two events of different threads are dependent when their footprints
// conflict (step_footprint.hpp); happens-before is the order of the
// execution restricted to dependent pairs and each thread's own order,
// closed transitively. Locks need one rule of their own: an acquire happens
// after the release before it, but the race that matters is with the
// previous acquire (who got the lock first), as in Nidhugg's handling of
// mutexes; so an acquire also races with the previous acquire of its lock.
#pragma once
#include <cstdint>
#include <vector>

#include "explorer/runtime/step_footprint.hpp"

namespace gilrace {

struct DporEvent {
  std::uint32_t thread = 0;
  std::uint32_t index = 0;  // 1 for the thread's first event
  StepFootprint footprint;
  std::vector<std::uint32_t> clock;  // per thread: its events that happen before this one (or are it)
};

class DporTrace {
 public:
  explicit DporTrace(std::uint32_t threads) : threads_(threads), last_index_(threads, 0) {}

  // Appends an event of `thread` (its footprint is moved from `footprint`)
  // and computes its clock.
  void push(std::uint32_t thread, StepFootprint& footprint);
  void pop();
  std::size_t size() const { return events_.size(); }
  const DporEvent& event(std::size_t i) const { return events_[i]; }

  struct Race {
    std::size_t earlier;  // the event racing with the newest one
    // They conflict only through a lock the earlier one released and the
    // newest one acquired: the reversal is possible only when the newest
    // one's thread could already run before the release (its step then
    // stops short of the acquire).
    bool release_then_acquire = false;
  };
  // The earlier events that race with the newest one: dependent, of
  // another thread, and with no event ordered between them.
  std::vector<Race> races_with_last() const;

  // I(notdep(e, E).e') for e = event `earlier` and e' the newest event:
  // the threads whose first event in that reversed continuation happens
  // after nothing else in it, i.e. the threads that can start it.
  std::vector<std::uint32_t> initials_after(std::size_t earlier) const;

 private:
  // e_i happens before e_j (i < j), or i == j.
  bool happens_before(std::size_t i, std::size_t j) const {
    return events_[j].clock[events_[i].thread] >= events_[i].index;
  }
  bool direct_conflict(std::size_t i, std::size_t newest) const;

  std::uint32_t threads_;
  std::vector<DporEvent> events_;
  std::vector<std::uint32_t> last_index_;  // per thread, its events so far
};

}  // namespace gilrace
