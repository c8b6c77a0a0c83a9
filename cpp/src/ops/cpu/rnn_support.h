#pragma once
// Helpers shared by the recurrent kernels (rnn_forward.cpp, rnn_backward.cpp):
// activations applied to spans of a gate buffer, and the row split of the
// per-step gate math.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "ops/cpu/cpu_kernels.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu::rnn {

// y = f(x) over n floats (y may alias x).
inline void activate(const FusedActivation& f, const float* x, float* y, std::int64_t n) {
  if (f.identity) {
    if (x != y) std::memcpy(y, x, static_cast<std::size_t>(n) * sizeof(float));
    return;
  }
  unary_span(f.op, x, y, n, f.a, f.b);
}

// gx = gy * f'(x) given y = f(x) (gx may alias gy).
inline void activate_grad(const FusedActivation& f, const float* x, const float* y,
                          const float* gy, float* gx, std::int64_t n) {
  if (f.identity) {
    if (gx != gy) std::memcpy(gx, gy, static_cast<std::size_t>(n) * sizeof(float));
    return;
  }
  unary_grad_span(f.op, x, y, gy, gx, n, f.a, f.b);
}

// Runs row(b) for every batch row, split over threads when a step's gate
// math is large enough to pay for waking them.
template <typename F>
void for_rows(std::int64_t rows, std::int64_t row_width, F&& row) {
  const std::int64_t grain = std::max<std::int64_t>(1, 16384 / std::max<std::int64_t>(row_width, 1));
  parallel_for(rows, grain, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t b = begin; b < end; ++b) row(b);
  });
}

// The mask value of batch row b at time t (true when there is no mask).
inline bool unmasked(const bool* mask, std::int64_t b, std::int64_t t, std::int64_t time) {
  return mask == nullptr || mask[b * time + t];
}

inline void copy_floats(const float* src, float* dst, std::int64_t n) {
  std::memcpy(dst, src, static_cast<std::size_t>(n) * sizeof(float));
}

inline void zero_floats(float* dst, std::int64_t n) {
  std::memset(dst, 0, static_cast<std::size_t>(n) * sizeof(float));
}

}  // namespace pydeep::ops::cpu::rnn
