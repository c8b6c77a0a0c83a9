#pragma once
// Scaled dot-product attention as one op, without autograd
// (autograd/functions/attention.h wraps it): per batch and head,
//   probs = softmax(scale * q k^T - 1e9 * !mask)   (the row max subtracted
//           first, so any scale is stable; a fully masked row is uniform, as
//           Keras's -1e9 offset makes it)
//   out   = (probs * drop) v
// q (B, H, Tq, Dk), k (B, H, Tk, Dk), v (B, H, Tk, Dv) float32; mask (B, Tq,
// Tk) bool shared by the heads, or undefined; causal keeps j <= i; drop
// (B, H, Tq, Tk) a dropout mask (0 or 1/(1-rate)), or undefined.
#include "pydeep/ops/kernels.h"

namespace pydeep::ops {

struct AttentionResult {
  Tensor out, probs, dropped;  // dropped undefined without a dropout mask
};
// ValueError naming the shapes when they do not fit.
AttentionResult attention_forward(AttentionDesc& d, const Tensor& q, const Tensor& k,
                                  const Tensor& v, const Tensor& mask, const Tensor& drop);
struct AttentionGrads {
  Tensor dq, dk, dv;
};
AttentionGrads attention_backward(const AttentionDesc& d, const Tensor& q, const Tensor& k,
                                  const Tensor& v, const Tensor& drop,
                                  const AttentionResult& saved, const Tensor& dout);

}  // namespace pydeep::ops
