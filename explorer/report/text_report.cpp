#include "explorer/report/text_report.hpp"

#include <algorithm>
#include <cstdio>

#include "explorer/report/lost_update.hpp"
#include "explorer/report/report_json.hpp"
#include "explorer/report/swimlane.hpp"
#include "explorer/report/terminal_colour.hpp"

namespace gilrace {
std::string percent(double share) {
  char buffer[32];
  if (share == 0) return "0%";
  if (share >= 0.001) std::snprintf(buffer, sizeof buffer, "%.2f%%", share * 100);
  else std::snprintf(buffer, sizeof buffer, "%.2g%%", share * 100);
  return buffer;
}

namespace {

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string plural(std::uint64_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string params_text(const Program& program) {
  std::string text;
  for (const auto& [name, value] : program.params) text += (text.empty() ? "" : ", ") + name + "=" + std::to_string(value);
  return text;
}

}  // namespace

std::string render_trace(const Trace& trace) {
  std::string out = render_swimlanes(trace.steps, trace.thread_status);
  // A long spin loop can lose thousands of updates: the first few make the point.
  constexpr std::size_t kLostUpdatesShown = 20;
  const std::vector<LostUpdate> lost_updates = find_lost_updates(trace.steps);
  for (std::size_t i = 0; i < std::min(lost_updates.size(), kLostUpdatesShown); ++i)
    out += "  " + describe(lost_updates[i]) + ".\n";
  if (lost_updates.size() > kLostUpdatesShown)
    out += "  ... and " + std::to_string(lost_updates.size() - kLostUpdatesShown) + " more lost updates.\n";
  if (trace.outcome.deadlock && !trace.waits.empty()) {
    out += "  deadlock: ";
    for (std::size_t i = 0; i < trace.waits.size(); ++i) out += (i ? "; " : "") + trace.waits[i];
    out += ".\n";
  } else if (trace.outcome.deadlock) {
    for (std::uint32_t t = 0; t < trace.thread_status.size(); ++t)
      if (trace.thread_status[t] == ThreadStatus::Runnable)
        out += "  T" + std::to_string(t + 1) + " never finished: it is blocked.\n";
  }
  return out;
}

std::string render_report_header(const ExploreSession& session, const Exploration& e) {
  const Program& program = session.program();
  std::string out = program.path;
  if (!program.params.empty()) out += " (" + params_text(program) + ")";
  out += ": " + plural(program.thread_count(), "thread") + ", model " + session.model().name + ", strategy " +
         e.strategy;
  if (e.sample) {
    out += " (seed " + std::to_string(e.sample->seed);
    if (e.sample->pct_depth == 1) out += ", depth 1: no change points";
    if (e.sample->pct_depth > 1) {
      const std::uint64_t points = std::min<std::uint64_t>(e.sample->pct_depth - 1, e.sample->pct_steps);
      out += ", depth " + std::to_string(e.sample->pct_depth) + ": " + plural(points, "change point") + " among " +
             plural(e.sample->pct_steps, "step");
    }
    out += ")\nsampled " + e.bound + "\n";
  } else if (e.counts_traces) {
    out += "\nexplored " + e.total.str() + (e.total == 1 ? " trace" : " traces") +
           " (interleavings up to the order of independent steps) through " + plural(e.states, "state");
    out += e.complete ? " (complete: every trace)\n" : " (not complete: " + e.bound + ")\n";
  } else {
    out += "\nexplored " + e.total.str() + (e.total == 1 ? " interleaving" : " interleavings") + " through " +
           plural(e.states, "state");
    out += e.complete ? " (complete: every interleaving)\n" : " (not complete: " + e.bound + ")\n";
  }
  if (e.partial)
    out += std::string("PARTIAL: a limit stopped the ") + (e.sample ? "sampling" : "search") +
           "; the outcomes are those reached so far and each count covers only what was explored\n";
  return out;
}

std::string render_text_report(const ExploreSession& session, const Exploration& e,
                               const std::vector<std::vector<Trace>>& traces, const TextReportOptions& options) {
  const Program& program = session.program();
  std::string out = render_report_header(session, e) + "\n";

  std::vector<std::string> labels;
  std::size_t label_width = 7;
  for (const auto& o : e.outcomes) {
    labels.push_back(outcome_label(program, o.outcome));
    label_width = std::max(label_width, labels.back().size());
  }
  // A sample counts runs: the column says so.
  const bool probabilities = e.switch_probability.has_value();
  out += "  " + pad("outcome", label_width) + "  expected  min preemptions  share     " +
         (probabilities ? "probability  " : "") + (e.sample ? "runs" : e.counts_traces ? "traces" : "count") + "\n";
  std::size_t unexpected = 0;
  for (std::size_t i = 0; i < e.outcomes.size(); ++i) {
    const OutcomeResult& o = e.outcomes[i];
    if (!o.outcome.expected) ++unexpected;
    const std::string verdict = o.outcome.expected ? paint("yes", Paint::Good, options.colour) + "     "
                                                   : paint("NO", Paint::Bad, options.colour) + "      ";
    out += "  " + pad(labels[i], label_width) + "  " + verdict + "  " +
           pad(std::to_string(o.min_preemptions), 15) + "  " + pad(percent(share_of(o.count, e.total)), 8) + "  " +
           (probabilities ? pad(probability_text(o.probability), 11) + "  " : "") + o.count.str() + "\n";
  }
  if (e.outcomes.empty()) out += "  (no interleaving finished)\n";
  if (e.first_unexpected) {
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.2f ms", e.first_unexpected->seconds * 1000);
    out += "  (first found: " + outcome_label(program, e.first_unexpected->outcome) + ", by " +
           e.first_unexpected->method + " after " + ms + ", before the exact search)\n";
  }
  if (e.sample)
    out += "  (runs that ended in each outcome, of " + plural(e.sample->runs, "run") +
           "; not interleaving counts: outcomes no run reached may exist)\n";
  if (probabilities) {
    out += "\nprobability: each switch point preempts with probability " + probability_text(*e.switch_probability, 6) +
           ", to one of the other runnable threads; ";
    out += e.neglected_probability == 0
               ? std::string("the interleavings counted carry all of it\n")
               : "the interleavings not counted (" + (e.complete ? std::string("none") : e.bound) + ") carry " +
                     probability_text(e.neglected_probability) + ", the most any probability above may be short by\n";
  }

  std::size_t drawn = 0;
  for (std::size_t i = 0; i < e.outcomes.size() && drawn < options.detailed_outcomes; ++i) {
    const OutcomeResult& o = e.outcomes[i];
    if (o.outcome.expected) continue;
    ++drawn;
    out += "\n" + paint(labels[i] + " is unexpected", Paint::Bad, options.colour);
    if (!o.outcome.failed_expectation.empty()) out += " (expect " + o.outcome.failed_expectation + " fails)";
    out += "; fewest preemptions: " + std::to_string(o.min_preemptions) + "\n";
    for (std::size_t w = 0; w < traces[i].size(); ++w) {
      const Trace& trace = traces[i][w];
      out += "\nwitness " + std::to_string(w + 1) + " of " + std::to_string(traces[i].size()) + " (" +
             std::to_string(trace.preemptions) + " preemption" + (trace.preemptions == 1 ? "" : "s") + "):\n";
      out += render_trace(trace);
    }
  }
  if (unexpected > drawn) {
    out += "\n" + std::to_string(unexpected - drawn) + " more unexpected outcome" + (unexpected - drawn == 1 ? "" : "s") +
           " not drawn (--details N draws more; --json or --traces DIR has every witness)\n";
  }
  out += "\n";
  if (unexpected > 0) {
    out += paint(std::to_string(unexpected) + " unexpected outcome" + (unexpected == 1 ? "" : "s"), Paint::Bad,
                 options.colour) +
           "\n";
    return out;
  }
  if (e.sample) {
    out += "every outcome sampled is expected (a sample: interleavings not drawn may still go wrong)\n";
    return out;
  }
  if (e.partial) {
    out += "no unexpected outcome among those reached before the stop (the search is partial: others may exist)\n";
    return out;
  }
  out += paint("every outcome is expected", Paint::Good, options.colour) + "\n";
  if (const auto note = applicable_safety_note(session, e))
    out += "note: this holds on " + session.model().name + " by implementation, not by guarantee: " + *note +
           ", so the opcodes between those points cannot be interleaved here; other versions, the free-threaded " +
           "build and --model every-op may interleave them\n";
  return out;
}

}  // namespace gilrace
