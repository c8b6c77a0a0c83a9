#include "pydeep/autograd/functions/linalg.h"

#include "pydeep/autograd/node.h"
#include "pydeep/ops/elementwise.h"
#include "pydeep/ops/linalg.h"

namespace pydeep {

Tensor matmul(const Tensor& a, const Tensor& b) {
  Tensor y = ops::matmul(a, b);
  return autograd::record(
      y, "matmul", {a, b},
      [a = a.detach(), b = b.detach()](const Tensor& g_in, const std::vector<bool>& n) {
        // Work on >= 2-D forms (1-D operands were promoted in the forward),
        // then sum over broadcast batch axes back to each operand's shape.
        const Tensor a2 = a.ndim() == 1 ? a.view({1, a.shape()[0]}) : a;
        const Tensor b2 = b.ndim() == 1 ? b.view({b.shape()[0], 1}) : b;
        Shape gs = g_in.shape();
        if (a.ndim() == 1) gs.insert(gs.end() - (b.ndim() == 1 ? 0 : 1), 1);
        if (b.ndim() == 1) gs.push_back(1);
        const Tensor g = g_in.view(gs);
        std::vector<Tensor> out(2);
        if (n[0]) out[0] = ops::sum_to(ops::matmul(g, b2, false, true), a2.shape()).view(a.shape());
        if (n[1]) out[1] = ops::sum_to(ops::matmul(a2, g, true, false), b2.shape()).view(b.shape());
        return out;
      });
}

}  // namespace pydeep
