// Exact outcome probabilities under a simple model of the scheduler
// (`--switch-prob P`): at each switch point where the thread that ran last
// can run on, it is preempted with probability P, in favour of one of the
// other runnable threads chosen uniformly, and runs on otherwise; where it
// cannot (at the start, after it finished or blocked), every runnable
// thread is equally likely. Probabilities are exact rationals.
#pragma once
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>

namespace gilrace {

using BigRational = boost::multiprecision::cpp_rational;

// "0.01", "1/100", "1e-3" or "0" to "1": the exact rational it names.
// Throws std::invalid_argument with the reason for anything else.
BigRational parse_switch_probability(const std::string& text);

// The probability that the scheduler picks `ways` of the threads that can
// run now (`runnable` in all), where `last_can_run` says whether the thread
// that ran last is one of them and `continues` whether the picked threads
// are that thread (then `ways` is 1).
BigRational choice_probability(const BigRational& switch_prob, std::uint32_t runnable, bool last_can_run,
                               bool continues, std::uint32_t ways);

// A probability for people: at most `digits` significant digits,
// "0.0034", "0.99", "1", "0", or "3.1e-42" for tiny ones.
std::string probability_text(const BigRational& value, int digits = 4);

// "1/100": numerator and denominator in lowest terms ("0", "1" for integers).
std::string exact_text(const BigRational& value);

// Probability mass as an integer over a fixed scale, for the state-graph
// search: mass M at a state `depth` opcodes deep stands for M / L^depth,
// where L is a common multiple of every choice's denominator (P's, and 1
// to the thread count). A step of `ran` opcodes multiplies M by the
// choice's probability times L^ran, an integer, so mass flows by integer
// multiplication and addition, without the gcd a rational sum needs.
class ScaledMass {
 public:
  using BigInt = boost::multiprecision::cpp_int;
  ScaledMass(const BigRational& switch_prob, std::uint32_t threads);

  // choice_probability(...) * L^ran.
  const BigInt& factor(std::uint32_t runnable, bool last_can_run, bool continues, std::uint32_t ways, std::uint32_t ran);
  // The probability M stands for at `depth`.
  BigRational value(const BigInt& mass, std::uint32_t depth);

 private:
  const BigInt& scale_power(std::uint32_t exponent);

  BigRational switch_prob_;
  BigInt scale_;  // L
  std::map<std::tuple<std::uint32_t, bool, bool, std::uint32_t, std::uint32_t>, BigInt> factors_;
  std::map<std::uint32_t, BigInt> powers_;
};

}  // namespace gilrace
