// Trace JSON: witnesses written by trace_to_json read back by
// trace_from_json step for step, replay of the loaded steps, and the exact
// messages for malformed traces.
#include <gtest/gtest.h>

#include <functional>

#include "explorer/program/input_error.hpp"
#include "explorer/report/json_reading.hpp"
#include "explorer/report/trace_json.hpp"
#include "explorer/strategy/replay.hpp"
#include "tests/cli_runner.hpp"
#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using nlohmann::json;

class TraceJson : public ::testing::Test {
 protected:
  void SetUp() override {
    ExploreOptions options;
    options.scenario_path = testing_support::scenario_path("seed_counter.scn");
    options.defines = {{"THREADS", "2"}};
    options.strategy = "exhaustive";
    session_ = std::make_unique<ExploreSession>(options);
    exploration_ = session_->explore({});
    for (const auto& outcome : exploration_.outcomes)
      for (const auto& witness : outcome.witnesses) traces_.push_back(session_->trace_of(witness));
  }

  json first_trace_json() const { return trace_to_json(session_->program(), traces_.at(0)); }

  // The message of the InputError trace_from_json throws for `j`.
  static std::string error_of(const json& j) {
    try {
      trace_from_json(j, "t.json");
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, "t.json");
      return e.what();
    }
    return "(no error)";
  }

  std::string error_after(const std::function<void(json&)>& edit) const {
    json j = first_trace_json();
    edit(j);
    return error_of(j);
  }

  std::unique_ptr<ExploreSession> session_;
  Exploration exploration_;
  std::vector<Trace> traces_;
};

void expect_same_steps(const std::vector<StepRecord>& a, const std::vector<StepRecord>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].thread, b[i].thread) << "step " << i + 1;
    EXPECT_EQ(a[i].pc, b[i].pc) << "step " << i + 1;
    EXPECT_EQ(a[i].opcode, b[i].opcode) << "step " << i + 1;
    EXPECT_EQ(a[i].arg, b[i].arg) << "step " << i + 1;
    EXPECT_EQ(a[i].effect.effect, b[i].effect.effect) << "step " << i + 1;
  }
}

TEST_F(TraceJson, WitnessesRoundTrip) {
  ASSERT_EQ(exploration_.outcomes.size(), 2u);  // n = 2 and n = 1
  ASSERT_GE(traces_.size(), 2u);
  const Program& program = session_->program();
  for (const Trace& trace : traces_) {
    const json written = trace_to_json(program, trace);
    EXPECT_EQ(written["format"], "gilrace-trace");
    EXPECT_EQ(written["version"], kTraceVersion);
    ASSERT_EQ(written["steps"].size(), trace.steps.size());
    EXPECT_EQ(trace.steps.size(), 8u);
    EXPECT_EQ(written["steps"][0]["thread"], trace.steps[0].thread + 1);  // 1-based for people
    EXPECT_EQ(written["steps"][0]["opcode"], "LOAD_GLOBAL");
    EXPECT_EQ(written["steps"][0]["effect"], "loaded n=0");

    // Through text, as a file would hold it.
    const LoadedTrace back = trace_from_json(json::parse(written.dump(2)), "t.json");
    expect_same_steps(back.trace.steps, trace.steps);
    EXPECT_EQ(back.trace.scenario_path, program.path);
    EXPECT_EQ(back.trace.scenario_sha256, program.sha256);
    EXPECT_EQ(back.trace.model, "every-op");
    EXPECT_EQ(back.trace.params, trace.params);
    EXPECT_EQ(back.trace.params.at("THREADS"), 2);
    EXPECT_EQ(back.trace.preemptions, trace.preemptions);
    json recorded = outcome_to_json(program, trace.outcome);
    recorded.erase("expected");
    EXPECT_EQ(back.outcome, recorded);
    EXPECT_EQ(trace_to_json(program, Trace{back.trace.scenario_path, back.trace.scenario_sha256, back.trace.params,
                                           back.trace.model, back.trace.max_steps, back.trace.steps, trace.outcome, back.trace.preemptions, {}, {}}),
              written);
  }
}

TEST_F(TraceJson, LoadedStepsReplayToTheSameOutcome) {
  const Program& program = session_->program();
  for (const Trace& trace : traces_) {
    const LoadedTrace back = trace_from_json(trace_to_json(program, trace), "t.json");
    const RecordingReplay replay = replay_recording(session_->runtime(), back.trace.steps);
    ASSERT_FALSE(replay.error) << *replay.error;
    expect_same_steps(replay.steps, trace.steps);
    EXPECT_FALSE(first_difference(back.trace.steps, replay.steps));
    EXPECT_EQ(replay.outcome, trace.outcome);
    EXPECT_EQ(replay.outcome.values, trace.outcome.values);
    EXPECT_EQ(replay.outcome.expected, trace.outcome.expected);
    EXPECT_EQ(replay.preemptions, trace.preemptions);
    json reached = outcome_to_json(program, replay.outcome);
    reached.erase("expected");
    EXPECT_EQ(reached, back.outcome);
  }
}

TEST_F(TraceJson, ReplayOfAnEditedStepNamesTheDifference) {
  LoadedTrace back = trace_from_json(first_trace_json(), "t.json");
  ASSERT_GE(back.trace.steps.size(), 2u);
  back.trace.steps[1].effect.effect = "pushed 5";
  const RecordingReplay replay = replay_recording(session_->runtime(), back.trace.steps);
  ASSERT_TRUE(replay.error);
  EXPECT_EQ(replay.error_step, 1u);
  const std::string t = "T" + std::to_string(back.trace.steps[1].thread + 1);
  EXPECT_EQ(*replay.error, "step 2 differs: the trace recorded " + t + " LOAD_CONST 1 (pushed 5) at pc 1, the scenario now does " +
                               t + " LOAD_CONST 1 (pushed 1) at pc 1");
}

TEST_F(TraceJson, OptionalKeysMayBeLeftOut) {
  json j = first_trace_json();
  j.erase("params");
  j.erase("preemptions");
  j["outcome"].erase("errors");
  j["outcome"].erase("deadlock");
  j["outcome"].erase("expected");
  const LoadedTrace back = trace_from_json(j, "t.json");
  EXPECT_TRUE(back.trace.params.empty());
  EXPECT_EQ(back.outcome, (json{{"values", j["outcome"]["values"]}, {"errors", json::array()}, {"deadlock", false}}));
}

TEST_F(TraceJson, MalformedTracesGiveExactMessages) {
  EXPECT_EQ(error_of(json::array()), "the trace is not a JSON object");
  EXPECT_EQ(error_after([](json& j) { j["format"] = "gilrace-report"; }),
            "not a gilrace trace (format is \"gilrace-report\")");
  EXPECT_EQ(error_after([](json& j) { j["format"] = 3; }), "the trace: \"format\" has the wrong type (number)");
  EXPECT_EQ(error_after([](json& j) { j["version"] = 2; }),
            "trace version 2 is not supported (this gilrace reads version 1)");
  EXPECT_EQ(error_after([](json& j) { j["version"] = "1"; }), "the trace: \"version\" has the wrong type (string)");
  EXPECT_EQ(error_after([](json& j) { j.erase("model"); }), "the trace has no \"model\"");
  EXPECT_EQ(error_after([](json& j) { j["scenario"].erase("sha256"); }), "\"scenario\" has no \"sha256\"");
  EXPECT_EQ(error_after([](json& j) { j["scenario"] = "seed.scn"; }), "the trace: \"scenario\" has the wrong type (string)");
  EXPECT_EQ(error_after([](json& j) { j["params"]["THREADS"] = "2"; }), "\"params\": \"THREADS\" is not an integer");
  EXPECT_EQ(error_after([](json& j) { j.erase("steps"); }), "the trace has no \"steps\"");
  EXPECT_EQ(error_after([](json& j) { j["steps"] = json::object(); }), "the trace: \"steps\" has the wrong type (object)");
  EXPECT_EQ(error_after([](json& j) { j["steps"][0] = 5; }), "step 1 is not a JSON object");
  EXPECT_EQ(error_after([](json& j) { j["steps"][0]["thread"] = 0; }),
            "step 1: \"thread\" must be a whole number from 1 to 100000, found 0");
  EXPECT_EQ(error_after([](json& j) { j["steps"][0]["thread"] = -1; }),
            "step 1: \"thread\" must be a whole number from 1 to 100000, found -1");
  EXPECT_EQ(error_after([](json& j) { j["steps"][2]["thread"] = "1"; }), "step 3: \"thread\" has the wrong type (string)");
  EXPECT_EQ(error_after([](json& j) { j["steps"][1]["pc"] = "1"; }), "step 2: \"pc\" has the wrong type (string)");
  EXPECT_EQ(error_after([](json& j) { j["steps"][0].erase("pc"); }), "step 1 has no \"pc\"");
  EXPECT_EQ(error_after([](json& j) { j["steps"][0]["opcode"] = "FROB"; }), "step 1: unknown opcode 'FROB'");
  EXPECT_EQ(error_after([](json& j) { j["steps"][0]["arg"] = nullptr; }), "step 1: \"arg\" has the wrong type (null)");
  EXPECT_EQ(error_after([](json& j) { j["steps"][0]["effect"] = 1; }), "step 1: \"effect\" has the wrong type (number)");
  EXPECT_EQ(error_after([](json& j) { j.erase("outcome"); }), "the trace has no \"outcome\"");
  EXPECT_EQ(error_after([](json& j) { j["outcome"].erase("values"); }), "\"outcome\" has no \"values\"");
  EXPECT_EQ(error_after([](json& j) { j["outcome"]["values"]["n"] = 1; }), "\"outcome\": value of \"n\" is not a string");
  EXPECT_EQ(error_after([](json& j) { j["preemptions"] = -1; }),
            "the trace: \"preemptions\" must be a whole number from 0 to 2147483647, found -1");
}

TEST(TraceJsonFile, SyntaxErrorsHaveLineAndColumn) {
  testing_support::TempDir dir;
  const std::string path = dir.file("bad.json");
  testing_support::write_file(path, "{\n  \"format\": \"gilrace-trace\",\n  \"version\": 1,\n  oops\n}\n");
  try {
    parse_json_file(path);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().line, 4u);
    EXPECT_EQ(e.where().column, 3u);
    EXPECT_EQ(std::string(e.what()).rfind("not valid JSON: syntax error", 0), 0u) << e.what();
  }
  testing_support::write_file(path, "{\"format\": \"gilrace-trace\"}");
  EXPECT_EQ(parse_json_file(path), (json{{"format", "gilrace-trace"}}));
}

}  // namespace
}  // namespace gilrace

namespace gilrace {
namespace {

// Steps inside a called function carry its name, which round-trips and replays.
TEST(TraceJsonCalls, StepsInACalleeNameIt) {
  ExploreOptions options;
  options.scenario_path = testing_support::scenario_path("call_counter.scn");
  options.model = "cpython-3.11";
  options.strategy = "exhaustive";
  ExploreSession session(options);
  const Exploration exploration = session.explore({});
  ASSERT_FALSE(exploration.outcomes.empty());
  const Trace trace = session.trace_of(exploration.outcomes.front().witnesses.at(0));
  const json written = trace_to_json(session.program(), trace);
  std::size_t in_add = 0;
  for (const json& step : written["steps"]) {
    if (!step.contains("function")) continue;
    EXPECT_EQ(step["function"], "add");
    ++in_add;
  }
  EXPECT_EQ(in_add, 2u * 5u);  // add's RESUME, LOAD_FAST x2, BINARY_OP, RETURN_VALUE in each thread
  const LoadedTrace back = trace_from_json(json::parse(written.dump()), "t.json");
  for (std::size_t i = 0; i < trace.steps.size(); ++i) EXPECT_EQ(back.trace.steps[i].function, trace.steps[i].function);
  const RecordingReplay replay = replay_recording(session.runtime(), back.trace.steps);
  ASSERT_FALSE(replay.error) << *replay.error;
  EXPECT_EQ(replay.outcome, trace.outcome);
}

}  // namespace
}  // namespace gilrace
