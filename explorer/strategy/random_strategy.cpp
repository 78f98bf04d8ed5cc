// `random`: uniform random walks. From the initial state, at every switch
// point, one of the runnable threads is chosen with equal probability, until
// the run ends. Each walk is one interleaving drawn at random (not uniformly
// among interleavings: a choice among 3 threads weighs 1/3 whatever the
// number of interleavings behind it), so the counts are walks per outcome,
// a sample, and an outcome that no walk met may still exist.
#include <memory>

#include "explorer/strategy/walk_sampler.hpp"

namespace gilrace {
namespace {

class UniformChoice : public WalkScheduler {
 public:
  void begin_walk(std::uint32_t, SeededRandom&) override {}
  std::uint32_t choose(const std::vector<std::uint32_t>& runnable, SeededRandom& random) override {
    return runnable[random.below(runnable.size())];
  }
};

class RandomStrategy : public Strategy {
 public:
  std::string name() const override { return "random"; }

  Exploration explore(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress) override {
    UniformChoice choice;
    WalkPlan plan;
    plan.strategy = name();
    plan.noun = "random walk";
    return sample_walks(runtime, limits, progress, choice, plan);
  }
};

}  // namespace

std::unique_ptr<Strategy> make_random_strategy() { return std::make_unique<RandomStrategy>(); }

}  // namespace gilrace
