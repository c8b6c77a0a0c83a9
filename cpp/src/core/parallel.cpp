#include "pydeep/core/parallel.h"

#include <atomic>
#include <thread>

#include "pydeep/core/errors.h"

namespace pydeep {
namespace {

int initial_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();  // honours OMP_NUM_THREADS
#else
  return 1;
#endif
}

std::atomic<int>& thread_count() {
  static std::atomic<int> count{initial_threads()};
  return count;
}

}  // namespace

int get_num_threads() { return thread_count().load(std::memory_order_relaxed); }

void set_num_threads(int n) {
  check(n >= 1, "set_num_threads: expected a positive number of threads; received ", n);
  thread_count().store(n, std::memory_order_relaxed);
#ifdef _OPENMP
  omp_set_num_threads(n);
#endif
}

}  // namespace pydeep
