#pragma once
// Threading: one global thread count for every parallel region of the core
// (omp_set_num_threads only affects the calling thread, so regions pass it
// explicitly), and parallel_for with a grain size so that small work stays on
// one thread and never pays for waking the others.
#include <cstdint>
#include <exception>
#include <mutex>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace pydeep {

// Initialised from OMP_NUM_THREADS (or the number of cores) at first use.
int get_num_threads();
// Throws ValueError for n < 1.
void set_num_threads(int n);

// Runs f(begin, end) over [0, n) in contiguous chunks on up to
// get_num_threads() threads; on the calling thread alone when n < 2 * grain
// or when already inside a parallel region. The first exception thrown by f
// is rethrown on the calling thread (exceptions never escape an OpenMP region).
template <typename F>
void parallel_for(std::int64_t n, std::int64_t grain, F&& f) {
  if (n <= 0) return;
  if (grain < 1) grain = 1;
  std::int64_t chunks = n / grain;
  int threads = get_num_threads();
  if (chunks < threads) threads = static_cast<int>(chunks < 1 ? 1 : chunks);
#ifdef _OPENMP
  if (omp_in_parallel()) threads = 1;
#endif
  if (threads <= 1) {
    f(std::int64_t{0}, n);
    return;
  }
#ifdef _OPENMP
  std::exception_ptr error;
  std::mutex error_mutex;
#pragma omp parallel num_threads(threads)
  {
    const std::int64_t nt = omp_get_num_threads();
    const std::int64_t tid = omp_get_thread_num();
    const std::int64_t chunk = (n + nt - 1) / nt;
    const std::int64_t begin = tid * chunk;
    const std::int64_t end = begin + chunk < n ? begin + chunk : n;
    if (begin < end) {
      try {
        f(begin, end);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    }
  }
  if (error) std::rethrow_exception(error);
#else
  f(std::int64_t{0}, n);
#endif
}

}  // namespace pydeep
