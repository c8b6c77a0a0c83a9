// The embedding gradient into a reused buffer (the EmbeddingGradFn slot):
// only the rows that the previous batch touched are cleared, and only the
// looked-up rows are written, so a step costs O(lookups x dim), not
// O(input_dim x dim).
#include <cstring>

#include "ops/cpu/cpu_kernels.h"

namespace pydeep::ops::cpu {

void embedding_grad(const Tensor& g, const Tensor& indices, const Tensor& stale, Tensor& out) {
  const std::int64_t dim = out.shape()[1];
  float* o = out.data<float>();
  if (stale.defined()) {
    const std::int64_t* s = stale.data<std::int64_t>();
    for (std::int64_t i = 0, n = stale.numel(); i < n; ++i)
      std::memset(o + s[i] * dim, 0, static_cast<std::size_t>(dim) * sizeof(float));
  }
  const std::int64_t* idx = indices.data<std::int64_t>();
  const float* gp = g.data<float>();
  // In index order, so that repeated indices add up the same way every time.
  for (std::int64_t i = 0, n = indices.numel(); i < n; ++i) {
    float* row = o + idx[i] * dim;
    const float* src = gp + i * dim;
#pragma omp simd
    for (std::int64_t j = 0; j < dim; ++j) row[j] += src[j];
  }
}

}  // namespace pydeep::ops::cpu
