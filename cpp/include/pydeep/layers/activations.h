#pragma once
// Keras activation functions by name, for layers' `activation` argument.
#include <functional>
#include <string>

#include "pydeep/core/json.h"
#include "pydeep/core/tensor.h"

namespace pydeep::layers {

using ActivationFn = Tensor (*)(const Tensor&);

// "relu", "sigmoid", "softmax", "tanh", "linear" (or null: identity), "elu",
// "selu", "gelu", "softplus", "softsign", "swish"/"silu", "leaky_relu",
// "relu6", "hard_sigmoid", "exponential", "log_softmax", "mish". Throws
// ValueError listing the known names for anything else.
ActivationFn get_activation(const Json& spec);
// The canonical name to store in get_config ("linear" for null).
std::string activation_name(const Json& spec);

}  // namespace pydeep::layers
