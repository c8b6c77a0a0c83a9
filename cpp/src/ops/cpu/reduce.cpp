// Reductions over the middle axis of x viewed as (outer, n, inner).
//
// Two loop orders keep the innermost loop contiguous: inner == 1 reduces each
// row into lane accumulators; inner > 1 adds whole rows into a column buffer,
// vectorised over inner (a bias gradient, (N, C) over N, never walks a
// column). Work is split by shape alone, never by thread count, so results
// are bit-identical for any number of threads.
#include <algorithm>
#include <limits>

#include "ops/cpu/cpu_kernels.h"
#include "ops/cpu/kernel_support.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {

// Independent accumulators: eight AVX2 registers of floats hide the add latency.
constexpr int kLanes = 64;
// Sums run in float lanes within a block and in double across blocks: float
// speed, with an error that does not grow with n.
constexpr std::int64_t kBlock = 1024;
constexpr std::int64_t kRowBlock = 64;  // the same idea for the column layout
constexpr std::int64_t kGrain = kElementwiseGrain;  // per thread, as for elementwise work
// Fewer tasks than this over long rows: split n itself too, into segments
// whose partials live on the stack.
constexpr std::int64_t kFewTasks = 16;
constexpr std::int64_t kMaxRowSegments = 64;
constexpr double kInf = std::numeric_limits<double>::infinity();

// numpy's max/min: NaN wins, and once seen it sticks. Bitwise | keeps the
// select branch-free, so it vectorises.
template <bool kMax, typename T>
inline T pick(T acc, T v) {
  return ((kMax ? v > acc : v < acc) | (v != v)) ? v : acc;
}

// Folds p[0, n) into kLanes independent accumulators with f, then folds
// those pairwise.
template <typename T, typename F>
T fold_lanes(const float* p, std::int64_t n, T init, F f) {
  T acc[kLanes];
  std::fill_n(acc, kLanes, init);
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
#pragma omp simd
    for (int j = 0; j < kLanes; ++j) acc[j] = f(acc[j], T{p[i + j]});
  }
  const std::int64_t rest = n - i;
#pragma omp simd
  for (std::int64_t j = 0; j < rest; ++j) acc[j] = f(acc[j], T{p[i + j]});
  for (int w = kLanes / 2; w > 0; w /= 2)
    for (int j = 0; j < w; ++j) acc[j] = f(acc[j], acc[j + w]);
  return acc[0];
}

double sum_row(const float* p, std::int64_t n) {
  double total = 0.0;
  const auto add = [](float a, float v) { return a + v; };
  for (std::int64_t b = 0; b < n; b += kBlock)
    total += fold_lanes(p + b, std::min(kBlock, n - b), 0.0f, add);
  return total;
}

template <bool kMax>
float extreme_row(const float* p, std::int64_t n) {
  return fold_lanes(p, n, static_cast<float>(kMax ? -kInf : kInf),
                    [](float a, float v) { return pick<kMax>(a, v); });
}

double reduce_row(ReduceOp op, const float* p, std::int64_t n) {
  switch (op) {
    case ReduceOp::Max: return extreme_row<true>(p, n);
    case ReduceOp::Min: return extreme_row<false>(p, n);
    case ReduceOp::Prod: return fold_lanes(p, n, 1.0, [](double a, double v) { return a * v; });
    default: return sum_row(p, n);
  }
}

double identity(ReduceOp op) {
  switch (op) {
    case ReduceOp::Max: return -kInf;
    case ReduceOp::Min: return kInf;
    case ReduceOp::Prod: return 1.0;
    default: return 0.0;
  }
}

double combine(ReduceOp op, double a, double b) {
  switch (op) {
    case ReduceOp::Max: return pick<true>(a, b);
    case ReduceOp::Min: return pick<false>(a, b);
    case ReduceOp::Prod: return a * b;
    default: return a + b;
  }
}

// Mean of an empty axis is 0/0 = NaN, as in numpy.
float finish(ReduceOp op, double v, std::int64_t n) {
  return static_cast<float>(op == ReduceOp::Mean ? v / static_cast<double>(n) : v);
}

void reduce_rows(ReduceOp op, const float* x, float* out, std::int64_t outer, std::int64_t n) {
  std::int64_t segments = 1;
  if (outer < kFewTasks) segments = std::clamp<std::int64_t>(n / kGrain, 1, kMaxRowSegments);
  if (segments == 1)
    return for_each_row(outer, n, kGrain, [&](std::int64_t r) {
      out[r] = finish(op, reduce_row(op, x + r * n, n), n);
    });
  // Block-aligned segments keep the float/double split of sum_row intact.
  // All (row, segment) pairs share one parallel region.
  const std::int64_t seg_len = ((n + segments - 1) / segments + kBlock - 1) / kBlock * kBlock;
  segments = (n + seg_len - 1) / seg_len;
  double part[kFewTasks * kMaxRowSegments] = {};
  parallel_for(outer * segments, 1, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t t = begin; t < end; ++t) {
      const std::int64_t s0 = (t % segments) * seg_len;
      part[t] = reduce_row(op, x + (t / segments) * n + s0, std::min(seg_len, n - s0));
    }
  });
  for (std::int64_t r = 0; r < outer; ++r) {
    double v = part[r * segments];
    for (std::int64_t s = 1; s < segments; ++s) v = combine(op, v, part[r * segments + s]);
    out[r] = finish(op, v, n);
  }
}

// acc[0, w) combined with `rows` rows of x that lie `stride` floats apart.
void accumulate_cols(ReduceOp op, const float* x, std::int64_t rows, std::int64_t stride,
                     std::int64_t w, double* acc) {
  switch (op) {
    case ReduceOp::Max:
    case ReduceOp::Min: {
      // Exact in float: half the work of comparing doubles.
      float part[kColWidth];
      std::copy_n(acc, w, part);
      for (std::int64_t r = 0; r < rows; ++r) {
        const float* row = x + r * stride;
        if (op == ReduceOp::Max) {
#pragma omp simd
          for (std::int64_t j = 0; j < w; ++j) part[j] = pick<true>(part[j], row[j]);
        } else {
#pragma omp simd
          for (std::int64_t j = 0; j < w; ++j) part[j] = pick<false>(part[j], row[j]);
        }
      }
      std::copy_n(part, w, acc);
      return;
    }
    case ReduceOp::Prod:
      for (std::int64_t r = 0; r < rows; ++r) {
        const float* row = x + r * stride;
#pragma omp simd
        for (std::int64_t j = 0; j < w; ++j) acc[j] *= row[j];
      }
      return;
    default: {
      float part[kColWidth];
      for (std::int64_t r0 = 0; r0 < rows; r0 += kRowBlock) {
        std::fill_n(part, w, 0.0f);
        const std::int64_t r1 = std::min(rows, r0 + kRowBlock);
        for (std::int64_t r = r0; r < r1; ++r) {
          const float* row = x + r * stride;
#pragma omp simd
          for (std::int64_t j = 0; j < w; ++j) part[j] += row[j];
        }
#pragma omp simd
        for (std::int64_t j = 0; j < w; ++j) acc[j] += part[j];
      }
    }
  }
}

void reduce_cols(ReduceOp op, const float* x, float* out, std::int64_t outer, std::int64_t n,
                 std::int64_t inner) {
  const std::int64_t chunks = (inner + kColWidth - 1) / kColWidth;
  const std::int64_t tasks = outer * chunks;
  const std::int64_t task_cols = std::min(inner, kColWidth);
  std::int64_t segments = 1;
  if (tasks < kFewTasks)
    segments = std::clamp<std::int64_t>(n * task_cols / kGrain, 1, kFewTasks / tasks);
  const double init = identity(op);

  if (segments == 1)
    return for_each_col_block(outer, n, inner, kGrain,
                              [&](std::int64_t o, std::int64_t c0, std::int64_t w) {
                                double acc[kColWidth];
                                std::fill_n(acc, w, init);
                                accumulate_cols(op, x + o * n * inner + c0, n, inner, w, acc);
                                for (std::int64_t j = 0; j < w; ++j)
                                  out[o * inner + c0 + j] = finish(op, acc[j], n);
                              });
  const std::int64_t seg_rows = (n + segments - 1) / segments;
  segments = (n + seg_rows - 1) / seg_rows;
  double part[kFewTasks][kColWidth];  // one partial per (task, segment): 32 KiB
  parallel_for(tasks * segments, 1, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t u = begin; u < end; ++u) {
      const std::int64_t t = u / segments, r0 = (u % segments) * seg_rows;
      const std::int64_t o = t / chunks, c0 = (t % chunks) * kColWidth;
      const std::int64_t w = std::min(kColWidth, inner - c0);
      std::fill_n(part[u], w, init);
      accumulate_cols(op, x + (o * n + r0) * inner + c0, std::min(seg_rows, n - r0), inner, w,
                      part[u]);
    }
  });
  for (std::int64_t t = 0; t < tasks; ++t) {
    const std::int64_t o = t / chunks, c0 = (t % chunks) * kColWidth;
    const std::int64_t w = std::min(kColWidth, inner - c0);
    for (std::int64_t j = 0; j < w; ++j) {
      double v = part[t * segments][j];
      for (std::int64_t s = 1; s < segments; ++s) v = combine(op, v, part[t * segments + s][j]);
      out[o * inner + c0 + j] = finish(op, v, n);
    }
  }
}

// First index holding the row's max (min); a NaN anywhere makes that the
// first NaN, as numpy's argmax and argmin do. Inline: on short rows a call
// per row is a cost of its own.
template <bool kMax>
inline std::int64_t arg_row(const float* p, std::int64_t n) {
  if (n == 0) return 0;
  const float m = extreme_row<kMax>(p, n);
  const bool nan = m != m;
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    int hit = 0;
#pragma omp simd reduction(| : hit)
    for (int j = 0; j < kLanes; ++j) hit |= nan ? p[i + j] != p[i + j] : p[i + j] == m;
    if (hit) break;
  }
  for (; i < n; ++i)
    if (nan ? p[i] != p[i] : p[i] == m) return i;
  return 0;
}

template <bool kMax>
void arg_cols(const float* x, std::int64_t n, std::int64_t stride, std::int64_t w,
              std::int64_t* out) {
  float best[kColWidth];
  std::int64_t idx[kColWidth];
  std::copy_n(x, w, best);
  std::fill_n(idx, w, std::int64_t{0});
  for (std::int64_t r = 1; r < n; ++r) {
    const float* row = x + r * stride;
#pragma omp simd
    for (std::int64_t j = 0; j < w; ++j) {
      const float v = row[j], b = best[j];
      // Strictly better keeps the first occurrence; a NaN is better than any number.
      const bool take = (kMax ? v > b : v < b) | ((v != v) & (b == b));
      best[j] = take ? v : b;
      idx[j] = take ? r : idx[j];
    }
  }
  std::copy_n(idx, w, out);
}

template <bool kMax>
void arg_reduce_impl(const float* x, std::int64_t* out, std::int64_t outer, std::int64_t n,
                     std::int64_t inner) {
  if (n == 0) {
    std::fill_n(out, outer * inner, std::int64_t{0});
    return;
  }
  if (inner == 1)
    return for_each_row(outer, n, kGrain,
                        [&](std::int64_t r) { out[r] = arg_row<kMax>(x + r * n, n); });
  for_each_col_block(outer, n, inner, kGrain, [&](std::int64_t o, std::int64_t c0, std::int64_t w) {
    arg_cols<kMax>(x + o * n * inner + c0, n, inner, w, out + o * inner + c0);
  });
}

}  // namespace

void reduce(ReduceOp op, const Tensor& x, Tensor& out, std::int64_t outer, std::int64_t n,
            std::int64_t inner) {
  if (outer * inner == 0) return;
  const float* px = x.data<float>();
  float* po = out.data<float>();
  if (inner == 1)
    reduce_rows(op, px, po, outer, n);
  else
    reduce_cols(op, px, po, outer, n, inner);
}

void arg_reduce(bool is_max, const Tensor& x, Tensor& out, std::int64_t outer, std::int64_t n,
                std::int64_t inner) {
  if (outer * inner == 0) return;
  const float* px = x.data<float>();
  std::int64_t* po = out.data<std::int64_t>();
  if (is_max)
    arg_reduce_impl<true>(px, po, outer, n, inner);
  else
    arg_reduce_impl<false>(px, po, outer, n, inner);
}

}  // namespace pydeep::ops::cpu
