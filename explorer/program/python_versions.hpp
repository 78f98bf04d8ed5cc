// The CPython versions gilrace models, and which of them have an opcode
// (from each version's Lib/opcode.py; see tools/opcode_versions.py).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gilrace {

enum class PythonVersion : std::uint8_t { V2_7, V3_8, V3_9, V3_10, V3_11, V3_12, V3_13 };
constexpr int kPythonVersionCount = 7;

// A set of versions, one bit per PythonVersion.
using VersionSet = std::uint8_t;
constexpr VersionSet version_bit(PythonVersion v) { return static_cast<VersionSet>(1u << static_cast<unsigned>(v)); }

std::string_view version_name(PythonVersion version);  // "3.11"
std::optional<PythonVersion> version_by_name(std::string_view name);

// Parses a version list as a `def ... for VERSIONS:` line writes it:
// items separated by commas, each `3.9`, `3.8-3.10` or `3.11+`. Throws
// std::invalid_argument with a message and sets `error_offset` to the
// offending item's offset in `text`.
VersionSet parse_version_list(std::string_view text, std::size_t& error_offset);

// The versions whose bytecode has the opcode called `name`; 0 when none.
VersionSet versions_having(std::string_view name);

// "3.8", "2.7 and 3.8", "3.8 to 3.10", "2.7, 3.8 to 3.10 and 3.13".
std::string describe_versions(VersionSet versions);

}  // namespace gilrace
