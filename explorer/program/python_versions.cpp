#include "explorer/program/python_versions.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace gilrace {
namespace {

struct OpcodeVersions {
  std::string_view name;
  VersionSet versions;
};

// Sorted by name; bits in PythonVersion order (2.7, 3.8, ..., 3.13).
constexpr OpcodeVersions kTable[] = {
#include "explorer/program/opcode_versions_table.inc"
};

}  // namespace

std::string_view version_name(PythonVersion version) {
  static constexpr std::array<std::string_view, kPythonVersionCount> names{"2.7",  "3.8",  "3.9", "3.10",
                                                                          "3.11", "3.12", "3.13"};
  return names[static_cast<std::size_t>(version)];
}

std::optional<PythonVersion> version_by_name(std::string_view name) {
  for (int v = 0; v < kPythonVersionCount; ++v)
    if (version_name(static_cast<PythonVersion>(v)) == name) return static_cast<PythonVersion>(v);
  return std::nullopt;
}

VersionSet parse_version_list(std::string_view text, std::size_t& error_offset) {
  const auto trimmed = [](std::string_view s, std::size_t& offset) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1), ++offset;
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  };
  std::string known;
  for (int v = 0; v < kPythonVersionCount; ++v) known += (v ? ", " : "") + std::string(version_name(static_cast<PythonVersion>(v)));
  const auto version = [&](std::string_view name) {
    const auto v = version_by_name(name);
    if (!v) throw std::invalid_argument("unknown CPython version '" + std::string(name) + "' (known: " + known + ")");
    return static_cast<int>(*v);
  };
  VersionSet set = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    std::size_t offset = start;
    const std::string_view item = trimmed(text.substr(start, comma - start), offset);
    error_offset = offset;
    if (item.empty()) throw std::invalid_argument("expected a version such as 3.9, 3.8-3.10 or 3.11+");
    int first = 0, last = 0;
    if (item.back() == '+') {
      first = version(item.substr(0, item.size() - 1));
      last = kPythonVersionCount - 1;
    } else if (const auto dash = item.find('-'); dash != std::string_view::npos) {
      std::size_t ignored = 0;
      first = version(trimmed(item.substr(0, dash), ignored));
      last = version(trimmed(item.substr(dash + 1), ignored));
      if (last < first) throw std::invalid_argument("the range " + std::string(item) + " is empty");
    } else {
      first = last = version(item);
    }
    for (int v = first; v <= last; ++v) set |= static_cast<VersionSet>(1u << v);
    if (comma == std::string_view::npos) return set;
    start = comma + 1;
  }
}

VersionSet versions_having(std::string_view name) {
  const auto* at = std::lower_bound(std::begin(kTable), std::end(kTable), name,
                                    [](const OpcodeVersions& entry, std::string_view n) { return entry.name < n; });
  return at != std::end(kTable) && at->name == name ? at->versions : 0;
}

std::string describe_versions(VersionSet versions) {
  // Runs of consecutive versions read "3.8 to 3.10".
  std::vector<std::string> parts;
  for (int v = 0; v < kPythonVersionCount;) {
    if (!(versions & (1u << v))) {
      ++v;
      continue;
    }
    // 2.7 and 3.8 are not neighbours: the versions between are not modelled.
    int end = v;
    while (end + 1 < kPythonVersionCount && (versions & (1u << (end + 1))) &&
           static_cast<PythonVersion>(end) != PythonVersion::V2_7)
      ++end;
    std::string part(version_name(static_cast<PythonVersion>(v)));
    if (end == v + 1) parts.push_back(part), part = std::string(version_name(static_cast<PythonVersion>(end)));
    else if (end > v + 1) part += " to " + std::string(version_name(static_cast<PythonVersion>(end)));
    parts.push_back(part);
    v = end + 1;
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i)
    out += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return out;
}

}  // namespace gilrace
