// How much memory the process uses, and the sizes `--max-memory` accepts.
// A search checks its resident size as it goes and stops cleanly at the
// cap, with a partial report, instead of being killed for running out.
#pragma once
#include <cstdint>
#include <string>

namespace gilrace {

// Resident set size of this process (Linux /proc/self/statm), 0 if unknown.
std::uint64_t resident_bytes();

// Physical memory of the machine, 0 if unknown.
std::uint64_t physical_memory_bytes();

// "8G", "512M", "100K", "1048576" (bytes); K, M, G, T are powers of 1024
// and may be followed by "iB" or "B". Throws std::invalid_argument.
std::uint64_t parse_memory_size(const std::string& text);

// "8 GiB", "512 MiB", "1.5 GiB": a size for messages.
std::string memory_size_text(std::uint64_t bytes);

}  // namespace gilrace
