#include "explorer/strategy/memory_use.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace gilrace {

std::uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

std::uint64_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) : 0;
}

std::uint64_t parse_memory_size(const std::string& text) {
  const auto fail = [&]() -> std::uint64_t {
    throw std::invalid_argument("'" + text + "' is not a memory size (write it as 8G, 512M or a number of bytes)");
  };
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 15) return fail();
  std::string unit = text.substr(digits);
  if ((unit.size() == 3 && unit.compare(1, 2, "iB") == 0) || (unit.size() == 2 && unit[1] == 'B'))
    unit = unit.substr(0, 1);
  std::uint64_t scale = 1;
  if (unit == "K" || unit == "k") scale = 1ull << 10;
  else if (unit == "M" || unit == "m") scale = 1ull << 20;
  else if (unit == "G" || unit == "g") scale = 1ull << 30;
  else if (unit == "T" || unit == "t") scale = 1ull << 40;
  else if (!unit.empty()) return fail();
  const std::uint64_t value = std::stoull(text.substr(0, digits));
  if (value == 0) throw std::invalid_argument("'" + text + "' is no memory at all");
  if (value > (~0ull) / scale) return fail();
  return value * scale;
}

std::string memory_size_text(std::uint64_t bytes) {
  static const char* const kUnits[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) value /= 1024, ++unit;
  char buffer[32];
  if (unit == 0) std::snprintf(buffer, sizeof buffer, "%llu bytes", static_cast<unsigned long long>(bytes));
  else if (value == static_cast<double>(static_cast<std::uint64_t>(value))) std::snprintf(buffer, sizeof buffer, "%.0f %s", value, kUnits[unit]);
  else std::snprintf(buffer, sizeof buffer, "%.1f %s", value, kUnits[unit]);
  return buffer;
}

}  // namespace gilrace
