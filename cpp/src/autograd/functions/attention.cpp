#include "pydeep/autograd/functions/attention.h"

#include <memory>

#include "pydeep/autograd/node.h"
#include "pydeep/ops/attention.h"

namespace pydeep {

Tensor dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                             const Tensor& mask, float scale, bool causal, const Tensor& drop,
                             Tensor* probs) {
  ops::AttentionDesc d;
  d.scale = scale;
  d.causal = causal;
  const Tensor qd = q.detach(), kd = k.detach(), vd = v.detach();
  const Tensor dropd = drop.defined() ? drop.detach() : drop;
  auto saved = std::make_shared<ops::AttentionResult>(
      ops::attention_forward(d, qd, kd, vd, mask.defined() ? mask.detach() : mask, dropd));
  if (probs) *probs = saved->probs;
  return autograd::record(
      saved->out, "attention", {q, k, v},
      [d, qd, kd, vd, dropd, saved](const Tensor& g, const std::vector<bool>& needs) {
        ops::AttentionGrads r = ops::attention_backward(d, qd, kd, vd, dropd, *saved, g);
        std::vector<Tensor> out{r.dq, r.dk, r.dv};
        for (std::size_t i = 0; i < 3; ++i)
          if (!needs[i]) out[i] = Tensor();
        return out;
      });
}

}  // namespace pydeep
