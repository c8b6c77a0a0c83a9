#include "pydeep/ops/attention.h"

#include "pydeep/ops/elementwise.h"

namespace pydeep::ops {

AttentionResult attention_forward(AttentionDesc& d, const Tensor& q_in, const Tensor& k_in,
                                  const Tensor& v_in, const Tensor& mask_in, const Tensor& drop) {
  const Tensor q = cast(q_in, DType::Float32), k = cast(k_in, DType::Float32),
               v = cast(v_in, DType::Float32);
  check(q.ndim() == 4 && k.ndim() == 4 && v.ndim() == 4, "attention: expected q, k, v of rank 4 "
        "(batch, heads, time, dim); received ", shape_str(q.shape()), ", ", shape_str(k.shape()),
        ", ", shape_str(v.shape()));
  d.batch = q.shape()[0];
  d.heads = q.shape()[1];
  d.tq = q.shape()[2];
  d.dk = q.shape()[3];
  d.tk = k.shape()[2];
  d.dv = v.shape()[3];
  check(k.shape() == Shape{d.batch, d.heads, d.tk, d.dk} &&
            v.shape() == Shape{d.batch, d.heads, d.tk, d.dv},
        "attention: incompatible shapes q ", shape_str(q.shape()), ", k ", shape_str(k.shape()),
        ", v ", shape_str(v.shape()));
  Tensor mask;
  if (mask_in.defined()) {
    mask = broadcast_to(cast(mask_in, DType::Bool), {d.batch, d.tq, d.tk});
  }
  const Shape ps{d.batch, d.heads, d.tq, d.tk};
  if (drop.defined())
    check(drop.shape() == ps, "attention: expected a dropout mask of shape ", shape_str(ps),
          "; received ", shape_str(drop.shape()));
  AttentionResult r;
  r.probs = Tensor::empty(ps, DType::Float32, q.device());
  if (drop.defined()) r.dropped = Tensor::empty(ps, DType::Float32, q.device());
  r.out = Tensor::empty({d.batch, d.heads, d.tq, d.dv}, DType::Float32, q.device());
  if (d.tk == 0 || d.tq == 0) return r;
  kernels().attention_forward.get(q.device().type)(d, q, k, v, mask, drop, r.probs, r.dropped,
                                                    r.out);
  return r;
}

AttentionGrads attention_backward(const AttentionDesc& d, const Tensor& q, const Tensor& k,
                                  const Tensor& v, const Tensor& drop,
                                  const AttentionResult& saved, const Tensor& dout) {
  AttentionGrads g;
  g.dq = Tensor::empty(q.shape(), DType::Float32, q.device());
  g.dk = Tensor::empty(k.shape(), DType::Float32, q.device());
  g.dv = Tensor::empty(v.shape(), DType::Float32, q.device());
  Tensor ds = Tensor::empty(saved.probs.shape(), DType::Float32, q.device());
  kernels().attention_backward.get(q.device().type)(d, cast(q, DType::Float32),
                                                     cast(k, DType::Float32),
                                                     cast(v, DType::Float32), drop, saved.probs,
                                                     saved.dropped,
                                                     cast(dout, DType::Float32), ds, g.dq, g.dk,
                                                     g.dv);
  return g;
}

}  // namespace pydeep::ops
