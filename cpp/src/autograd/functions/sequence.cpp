#include "pydeep/autograd/functions/sequence.h"

#include "pydeep/autograd/node.h"
#include "pydeep/ops/embedding.h"
#include "pydeep/ops/elementwise.h"

namespace pydeep {

Tensor rnn_recurrence(ops::RnnDesc desc, const ops::RnnInputs& in) {
  auto detached = [](const Tensor& t) { return t.defined() ? t.detach() : t; };
  ops::RnnInputs plain{detached(in.zx), detached(in.recurrent_kernel),
                       detached(in.recurrent_bias), detached(in.h0), detached(in.c0),
                       detached(in.mask), detached(in.rec_mask)};
  std::shared_ptr<ops::RnnBuffers> saved = ops::rnn_forward(desc, plain);
  return autograd::record(
      saved->out, "rnn", {in.zx, in.recurrent_kernel, in.recurrent_bias, in.h0, in.c0},
      [desc, saved](const Tensor& g, const std::vector<bool>& needs) {
        ops::RnnInputGrads r = ops::rnn_backward(desc, *saved, g);
        std::vector<Tensor> out{r.dzx, r.drecurrent_kernel, r.drecurrent_bias, r.dh0, r.dc0};
        for (std::size_t i = 0; i < out.size(); ++i)
          if (!needs[i]) out[i] = Tensor();
        return out;
      });
}

Tensor embedding_lookup(const Tensor& table, const Tensor& indices,
                        const std::shared_ptr<EmbeddingGradCache>& cache) {
  Tensor out = ops::embedding_lookup(table, indices);
  const Tensor idx = indices.detach();
  const Shape table_shape = table.shape();
  return autograd::record(
      out, "embedding", {table},
      [idx, table_shape, cache](const Tensor& g, const std::vector<bool>&) {
        // Reuse the buffer only when this cache holds the sole handle on it
        // (and on its storage): then no earlier gradient can change under
        // its holder.
        const bool reuse = cache && cache->buffer.defined() &&
                           cache->buffer.shared_impl().use_count() == 1 &&
                           cache->buffer.storage().use_count() == 1;
        Tensor buffer = reuse ? cache->buffer
                              : Tensor::zeros(table_shape, DType::Float32, g.device());
        ops::embedding_grad(g, idx, reuse ? cache->stale : Tensor(), buffer);
        if (cache) {
          cache->buffer = buffer;
          cache->stale = idx;
        }
        return std::vector<Tensor>{buffer};
      });
}

}  // namespace pydeep
