#include "explorer/strategy/switch_probability.hpp"

#include <cctype>
#include <stdexcept>

namespace gilrace {
namespace {

using BigInt = boost::multiprecision::cpp_int;

BigInt power_of_ten(unsigned exponent) {
  BigInt result = 1;
  for (unsigned i = 0; i < exponent; ++i) result *= 10;
  return result;
}

bool all_digits(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// "12", "0.25", ".5", "1e-3": decimal notation, exactly.
BigRational parse_decimal(const std::string& text) {
  std::string mantissa = text;
  long exponent = 0;
  if (const auto e = text.find_first_of("eE"); e != std::string::npos) {
    mantissa = text.substr(0, e);
    std::string power = text.substr(e + 1);
    const bool negative = !power.empty() && power[0] == '-';
    if (!power.empty() && (power[0] == '-' || power[0] == '+')) power = power.substr(1);
    if (!all_digits(power) || power.size() > 4) throw std::invalid_argument("");
    exponent = std::stol(power) * (negative ? -1 : 1);
  }
  const auto dot = mantissa.find('.');
  std::string whole = mantissa.substr(0, dot), fraction = dot == std::string::npos ? "" : mantissa.substr(dot + 1);
  if (whole.empty() && fraction.empty()) throw std::invalid_argument("");
  if ((!whole.empty() && !all_digits(whole)) || (!fraction.empty() && !all_digits(fraction)))
    throw std::invalid_argument("");
  BigRational value(BigInt(whole.empty() ? "0" : whole) * power_of_ten(static_cast<unsigned>(fraction.size())) +
                        BigInt(fraction.empty() ? "0" : fraction),
                    power_of_ten(static_cast<unsigned>(fraction.size())));
  if (exponent > 0) value *= BigRational(power_of_ten(static_cast<unsigned>(exponent)));
  if (exponent < 0) value /= BigRational(power_of_ten(static_cast<unsigned>(-exponent)));
  return value;
}

}  // namespace

BigRational parse_switch_probability(const std::string& text) {
  BigRational value;
  try {
    if (const auto slash = text.find('/'); slash != std::string::npos) {
      const std::string top = text.substr(0, slash), bottom = text.substr(slash + 1);
      if (!all_digits(top) || !all_digits(bottom)) throw std::invalid_argument("");
      if (BigInt(bottom) == 0) throw std::invalid_argument("");
      value = BigRational(BigInt(top), BigInt(bottom));
    } else {
      value = parse_decimal(text);
    }
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument("'" + text + "' is not a probability (write it as 0.01, 1/100 or 1e-2)");
  }
  if (value > 1) throw std::invalid_argument("'" + text + "' is more than 1");
  return value;
}

BigRational choice_probability(const BigRational& switch_prob, std::uint32_t runnable, bool last_can_run,
                               bool continues, std::uint32_t ways) {
  if (!last_can_run) return BigRational(ways, runnable);  // a free choice: uniform
  if (continues) return runnable == 1 ? BigRational(1) : BigRational(1) - switch_prob;
  return switch_prob * BigRational(ways, runnable - 1);  // a preemption, to one of the others
}

std::string probability_text(const BigRational& value, int digits) {
  if (value == 0) return "0";
  if (value == 1) return "1";
  const BigInt top = boost::multiprecision::numerator(value), bottom = boost::multiprecision::denominator(value);
  // exponent: the power of ten of the first significant digit.
  long exponent = static_cast<long>(top.str().size()) - static_cast<long>(bottom.str().size());
  // factor * value * 10^(digits - 1 - e), rounded down.
  const auto scaled = [&](int factor, long e) {
    const long shift = digits - 1 - e;
    return shift >= 0 ? BigInt(factor * top * power_of_ten(static_cast<unsigned>(shift)) / bottom)
                      : BigInt(factor * top / (bottom * power_of_ten(static_cast<unsigned>(-shift))));
  };
  if (scaled(1, exponent) < power_of_ten(static_cast<unsigned>(digits - 1))) --exponent;
  // Round to `digits` significant digits, half up.
  BigInt rounded = (scaled(2, exponent) + 1) / 2;
  if (rounded == power_of_ten(static_cast<unsigned>(digits))) rounded /= 10, ++exponent;
  std::string significant = rounded.str();
  while (significant.size() > 1 && significant.back() == '0') significant.pop_back();
  if (exponent < -4) {
    std::string text = significant.substr(0, 1);
    if (significant.size() > 1) text += "." + significant.substr(1);
    return text + "e" + std::to_string(exponent);
  }
  if (exponent >= 0) return "1";  // a probability below 1 that rounds up to it
  return "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + significant;
}

ScaledMass::ScaledMass(const BigRational& switch_prob, std::uint32_t threads) : switch_prob_(switch_prob) {
  BigInt common = 1;
  for (std::uint32_t r = 2; r <= threads; ++r) common = common / boost::multiprecision::gcd(common, BigInt(r)) * r;
  scale_ = common * boost::multiprecision::denominator(switch_prob);
}

const ScaledMass::BigInt& ScaledMass::scale_power(std::uint32_t exponent) {
  auto [it, inserted] = powers_.try_emplace(exponent);
  if (inserted) it->second = boost::multiprecision::pow(scale_, exponent);
  return it->second;
}

const ScaledMass::BigInt& ScaledMass::factor(std::uint32_t runnable, bool last_can_run, bool continues,
                                             std::uint32_t ways, std::uint32_t ran) {
  auto [it, inserted] = factors_.try_emplace({runnable, last_can_run, continues, ways, ran});
  if (inserted) {
    const BigRational scaled =
        choice_probability(switch_prob_, runnable, last_can_run, continues, ways) * BigRational(scale_power(ran));
    if (boost::multiprecision::denominator(scaled) != 1) throw std::logic_error("a choice's denominator does not divide the scale");
    it->second = boost::multiprecision::numerator(scaled);
  }
  return it->second;
}

BigRational ScaledMass::value(const BigInt& mass, std::uint32_t depth) { return BigRational(mass, scale_power(depth)); }

std::string exact_text(const BigRational& value) {
  const BigInt top = boost::multiprecision::numerator(value), bottom = boost::multiprecision::denominator(value);
  return bottom == 1 ? top.str() : top.str() + "/" + bottom.str();
}

}  // namespace gilrace
