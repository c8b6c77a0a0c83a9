#pragma once
// Differentiable activation functions with Keras 3 semantics and defaults
// (see keras.activations / keras.ops). x: any shape -> same shape, float32.
#include "pydeep/core/tensor.h"

namespace pydeep {

Tensor relu(const Tensor& x);
Tensor relu6(const Tensor& x);
Tensor leaky_relu(const Tensor& x, float negative_slope = 0.2f);
Tensor elu(const Tensor& x, float alpha = 1.0f);
Tensor selu(const Tensor& x);
Tensor gelu(const Tensor& x, bool approximate = true);
Tensor sigmoid(const Tensor& x);
Tensor hard_sigmoid(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor softplus(const Tensor& x);
Tensor softsign(const Tensor& x);
Tensor silu(const Tensor& x);  // also known as swish
// Numerically stable (log_)softmax over `axis`.
Tensor softmax(const Tensor& x, int axis = -1);
Tensor log_softmax(const Tensor& x, int axis = -1);

}  // namespace pydeep
