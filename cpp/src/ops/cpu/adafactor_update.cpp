// The Adafactor update kernel (the AdafactorUpdateFn slot,
// pydeep/ops/kernels.h). Unlike the elementwise rules, Adafactor needs
// reductions (the root mean squares of the variable and of the update, the
// row and column means of the squared gradient), so one call makes three
// passes over the variable: reductions, the factored second moment and the
// update's norm, then the update. Sums are accumulated in double; the
// variable is written only in the last pass, so a gradient aliasing the
// variable is read unchanged. Serial: the reductions would need a
// deterministic parallel order, and Adafactor is rare on the CPU.
#include <algorithm>
#include <cmath>
#include <vector>

#include "ops/cpu/update_support.h"

namespace pydeep::ops::cpu {
namespace {

// The root mean square of n values, as Keras's sqrt(mean(square(x))) in float32.
float rms(double sum_squares, std::int64_t n) {
  return std::sqrt(static_cast<float>(sum_squares / static_cast<double>(n)));
}

}  // namespace

void adafactor_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& r,
                      Tensor& c, Tensor& v, const AdafactorFactors& f) {
  const float* g = grad.data<float>();
  float *w = var.data<float>(), *vp = v.data<float>();
  const std::int64_t n = var.numel();
  const float scale = p.grad_scale, clip = p.clip_value, decay = p.decay;
  const bool has_decay = decay != 0.f;
  const auto weight = [&](std::int64_t k) { return has_decay ? decayed<true>(w[k], decay) : w[k]; };
  const auto prepared = [&](std::int64_t k) { return prepare_grad(g[k], scale, clip); };
  const float beta = f.beta_2_t, one_minus_beta = 1.f - f.beta_2_t;
  if (n == 0) return;

  // alpha = max(epsilon_2, rms(var after weight decay)) * rho_t.
  double w_squares = 0.0;
  for (std::int64_t k = 0; k < n; ++k) w_squares += double(weight(k)) * double(weight(k));
  const float alpha = std::max(f.epsilon_2, rms(w_squares, n)) * f.rho_t;

  // The second moment v, and the sum of squares of u = g / sqrt(v).
  double u_squares = 0.0;
  if (r.defined()) {
    const std::int64_t cols = var.shape().back(), rows = var.shape()[var.ndim() - 2];
    const std::int64_t batches = n / (rows * cols);
    float *rp = r.data<float>(), *cp = c.data<float>();
    thread_local std::vector<double> col_sums;
    col_sums.assign(static_cast<std::size_t>(cols), 0.0);
    for (std::int64_t b = 0; b < batches; ++b) {
      std::fill(col_sums.begin(), col_sums.end(), 0.0);
      double r_sum = 0.0;
      for (std::int64_t i = 0; i < rows; ++i) {
        const std::int64_t base = (b * rows + i) * cols;
        double row_sum = 0.0;
        for (std::int64_t j = 0; j < cols; ++j) {
          const float gk = prepared(base + j);
          const float regulated = gk * gk + f.epsilon_1;
          row_sum += regulated;
          col_sums[j] += regulated;
        }
        float& ri = rp[b * rows + i];
        ri = beta * ri + one_minus_beta * static_cast<float>(row_sum / double(cols));
        r_sum += ri;
      }
      for (std::int64_t j = 0; j < cols; ++j) {
        float& cj = cp[b * cols + j];
        cj = beta * cj + one_minus_beta * static_cast<float>(col_sums[j] / double(rows));
      }
      const float r_mean = static_cast<float>(r_sum / double(rows));
      for (std::int64_t i = 0; i < rows; ++i) {
        const float ratio = rp[b * rows + i] / r_mean;
        const std::int64_t base = (b * rows + i) * cols;
        for (std::int64_t j = 0; j < cols; ++j) {
          const float vk = ratio * cp[b * cols + j];
          vp[base + j] = vk;
          const float u = prepared(base + j) / std::sqrt(vk);
          u_squares += double(u) * double(u);
        }
      }
    }
  } else {
    for (std::int64_t k = 0; k < n; ++k) {
      const float gk = prepared(k);
      const float vk = beta * vp[k] + one_minus_beta * (gk * gk + f.epsilon_1);
      vp[k] = vk;
      const float u = gk / std::sqrt(vk);
      u_squares += double(u) * double(u);
    }
  }

  // var -= alpha * u / max(1, rms(u) / clip_threshold).
  const float denom = std::max(1.f, rms(u_squares, n) / f.clip_threshold);
  for (std::int64_t k = 0; k < n; ++k) {
    const float u = prepared(k) / std::sqrt(vp[k]);
    w[k] = weight(k) - alpha * (u / denom);
  }
}

}  // namespace pydeep::ops::cpu
