// Exact outcome probabilities under a simple model of the scheduler
// (`--switch-prob P`): at each switch point where the thread that ran last
// can run on, it is preempted with probability P, in favour of one of the
// other runnable threads chosen uniformly, and runs on otherwise; where it
// cannot (at the start, after it finished or blocked), every runnable
// thread is equally likely. Probabilities are exact rationals.
#pragma once
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <string>

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

}  // namespace gilrace
