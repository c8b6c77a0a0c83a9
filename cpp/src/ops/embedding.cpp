#include "pydeep/ops/embedding.h"

#include "pydeep/ops/elementwise.h"
#include "pydeep/ops/kernels.h"

namespace pydeep::ops {

Tensor embedding_indices(const Tensor& indices, std::int64_t n, const std::string& where) {
  Tensor idx = cast(indices, DType::Int64);
  if (idx.is_same(indices)) idx = idx.clone();
  check<NotImplementedError>(idx.device().type == DeviceType::CPU, where,
                             ": index checks need CPU indices");
  std::int64_t* p = idx.data<std::int64_t>();
  for (std::int64_t i = 0, m = idx.numel(); i < m; ++i) {
    const std::int64_t v = p[i] < 0 ? p[i] + n : p[i];
    if (v < 0 || v >= n)
      throw IndexError(str(where, ": expected indices in [0, ", n, ") (input_dim=", n,
                           "); received index ", p[i]));
    p[i] = v;
  }
  return idx;
}

Tensor embedding_lookup(const Tensor& table, const Tensor& idx) {
  check(table.ndim() == 2, "embedding_lookup: expected a table of rank 2; received ",
        shape_str(table.shape()));
  Shape shape = idx.shape();
  shape.push_back(table.shape()[1]);
  Tensor out = Tensor::empty(shape, table.dtype(), table.device());
  if (out.numel() > 0) kernels().take.get(table.device().type)(table, idx, 0, out);
  return out;
}

void embedding_grad(const Tensor& g, const Tensor& idx, const Tensor& stale, Tensor& buffer) {
  check(g.numel() == idx.numel() * buffer.shape()[1], "embedding_grad: expected ",
        idx.numel(), " gradient rows of size ", buffer.shape()[1], "; received shape ",
        shape_str(g.shape()));
  kernels().embedding_grad.get(buffer.device().type)(cast(g, DType::Float32), idx, stale, buffer);
}

}  // namespace pydeep::ops
