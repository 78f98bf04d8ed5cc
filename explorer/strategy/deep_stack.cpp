#include "explorer/strategy/deep_stack.hpp"

#include <pthread.h>

#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

namespace gilrace {
namespace {

struct Job {
  const std::function<void()>* body;
  std::exception_ptr error;
};

void* run_job(void* argument) {
  Job& job = *static_cast<Job*>(argument);
  try {
    (*job.body)();
  } catch (...) {
    job.error = std::current_exception();
  }
  return nullptr;
}

void check(int error, const char* what) {
  if (error) throw std::runtime_error(std::string(what) + ": " + std::strerror(error));
}

}  // namespace

std::string depth_limit_text() {
  return "the depth limit of " + std::to_string(kMaxSearchDepth) + " opcodes in one interleaving (lower --max-steps N)";
}

void run_on_deep_stack(const std::function<void()>& body, std::size_t bytes) {
  Job job{&body, nullptr};
  pthread_attr_t attributes;
  check(pthread_attr_init(&attributes), "pthread_attr_init");
  const int sized = pthread_attr_setstacksize(&attributes, bytes);
  pthread_t thread{};
  const int created = sized ? sized : pthread_create(&thread, &attributes, run_job, &job);
  pthread_attr_destroy(&attributes);
  check(created, "cannot start the search thread");
  check(pthread_join(thread, nullptr), "pthread_join");
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace gilrace
