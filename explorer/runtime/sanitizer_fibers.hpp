// Tells AddressSanitizer about every switch between the scheduler's stack
// and a fiber's stack (compiler-rt's fiber API); compiles to nothing in a
// build without ASan. Without it ASan would take a fiber's frames for
// overflows of the main stack.
#pragma once
#include <cstddef>

// GCC defines __SANITIZE_ADDRESS__; clang only answers __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define GILRACE_ASAN_FIBERS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GILRACE_ASAN_FIBERS 1
#endif
#endif
#ifdef GILRACE_ASAN_FIBERS
#include <sanitizer/common_interface_defs.h>
#endif

namespace gilrace {

struct StackBounds {
  const void* bottom = nullptr;
  std::size_t size = 0;
};

// Before switching to the stack `to`; `fake_stack` keeps this side's state
// (null when this side's stack is about to be freed).
inline void before_stack_switch([[maybe_unused]] void** fake_stack, [[maybe_unused]] const StackBounds& to) {
#ifdef GILRACE_ASAN_FIBERS
  __sanitizer_start_switch_fiber(fake_stack, to.bottom, to.size);
#endif
}

// After arriving on a stack; `from` receives the bounds of the stack left.
inline void after_stack_switch([[maybe_unused]] void* fake_stack, [[maybe_unused]] StackBounds* from) {
#ifdef GILRACE_ASAN_FIBERS
  const void* bottom = nullptr;
  std::size_t size = 0;
  __sanitizer_finish_switch_fiber(fake_stack, &bottom, &size);
  if (from) *from = {bottom, size};
#endif
}

}  // namespace gilrace
