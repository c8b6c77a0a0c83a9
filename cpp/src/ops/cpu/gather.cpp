// Gathers along one axis and their adjoint. x is viewed as (outer, n, inner)
// around the gathered axis and the k = indices.numel() picks as
// (outer, k, inner); each pick moves one contiguous block of inner elements.
// take dispatches on element size (1, 4 or 8 bytes), not on dtype.
#include <algorithm>
#include <cstring>

#include "ops/cpu/cpu_kernels.h"
#include "ops/cpu/kernel_support.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {

constexpr std::int64_t kGrain = kElementwiseGrain;  // per thread, as for elementwise work
constexpr std::int64_t kMinCols = 64;   // columns per scatter task: 4 cache lines per pick

struct Dims {
  std::int64_t outer = 1, n = 1, inner = 1;
};

Dims dims_around(const Shape& shape, int axis) {
  Dims d;
  for (int i = 0; i < axis; ++i) d.outer *= shape[i];
  d.n = shape[axis];
  for (std::size_t i = axis + 1; i < shape.size(); ++i) d.inner *= shape[i];
  return d;
}

template <typename T>
void take_impl(const T* x, const std::int64_t* idx, std::int64_t k, const Dims& d, T* out) {
  const std::int64_t picks = d.outer * k;
  if (d.inner == 1) {
    parallel_for(picks, kGrain, [&](std::int64_t begin, std::int64_t end) {
      std::int64_t o = begin / k, j = begin % k;
      for (std::int64_t p = begin; p < end; ++p) {
        out[p] = x[o * d.n + idx[j]];
        if (++j == k) {
          j = 0;
          ++o;
        }
      }
    });
    return;
  }
  // Short blocks are cheaper as a typed loop than as a memcpy call.
  const bool use_memcpy = d.inner * static_cast<std::int64_t>(sizeof(T)) >= 64;
  parallel_for(picks, std::max<std::int64_t>(1, kGrain / d.inner),
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t p = begin; p < end; ++p) {
                   const T* src = x + ((p / k) * d.n + idx[p % k]) * d.inner;
                   T* dst = out + p * d.inner;
                   if (use_memcpy)
                     std::memcpy(dst, src, static_cast<std::size_t>(d.inner) * sizeof(T));
                   else
                     std::copy_n(src, d.inner, dst);
                 }
               });
}

}  // namespace

void take(const Tensor& x, const Tensor& indices, int axis, Tensor& out) {
  if (out.numel() == 0) return;
  const Dims d = dims_around(x.shape(), axis);
  const std::int64_t* idx = indices.data<std::int64_t>();
  with_element_type(dtype_size(x.dtype()), [&](auto tag) {
    using T = decltype(tag);
    take_impl(static_cast<const T*>(x.raw_data()), idx, indices.numel(), d,
              static_cast<T*>(out.raw_data()));
  });
}

// Repeated indices make different picks add into the same element, so the
// work is split across outer rows and column blocks, never across picks:
// each element is owned by one task and summed in pick order, which also
// makes the result independent of the thread count.
void take_grad(const Tensor& g, const Tensor& indices, int axis, Tensor& out) {
  const std::int64_t k = indices.numel();
  if (out.numel() == 0 || k == 0) return;
  const Dims d = dims_around(out.shape(), axis);
  const std::int64_t* idx = indices.data<std::int64_t>();
  const float* pg = g.data<float>();
  float* po = out.data<float>();

  if (d.inner == 1) {
    parallel_for(d.outer, std::max<std::int64_t>(1, kGrain / k),
                 [&](std::int64_t begin, std::int64_t end) {
                   for (std::int64_t o = begin; o < end; ++o) {
                     const float* gr = pg + o * k;
                     float* orow = po + o * d.n;
                     for (std::int64_t j = 0; j < k; ++j) orow[idx[j]] += gr[j];
                   }
                 });
    return;
  }
  // An embedding gradient has outer == 1: there column blocks carry the
  // parallelism. Their number may follow the thread count, since the order
  // of the adds into any one element does not depend on it.
  const std::int64_t threads = get_num_threads();
  std::int64_t chunks = 1;
  if (d.outer < threads)
    chunks = std::clamp<std::int64_t>((threads + d.outer - 1) / d.outer, 1,
                                      std::max<std::int64_t>(1, d.inner / kMinCols));
  const std::int64_t cols = ((d.inner + chunks - 1) / chunks + kMinCols - 1) / kMinCols * kMinCols;
  chunks = (d.inner + cols - 1) / cols;
  const std::int64_t work = k * std::min(cols, d.inner);
  parallel_for(d.outer * chunks, std::max<std::int64_t>(1, kGrain / work),
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t t = begin; t < end; ++t) {
                   const std::int64_t o = t / chunks, c0 = (t % chunks) * cols;
                   const std::int64_t w = std::min(cols, d.inner - c0);
                   const float* gb = pg + o * k * d.inner + c0;
                   float* ob = po + o * d.n * d.inner + c0;
                   for (std::int64_t j = 0; j < k; ++j) {
                     const float* gr = gb + j * d.inner;
                     float* orow = ob + idx[j] * d.inner;
#pragma omp simd
                     for (std::int64_t c = 0; c < w; ++c) orow[c] += gr[c];
                   }
                 }
               });
}

// Keras/TF: an index outside [0, num_classes) gives an all-zero row.
void one_hot(const Tensor& indices, std::int64_t num_classes, Tensor& out) {
  const std::int64_t k = indices.numel();
  if (k == 0 || num_classes == 0) return;
  const std::int64_t* idx = indices.data<std::int64_t>();
  float* po = out.data<float>();
  parallel_for(k, std::max<std::int64_t>(1, kGrain / num_classes),
               [&](std::int64_t begin, std::int64_t end) {
                 std::fill(po + begin * num_classes, po + end * num_classes, 0.0f);
                 for (std::int64_t j = begin; j < end; ++j)
                   if (idx[j] >= 0 && idx[j] < num_classes) po[j * num_classes + idx[j]] = 1.0f;
               });
}

}  // namespace pydeep::ops::cpu
