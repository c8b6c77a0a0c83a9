#pragma once
// Differentiable fused attention (ops/attention.h): one graph node for
// softmax(scale q k^T + mask) v, gradients to q, k and v.
#include "pydeep/core/tensor.h"

namespace pydeep {

// q (B, H, Tq, Dk), k (B, H, Tk, Dk), v (B, H, Tk, Dv) -> (B, H, Tq, Dv).
// mask (B, Tq, Tk) bool or broadcastable to it (undefined = none); causal
// keeps key j <= query i; drop a dropout mask (B, H, Tq, Tk) or undefined.
// probs, when not null, receives the softmax (before dropout; no gradient).
Tensor dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                             const Tensor& mask, float scale, bool causal, const Tensor& drop,
                             Tensor* probs = nullptr);

}  // namespace pydeep
