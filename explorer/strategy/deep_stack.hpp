// The stateless searches (dfs, dpor) recurse once per opcode of an
// interleaving, and a spin loop under --max-steps makes interleavings of
// 10^5 opcodes and more: deeper than the 8 MiB of a process's main stack.
// They run on a thread of their own whose stack is reserved large (pages
// are only committed as the recursion reaches them) and stop at a depth
// that stack always holds.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace gilrace {

// Opcodes one interleaving of a stateless search may reach; deeper, the
// search stops with a partial result.
constexpr std::uint64_t kMaxSearchDepth = 1'000'000;

// How reports name that limit: "the depth limit of 1000000 opcodes ...".
std::string depth_limit_text();

// Runs `body` on a new thread with a stack of `bytes` and waits for it;
// an exception `body` throws is rethrown here.
void run_on_deep_stack(const std::function<void()>& body, std::size_t bytes = std::size_t{2} << 30);

}  // namespace gilrace
