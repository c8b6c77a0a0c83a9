#include "pydeep/ops/linalg.h"

#include "pydeep/ops/elementwise.h"
#include "pydeep/ops/kernels.h"

namespace pydeep::ops {

Tensor matmul(const Tensor& a_in, const Tensor& b_in, bool trans_a, bool trans_b) {
  check(a_in.ndim() >= 1 && b_in.ndim() >= 1, "matmul: expected operands of rank >= 1; "
        "received shapes ", shape_str(a_in.shape()), " and ", shape_str(b_in.shape()));
  check(a_in.device() == b_in.device(), "matmul: operands are on different devices");
  Tensor a = cast(a_in, DType::Float32), b = cast(b_in, DType::Float32);
  const bool a_vec = a.ndim() == 1, b_vec = b.ndim() == 1;
  if (a_vec) { a = a.view({1, a.shape()[0]}); trans_a = false; }
  if (b_vec) { b = b.view({b.shape()[0], 1}); trans_b = false; }

  const int ra = a.ndim(), rb = b.ndim();
  const std::int64_t m = trans_a ? a.shape()[ra - 1] : a.shape()[ra - 2];
  const std::int64_t ka = trans_a ? a.shape()[ra - 2] : a.shape()[ra - 1];
  const std::int64_t kb = trans_b ? b.shape()[rb - 1] : b.shape()[rb - 2];
  const std::int64_t n = trans_b ? b.shape()[rb - 2] : b.shape()[rb - 1];
  check(ka == kb, "matmul: the contracted axes differ (", ka, " vs ", kb, "); received shapes ",
        shape_str(a_in.shape()), " and ", shape_str(b_in.shape()),
        trans_a || trans_b ? " (with a transposed operand)" : "");

  const Shape a_batch(a.shape().begin(), a.shape().end() - 2);
  const Shape b_batch(b.shape().begin(), b.shape().end() - 2);
  const Shape batch = broadcast_shapes(a_batch, b_batch, "matmul (batch axes)");
  const std::int64_t nbatch = numel(batch);

  Shape out_shape = batch;
  if (!a_vec) out_shape.push_back(m);
  if (!b_vec) out_shape.push_back(n);
  Tensor out = Tensor::empty(out_shape, DType::Float32, a.device());
  if (out.numel() == 0) return out;
  const GemmFn gemm = kernels().gemm.get(a.device().type);
  if (ka == 0) {
    kernels().fill.get(a.device().type)(out, 0.0);
    return out;
  }

  // A batch of rows against one shared matrix is a single, larger GEMM.
  if (!trans_a && numel(b_batch) == 1 && numel(a_batch) == nbatch) {
    gemm(false, trans_b, 1, nbatch * m, n, ka, a.data<float>(), 0, b.data<float>(), 0, 0.f,
         out.data<float>(), 0);
    return out;
  }
  auto operand = [&](Tensor t, const Shape& own_batch, std::int64_t& stride) {
    const std::int64_t mat = t.shape()[t.ndim() - 2] * t.shape()[t.ndim() - 1];
    if (numel(own_batch) == 1) {
      stride = 0;
    } else {
      if (own_batch != batch) {
        Shape full = batch;
        full.push_back(t.shape()[t.ndim() - 2]);
        full.push_back(t.shape()[t.ndim() - 1]);
        t = broadcast_to(t, full);
      }
      stride = mat;
    }
    return t;
  };
  std::int64_t sa = 0, sb = 0;
  const Tensor ea = operand(a, a_batch, sa);
  const Tensor eb = operand(b, b_batch, sb);
  gemm(trans_a, trans_b, nbatch, m, n, ka, ea.data<float>(), sa, eb.data<float>(), sb, 0.f,
       out.data<float>(), m * n);
  return out;
}

}  // namespace pydeep::ops
