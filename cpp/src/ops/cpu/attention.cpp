// Fused scaled dot-product attention (the AttentionForwardFn /
// AttentionBackwardFn slots): two batched GEMMs around a row-wise masked,
// max-subtracted softmax, so scores never leave this kernel as a graph of
// small ops. Backward: dV = P^T dO, dP = dO V^T, dS = P (dP - rowsum(dP P)),
// dQ = scale dS K, dK = scale dS^T Q.
#include <algorithm>
#include <cmath>

#include "ops/cpu/cpu_kernels.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {
constexpr float kMaskedOffset = 1e9f;  // Keras's large negative for float32
}

void attention_forward(const AttentionDesc& d, const Tensor& q, const Tensor& k, const Tensor& v,
                       const Tensor& mask, const Tensor& drop, Tensor& probs, Tensor& dropped,
                       Tensor& out) {
  const GemmFn gemm = select_gemm();
  const std::int64_t BH = d.batch * d.heads, Tq = d.tq, Tk = d.tk;
  float* p = probs.data<float>();
  gemm(false, true, BH, Tq, Tk, d.dk, q.data<float>(), Tq * d.dk, k.data<float>(), Tk * d.dk,
       0.f, p, Tq * Tk);
  const bool* m = mask.defined() ? mask.data<bool>() : nullptr;
  parallel_for(BH * Tq, std::max<std::int64_t>(1, 8192 / std::max<std::int64_t>(Tk, 1)),
               [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t r = begin; r < end; ++r) {
      const std::int64_t bh = r / Tq, i = r % Tq, b = bh / d.heads;
      float* row = p + r * Tk;
      const bool* mrow = m ? m + (b * Tq + i) * Tk : nullptr;
      float mx = -INFINITY;
      for (std::int64_t j = 0; j < Tk; ++j) {
        float s = row[j] * d.scale;
        const bool keep = (!mrow || mrow[j]) && (!d.causal || j <= i);
        if (!keep) s -= kMaskedOffset;
        row[j] = s;
        mx = std::max(mx, s);
      }
      for (std::int64_t j = 0; j < Tk; ++j) row[j] -= mx;
      unary_span(UnaryOp::Exp, row, row, Tk, 0.f, 0.f);  // the vectorised exp
      float sum = 0.f;
      for (std::int64_t j = 0; j < Tk; ++j) sum += row[j];
      const float inv = 1.f / sum;
      for (std::int64_t j = 0; j < Tk; ++j) row[j] *= inv;
      if (drop.defined()) {
        const float* dr = drop.data<float>() + r * Tk;
        float* o = dropped.data<float>() + r * Tk;
        for (std::int64_t j = 0; j < Tk; ++j) o[j] = row[j] * dr[j];
      }
    }
  });
  const float* pa = drop.defined() ? dropped.data<float>() : p;
  gemm(false, false, BH, Tq, d.dv, Tk, pa, Tq * Tk, v.data<float>(), Tk * d.dv, 0.f,
       out.data<float>(), Tq * d.dv);
}

void attention_backward(const AttentionDesc& d, const Tensor& q, const Tensor& k,
                        const Tensor& v, const Tensor& drop, const Tensor& probs,
                        const Tensor& dropped, const Tensor& dout, Tensor& ds, Tensor& dq,
                        Tensor& dk, Tensor& dv) {
  const GemmFn gemm = select_gemm();
  const std::int64_t BH = d.batch * d.heads, Tq = d.tq, Tk = d.tk;
  const float* p = probs.data<float>();
  const float* pa = drop.defined() ? dropped.data<float>() : p;
  const float* go = dout.data<float>();
  gemm(true, false, BH, Tk, d.dv, Tq, pa, Tq * Tk, go, Tq * d.dv, 0.f, dv.data<float>(),
       Tk * d.dv);
  float* s = ds.data<float>();
  gemm(false, true, BH, Tq, Tk, d.dv, go, Tq * d.dv, v.data<float>(), Tk * d.dv, 0.f, s,
       Tq * Tk);
  parallel_for(BH * Tq, std::max<std::int64_t>(1, 8192 / std::max<std::int64_t>(Tk, 1)),
               [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t r = begin; r < end; ++r) {
      float* row = s + r * Tk;
      const float* pr = p + r * Tk;
      if (drop.defined()) {
        const float* dr = drop.data<float>() + r * Tk;
        for (std::int64_t j = 0; j < Tk; ++j) row[j] *= dr[j];
      }
      float dot = 0.f;
      for (std::int64_t j = 0; j < Tk; ++j) dot += row[j] * pr[j];
      for (std::int64_t j = 0; j < Tk; ++j) row[j] = pr[j] * (row[j] - dot) * d.scale;
    }
  });
  gemm(false, false, BH, Tq, d.dk, Tk, s, Tq * Tk, k.data<float>(), Tk * d.dk, 0.f,
       dq.data<float>(), Tq * d.dk);
  gemm(true, false, BH, Tk, d.dk, Tq, s, Tq * Tk, q.data<float>(), Tq * d.dk, 0.f,
       dk.data<float>(), Tk * d.dk);
}

}  // namespace pydeep::ops::cpu
