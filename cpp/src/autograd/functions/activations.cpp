#include "pydeep/autograd/functions/activations.h"

#include "pydeep/autograd/node.h"
#include "pydeep/ops/elementwise.h"
#include "pydeep/ops/reduce.h"

namespace pydeep {
namespace {

using ops::UnaryOp;
using Grads = std::vector<Tensor>;

Tensor activation(const char* name, UnaryOp op, const Tensor& x, float a = 0.f) {
  Tensor y = ops::unary(op, x, a, 0.f);
  return autograd::record(y, name, {x},
                          [op, a, x = x.detach(), y = y.detach()](const Tensor& g,
                                                                  const std::vector<bool>&) {
                            return Grads{ops::unary_grad(op, x, y, g, a, 0.f)};
                          });
}

Tensor softmax_fn(const char* name, const Tensor& x, int axis, bool log) {
  Tensor y = ops::softmax(x, axis, log);
  return autograd::record(y, name, {x},
                          [axis, log, y = y.detach()](const Tensor& g, const std::vector<bool>&) {
                            return Grads{ops::softmax_grad(y, g, axis, log)};
                          });
}

}  // namespace

Tensor relu(const Tensor& x) { return activation("relu", UnaryOp::Relu, x); }
Tensor relu6(const Tensor& x) { return activation("relu6", UnaryOp::Relu6, x); }
Tensor leaky_relu(const Tensor& x, float negative_slope) {
  return activation("leaky_relu", UnaryOp::LeakyRelu, x, negative_slope);
}
Tensor elu(const Tensor& x, float alpha) { return activation("elu", UnaryOp::Elu, x, alpha); }
Tensor selu(const Tensor& x) { return activation("selu", UnaryOp::Selu, x); }
Tensor gelu(const Tensor& x, bool approximate) {
  return approximate ? activation("gelu", UnaryOp::GeluTanh, x)
                     : activation("gelu", UnaryOp::Gelu, x);
}
Tensor sigmoid(const Tensor& x) { return activation("sigmoid", UnaryOp::Sigmoid, x); }
Tensor hard_sigmoid(const Tensor& x) {
  return activation("hard_sigmoid", UnaryOp::HardSigmoid, x);
}
Tensor tanh(const Tensor& x) { return activation("tanh", UnaryOp::Tanh, x); }
Tensor softplus(const Tensor& x) { return activation("softplus", UnaryOp::Softplus, x); }
Tensor softsign(const Tensor& x) { return activation("softsign", UnaryOp::Softsign, x); }
Tensor silu(const Tensor& x) { return activation("silu", UnaryOp::Silu, x); }
Tensor softmax(const Tensor& x, int axis) { return softmax_fn("softmax", x, axis, false); }
Tensor log_softmax(const Tensor& x, int axis) { return softmax_fn("log_softmax", x, axis, true); }

}  // namespace pydeep
